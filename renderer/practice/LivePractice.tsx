import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeLiveCall } from '../../shared/api/practice';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { useDesk } from '../desk/context';
import { answerOffer, type LiveLeg } from '../live/live-media';
import { rtcIceServers } from '../phone/prewarm';
import { errorText, toUiError, type UiError } from '../errors';

/** How often the list of voice practice calls on the line is refreshed while the page is open. */
const REFRESH_MS = 3000;

interface Listening {
  readonly sessionId: string;
  readonly callId: string;
  readonly legs: readonly LiveLeg[];
}

/**
 * The trainer's live board of voice practice (issue 17): the calls on the practice line now, and
 * listening to one, on issue 15's live listen (the media edge offers the trainee and the simulated
 * customer on a leg each; this page plays both). The trainee's desk shows that a trainer listens.
 */
export function LivePractice({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const bridge = getBridge();
  // The site's provisioned ICE servers (decision 0015).
  const iceServers = useDesk((s) => s.connection?.sip.iceServers);
  const [calls, setCalls] = useState<PracticeLiveCall[]>([]);
  const [listening, setListening] = useState<Listening | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const current = useRef<Listening | null>(null);
  current.current = listening;

  useEffect(() => {
    let live = true;
    const load = (): void => {
      unwrap(bridge.practice.live(undefined))
        .then((r) => live && setCalls(r.items))
        .catch(() => undefined); // the next refresh tries again; the page stays usable
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [bridge]);

  // Leaving the page stops listening.
  useEffect(
    () => () => {
      const l = current.current;
      if (!l) return;
      l.legs.forEach((leg) => leg.close());
      void unwrap(bridge.practice.listenEnd({ sessionId: l.sessionId })).catch(() => undefined);
    },
    [bridge],
  );

  // The call left the line: stop playing it.
  useEffect(() => {
    if (listening && !calls.some((c) => c.callId === listening.callId)) {
      listening.legs.forEach((leg) => leg.close());
      setListening(null);
    }
  }, [calls, listening]);

  const stop = async (): Promise<void> => {
    const l = listening;
    if (!l) return;
    l.legs.forEach((leg) => leg.close());
    setListening(null);
    await unwrap(bridge.practice.listenEnd({ sessionId: l.sessionId })).catch(() => undefined);
  };

  const listen = async (callId: string): Promise<void> => {
    setBusy(true);
    setError(null);
    const legs: LiveLeg[] = [];
    try {
      await stop();
      const offer = await unwrap(bridge.practice.listen({ callId }));
      const answers: { id: string; sdp: string }[] = [];
      for (const o of offer.legs) {
        const r = await answerOffer(o.sdp, { iceServers: rtcIceServers(iceServers ?? []) });
        legs.push(r.leg);
        answers.push({ id: o.id, sdp: r.answerSdp });
      }
      await unwrap(bridge.practice.listenAnswer({ sessionId: offer.sessionId, legs: answers }));
      setListening({ sessionId: offer.sessionId, callId, legs });
    } catch (e) {
      legs.forEach((leg) => leg.close());
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="practice-panel live-practice" aria-labelledby="live-practice-title" data-testid="live-practice">
      <h2 id="live-practice-title">{t('practice.live.title')}</h2>
      {error && (
        <p role="alert" className="error">
          {t('errors.generic', { message: errorText(error, t) })}
        </p>
      )}
      {calls.length === 0 ? (
        <p className="muted">{t('practice.live.none')}</p>
      ) : (
        <ul className="live-calls">
          {calls.map((c) => (
            <li key={c.callId} data-call={c.callId} data-listening={listening?.callId === c.callId ? 'true' : 'false'}>
              <strong>{c.traineeName}</strong> — {c.scenarioTitle[locale]} ({t('practice.live.since', { time: new Date(c.startedAt).toLocaleTimeString(locale === 'ko' ? 'ko-KR' : 'en-US', { hour: '2-digit', minute: '2-digit' }) })})
              {listening?.callId === c.callId ? (
                <button type="button" className="btn btn-neutral" onClick={() => void stop()}>
                  {t('practice.live.stop')}
                </button>
              ) : (
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void listen(c.callId)}>
                  {t('practice.live.listen')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
