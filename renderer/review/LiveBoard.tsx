import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveCall, LiveSdp } from '../../shared/api/live';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { errorText, type UiError } from '../errors';
import { answerOffer, type LiveLeg } from '../live/live-media';
import { shortDateTime } from './format';
import { ReasonDialog } from './ReasonDialog';

/** How often the team's live calls are refreshed while review is open. */
const REFRESH_MS = 3000;
/** How often the level meters read the legs' received energy. */
const METER_MS = 500;

interface Listening {
  readonly sessionId: string;
  readonly callId: string;
  readonly legs: readonly { readonly party: string; readonly leg: LiveLeg }[];
}

/**
 * The team's calls in progress and listening to one (issue 15 item 5): the lead says why (access log),
 * the media edge offers one leg per party (rtpengine 10.5 does not mix, decision 0062), this page
 * answers each and plays both: that is the mix. A level meter per party shows who is speaking. Leaving
 * review, the call ending or Stop ends the session.
 */
export function LiveBoard({ locale }: { readonly locale: Locale }) {
  const { t } = useTranslation();
  const bridge = getBridge();
  const [calls, setCalls] = useState<readonly LiveCall[]>([]);
  const [asking, setAsking] = useState<string | null>(null);
  const [listening, setListening] = useState<Listening | null>(null);
  const [levels, setLevels] = useState<Readonly<Record<string, number>>>({});
  const [error, setError] = useState<UiError | null>(null);
  const current = useRef<Listening | null>(null);
  current.current = listening;

  useEffect(() => {
    let live = true;
    const load = (): void => {
      unwrap(bridge.live.calls(undefined)).then(
        (r) => live && setCalls(r.items),
        () => undefined, // the next refresh tries again
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [bridge]);

  const end = (l: Listening): void => {
    l.legs.forEach((x) => x.leg.close());
    void unwrap(bridge.live.end({ sessionId: l.sessionId })).catch(() => undefined);
  };

  // Leaving review stops listening (the ref holds the session at that moment).
  useEffect(
    () => () => {
      const l = current.current;
      if (!l) return;
      l.legs.forEach((x) => x.leg.close());
      void unwrap(bridge.live.end({ sessionId: l.sessionId })).catch(() => undefined);
    },
    [bridge],
  );

  // The call ended: stop playing it.
  useEffect(() => {
    if (listening && !calls.some((c) => c.callId === listening.callId)) {
      listening.legs.forEach((x) => x.leg.close());
      setListening(null);
    }
  }, [calls, listening]);

  // Level meters: energy received per party since the last reading.
  useEffect(() => {
    if (!listening) return undefined;
    let last: Record<string, number> = {};
    const timer = setInterval(() => {
      void Promise.all(listening.legs.map(async (x) => [x.party, (await x.leg.inboundEnergy()).reduce((a, b) => a + b, 0)] as const)).then((now) => {
        const next: Record<string, number> = {};
        for (const [party, total] of now) next[party] = Math.max(0, total - (last[party] ?? total));
        last = Object.fromEntries(now);
        setLevels(next);
      });
    }, METER_MS);
    return () => clearInterval(timer);
  }, [listening]);

  const listen = async (callId: string, reason: string): Promise<LiveSdp> => {
    if (current.current) {
      end(current.current);
      setListening(null);
    }
    const offer = await unwrap(bridge.live.listen({ callId, reason }));
    const legs: { party: string; leg: LiveLeg }[] = [];
    try {
      const answers: { id: string; sdp: string }[] = [];
      for (const o of offer.legs) {
        const r = await answerOffer(o.sdp);
        legs.push({ party: o.party, leg: r.leg });
        answers.push({ id: o.id, sdp: r.answerSdp });
      }
      await unwrap(bridge.live.answer({ sessionId: offer.session.id, legs: answers }));
      setListening({ sessionId: offer.session.id, callId, legs });
      return offer;
    } catch (err) {
      legs.forEach((x) => x.leg.close());
      void unwrap(bridge.live.end({ sessionId: offer.session.id })).catch(() => undefined);
      throw err;
    }
  };

  return (
    <section className="live-board" aria-labelledby="live-board-title" data-testid="live-board">
      <h2 id="live-board-title">{t('review.live.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {t('review.loadFailed', { message: errorText(error, t) })}
        </p>
      )}
      {calls.length === 0 ? (
        <p className="muted" data-testid="live-none">
          {t('review.live.none')}
        </p>
      ) : (
        <ul className="live-calls">
          {calls.map((c) => {
            const on = listening?.callId === c.callId;
            return (
              <li key={c.callId} data-testid="live-call" data-call-id={c.callId} data-listening={on ? 'true' : 'false'}>
                <span>
                  <strong>{c.agentName}</strong>{' '}
                  <span className="muted">
                    {t('review.live.since', { at: shortDateTime(c.answeredAt ?? c.startedAt, locale) })}
                    {c.recording ? ` · ${t(`review.live.recording.${c.recording}`, { defaultValue: c.recording })}` : ''}
                    {c.sessions.length > 0 ? ` · ${t('review.live.listeners', { n: c.sessions.length })}` : ''}
                  </span>
                </span>
                {on ? (
                  <span className="live-controls">
                    {listening.legs.map((x) => (
                      <meter
                        key={x.party}
                        className="live-meter"
                        min={0}
                        max={0.05}
                        value={Math.min(0.05, levels[x.party] ?? 0)}
                        aria-label={t(`review.live.level.${x.party}`, { defaultValue: x.party })}
                        data-testid="live-meter"
                        data-party={x.party}
                        data-energy={levels[x.party] ?? 0}
                      />
                    ))}
                    <button type="button" className="btn btn-small" onClick={() => (end(listening), setListening(null))} data-testid="live-stop">
                      {t('review.live.stop')}
                    </button>
                  </span>
                ) : (
                  <button type="button" className="btn btn-small btn-primary" onClick={() => (setError(null), setAsking(c.callId))} data-testid="live-listen">
                    {t('review.live.listen')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {asking && (
        <ReasonDialog<LiveSdp>
          title={t('review.live.reasonTitle')}
          hint={t('review.live.reasonHint')}
          confirmLabel={t('review.live.listen')}
          testId="listen"
          run={({ reason }) => listen(asking, reason)}
          onDone={() => setAsking(null)}
          onClose={() => setAsking(null)}
        />
      )}
    </section>
  );
}


