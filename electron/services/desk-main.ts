import type { ExportFile } from '../../shared/api/review-exports';
import { ROUTES } from '../../shared/api/routes';
import type { ConsentEvent } from '../../shared/domain/consent-event';
import { IPC_CHANNELS, type IpcChannels, type IpcEventName, type IpcEvents } from '../../shared/ipc/channels';
import type { z } from 'zod';
import { ApiClient, ApiError } from '../api/api-client';
import type { TokenVault } from '../credentials/token-vault';
import { createDispatcher, HandlerError, type Handlers } from '../ipc/dispatch';
import { Deliverer, type DeliveryReceipt } from '../outbox/delivery';
import type { Outbox } from '../outbox/outbox';
import type { SettingsStore } from '../settings/settings-store';
import type { Settings } from '../../shared/ipc/settings';
import { mayOpenExternal } from '../window/security';

export interface DeskMainDeps {
  readonly settings: SettingsStore;
  readonly vault: TokenVault;
  /** The SIP password's vault. */
  readonly sipVault: TokenVault;
  readonly outbox: Outbox;
  /** Sends a main -> renderer event (webContents.send in the app; the page binding in tests). */
  readonly emit: <E extends IpcEventName>(event: E, payload: z.input<IpcEvents[E]>) => void;
  readonly openExternal: (url: string) => Promise<void>;
  readonly fetchImpl?: typeof fetch;
  readonly log?: (message: string) => void;
  /** Called after settings were stored (the app reloads the window when the CSP must change). */
  readonly onSettingsChanged?: (previous: Settings, next: Settings) => void;
}

/**
 * The main process's services behind the IPC channels, as plain Node code: settings, session, the
 * API client and the durable outbox with its delivery. Electron glue (electron/main.ts) and the
 * Chromium test harness both serve these handlers through `dispatch`.
 */
export function createDeskMain(deps: DeskMainDeps) {
  const { settings, vault, outbox, emit } = deps;
  const log = deps.log ?? (() => undefined);
  let session: { user: z.output<IpcChannels['session:login']['response']>['user']; tokenExpiresAt: string; persisted: boolean } | undefined;

  const api = new ApiClient(() => settings.get().apiUrl, () => vault.load(), deps.fetchImpl);

  /** Maps API errors to bridge errors; a 401 also tells the desk to show the login. */
  async function viaApi<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 401 && session) {
          session = undefined;
          vault.clear();
          emit('session:expired', null);
        }
        throw new HandlerError({
          code: err.status === 0 ? 'api-unreachable' : 'api-error',
          message: err.message,
          status: err.status,
          ...(err.problem ? { problemType: err.problem.type } : {}),
          ...(err.problem?.errors ? { fields: err.problem.errors.map((e) => ({ path: e.pointer, message: e.message })) } : {}),
        });
      }
      throw err;
    }
  }

  async function sendBatch(events: readonly ConsentEvent[]): Promise<DeliveryReceipt> {
    if (!vault.load()) throw new Error('not logged in: events wait in the outbox');
    try {
      const res = await api.call('ingestEvents', { body: { events } });
      return { accepted: res.results.map((r) => r.eventId), refused: [] };
    } catch (err) {
      // A 4xx naming one event (`/events/3/...`) refuses that event for good; the rest are retried.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429) {
        const pointer = err.problem?.errors?.[0]?.pointer ?? '';
        const index = /^\/events\/(\d+)/.exec(pointer)?.[1];
        const event = index === undefined ? undefined : events[Number(index)];
        if (event) return { accepted: [], refused: [{ eventId: event.eventId, reason: `${err.status} ${err.message}` }] };
      }
      if (err instanceof ApiError && err.status === 401) emit('session:expired', null);
      throw err;
    }
  }

  const deliverer = new Deliverer(outbox, sendBatch);
  outbox.onChange((s) => emit('outbox:changed', s));

  const handlers: Handlers<IpcChannels> = {
    'settings:get': async () => settings.get(),
    'settings:update': async (patch) => {
      const previous = settings.get();
      const next = settings.update(patch);
      deliverer.kick();
      deps.onSettingsChanged?.(previous, next);
      return next;
    },
    'session:login': async (credentials) => {
      const res = await viaApi(() => api.call('login', { body: credentials }));
      const stored = vault.save(res.token);
      session = { user: res.user, tokenExpiresAt: res.expiresAt, persisted: stored.persisted };
      if (!stored.persisted) log(`session token kept in memory only (${stored.reason})`);
      deliverer.kick();
      return session;
    },
    'session:current': async () => {
      if (session) return session;
      if (!vault.load()) return null;
      try {
        const me = await api.call('me');
        session = { user: me.user, tokenExpiresAt: me.tokenExpiresAt, persisted: vault.refusal() === undefined };
        return session;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) vault.clear();
        return null;
      }
    },
    'session:logout': async () => {
      session = undefined;
      vault.clear();
      return null;
    },
    'sip:credentials': async () => ({ password: deps.sipVault.load() ?? null }),
    'sip:setPassword': async ({ password }) => ({ persisted: deps.sipVault.save(password).persisted }),
    'campaigns:list': () => viaApi(() => api.call('listCampaigns')),
    'leads:next': ({ campaignId, leadId }) =>
      viaApi(() => api.call('nextLead', { params: { id: campaignId }, body: leadId === undefined ? {} : { leadId } })),
    'leads:get': ({ leadId }) => viaApi(() => api.call('getLead', { params: { id: leadId } })),
    'leads:optOut': ({ leadId, request }) => viaApi(() => api.call('optOut', { params: { id: leadId }, body: request })),
    'dial:authorize': ({ leadId }) => viaApi(() => api.call('authorizeDial', { params: { id: leadId }, body: {} })),
    'calls:create': (body) => viaApi(() => api.call('createCall', { body })),
    'calls:update': ({ callId, change }) => viaApi(() => api.call('updateCall', { params: { id: callId }, body: change })),
    'calls:list': (query) => viaApi(() => api.call('listCalls', { query: query as Record<string, string | number | undefined> })),
    'calls:get': ({ callId }) => viaApi(() => api.call('getCall', { params: { id: callId } })),
    'consent:record': async ({ events }) => {
      const status = await outbox.enqueue(events);
      deliverer.kick();
      return status;
    },
    'outbox:status': async () => outbox.status(),
    'review:directory': () => viaApi(() => api.call('reviewDirectory')),
    'review:kpis': (query) => viaApi(() => api.call('reviewKpis', { query: asQuery(query) })),
    'review:compliance': (query) => viaApi(() => api.call('reviewCompliance', { query: asQuery(query) })),
    'review:calls': (query) => viaApi(() => api.call('reviewCalls', { query: asQuery(query) })),
    'review:timeline': ({ callId }) => viaApi(() => api.call('reviewTimeline', { params: { id: callId } })),
    'review:exportCalls': (body) => viaApi(() => exportAsFile(api, 'exportCalls', body)),
    'review:exportEvidence': (body) => viaApi(() => exportAsFile(api, 'exportEvidence', body)),
    'review:accessLog': (query) => viaApi(() => api.call('accessLog', { query: asQuery(query) })),
    'practice:scenarios': () => viaApi(() => api.call('listPracticeScenarios')),
    'practice:scenario': ({ id }) => viaApi(() => api.call('getPracticeScenario', { params: { id } })),
    'practice:createScenario': (body) => viaApi(() => api.call('createPracticeScenario', { body })),
    'practice:updateScenario': ({ id, ...body }) => viaApi(() => api.call('updatePracticeScenario', { params: { id }, body })),
    'practice:submitAttempt': (body) => viaApi(() => api.call('submitPracticeAttempt', { body })),
    'practice:attempts': (query) => viaApi(() => api.call('listPracticeAttempts', { query: query as Record<string, string | number | undefined> })),
    'practice:attempt': ({ id }) => viaApi(() => api.call('getPracticeAttempt', { params: { id } })),
    'practice:progress': (query) => viaApi(() => api.call('practiceProgress', { query: query as Record<string, string | undefined> })),
    'practice:line': () => viaApi(() => api.call('practiceLine')),
    'practice:voiceCall': (body) => viaApi(() => api.call('createPracticeVoiceCall', { body })),
    'practice:audio': ({ id }) => viaApi(() => api.call('getPracticeAudio', { params: { id } })),
    'app:openExternal': async ({ url }) => {
      if (!mayOpenExternal(url)) return false;
      await deps.openExternal(url);
      return true;
    },
  };

  const dispatch = createDispatcher(IPC_CHANNELS, handlers, (channel, err) => log(`ipc ${channel} failed: ${err instanceof Error ? err.message : String(err)}`));

  return {
    dispatch,
    handlers,
    deliverer,
    api,
    routes: ROUTES,
    start(): void {
      deliverer.start();
    },
    async stop(): Promise<void> {
      await deliverer.stop();
    },
  };
}

export type DeskMain = ReturnType<typeof createDeskMain>;

/** A parsed review query as URL query values (all its fields are strings or numbers). */
function asQuery(q: object): Record<string, string | number | undefined> {
  return q as Record<string, string | number | undefined>;
}

/** A streamed export read whole, for the renderer to offer as a download. */
async function exportAsFile(api: ApiClient, name: 'exportCalls' | 'exportEvidence', body: unknown): Promise<ExportFile> {
  const res = await api.open(name, { body });
  const content = await res.text();
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'callgate-export';
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim();
  const mediaType = type === 'text/csv' || type === 'text/html' ? type : 'application/json';
  const lines = content.split('\r\n').filter((l) => l.length > 0).length;
  return { fileName, mediaType, content, rows: mediaType === 'text/csv' ? Math.max(0, lines - 1) : 0, truncated: false, generatedAt: new Date().toISOString() };
}
