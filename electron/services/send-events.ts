import type { ConsentEvent } from '../../shared/domain/consent-event';
import type { OutboxRefusal } from '../../shared/ipc/outbox';
import { ApiError, type ApiClient } from '../api/api-client';
import { BatchRefusedError, type DeliveryReceipt, type SendBatch } from '../outbox/delivery';

/**
 * Statuses that refuse a request for good: sending it again gets the same answer. Anything else
 * (network, 404/405 from a misrouted proxy, 408, 429, 5xx, an HTML 502) is worth a retry, and a 401
 * waits for the next sign-in.
 */
const PERMANENT = new Set([400, 403, 409, 413, 415, 422]);

function refusalOf(err: ApiError): OutboxRefusal {
  const p = err.problem;
  return {
    type: p?.type ?? 'about:blank',
    title: p?.title ?? `HTTP ${err.status}`,
    detail: p?.detail ?? err.message,
    ruleId: p?.ruleId ?? null,
    status: err.status,
  };
}

/**
 * Delivers one outbox batch to `POST /v1/consent-events` and sorts the answer: stored or duplicate
 * events are delivered; an event the server's replay refused is set aside with its refusal; a permanent
 * refusal naming one event (`/events/3/...`) sets that one aside; a permanent refusal of the request
 * as a whole is a BatchRefusedError (the deliverer narrows it down); anything else is thrown as
 * transient.
 */
export function createSendEvents(api: ApiClient, signedIn: () => boolean, onUnauthorized: () => void): SendBatch {
  return async (events: readonly ConsentEvent[]): Promise<DeliveryReceipt> => {
    if (!signedIn()) throw new Error('not signed in: events wait in the outbox');
    try {
      const res = await api.call('ingestEvents', { body: { events: [...events] } });
      const accepted: string[] = [];
      const refused: { eventId: string; refusal: OutboxRefusal }[] = [];
      for (const r of res.results) {
        if (r.status !== 'refused') accepted.push(r.eventId);
        else {
          const x = r.refusal;
          refused.push({
            eventId: r.eventId,
            refusal: { type: x?.type ?? 'about:blank', title: x?.title ?? 'refused', detail: x?.detail ?? '', ruleId: x?.ruleId ?? null, status: null },
          });
        }
      }
      return { accepted, refused };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) {
        onUnauthorized();
        throw err;
      }
      if (!PERMANENT.has(err.status)) throw err;
      // A refusal naming one event sets that one aside; the others are sent again at once.
      const pointer = err.problem?.errors?.find((e) => /^\/events\/\d+/.test(e.pointer))?.pointer ?? '';
      const index = /^\/events\/(\d+)/.exec(pointer)?.[1];
      const event = index === undefined ? undefined : events[Number(index)];
      if (event) return { accepted: [], refused: [{ eventId: event.eventId, refusal: refusalOf(err) }] };
      throw new BatchRefusedError(refusalOf(err));
    }
  };
}
