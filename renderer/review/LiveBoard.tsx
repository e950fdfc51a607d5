import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveCall, LiveSdp } from '../../shared/api/live';
import type { Locale } from '../../shared/domain/locale';
import { getBridge, unwrap } from '../bridge';
import { errorText, type UiError } from '../errors';
import { useDesk } from '../desk/context';
import { answerOffer, offerWhisper, type LiveLeg } from '../live/live-media';
import { rtcIceServers } from '../phone/prewarm';
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

interface Whispering {
  readonly sessionId: string;
  readonly callId: string;
  readonly leg: LiveLeg;
  readonly mic: MediaStream;
}

type Mode = 'listen' | 'whisper';

/**
 * The team's calls in progress, listening to one and whispering to its agent (issue 15 item 5). The
 * lead says why (access log). Listen: the media edge offers one leg per party (rtpengine 10.5 does not
 * mix, decision 0062), this page answers each and plays both: that is the mix; a level meter per party
 * shows who is speaking. Whisper: this page offers the lead's microphone send-only, the edge publishes
 * it into the call and only the agent's desk takes it (the customer never hears it). The two are
 * independent toggles on a call. Leaving review, the call ending or Stop ends a session.
 */
export function LiveBoard({ locale }: { readonly locale: Locale }) {
  const { t } = useTranslation();
  const bridge = getBridge();
  const [calls, setCalls] = useState<readonly LiveCall[]>([]);
  const micId = useDesk((st) => st.settings.devices.inputId);
  // The site's provisioned ICE servers (decision 0015), never a setting.
  const iceServers = useDesk((st) => st.connection?.sip.iceServers);
  const [asking, setAsking] = useState<{ readonly callId: string; readonly mode: Mode } | null>(null);
  const [listening, setListening] = useState<Listening | null>(null);
  const [whispering, setWhispering] = useState<Whispering | null>(null);
  const [levels, setLevels] = useState<Readonly<Record<string, number>>>({});
  const [error, setError] = useState<UiError | null>(null);
  const current = useRef<{ listening: Listening | null; whispering: Whispering | null }>({ listening: null, whispering: null });
  current.current = { listening, whispering };

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

  /** Stops a session's media here; `tell` also ends it at the API (not needed when the call ended). */
  const closeListening = (l: Listening, tell = true): void => {
    l.legs.forEach((x) => x.leg.close());
    if (tell) void unwrap(bridge.live.end({ sessionId: l.sessionId })).catch(() => undefined);
  };
  const closeWhispering = (w: Whispering, tell = true): void => {
    w.leg.close();
    w.mic.getTracks().forEach((track) => track.stop());
    if (tell) void unwrap(bridge.live.end({ sessionId: w.sessionId })).catch(() => undefined);
  };

  // Leaving review stops listening and whispering (the ref holds the sessions at that moment).
  useEffect(
    () => () => {
      const { listening: l, whispering: w } = current.current;
      if (l) closeListening(l);
      if (w) closeWhispering(w);
    },
    [bridge],
  );

  // The call ended: stop playing it and stop the microphone (the API ended the sessions with the call).
  useEffect(() => {
    if (listening && !calls.some((c) => c.callId === listening.callId)) {
      closeListening(listening, false);
      setListening(null);
    }
    if (whispering && !calls.some((c) => c.callId === whispering.callId)) {
      closeWhispering(whispering, false);
      setWhispering(null);
    }
  }, [calls, listening, whispering]);

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
    if (current.current.listening) {
      closeListening(current.current.listening);
      setListening(null);
    }
    const offer = await unwrap(bridge.live.listen({ callId, reason }));
    const legs: { party: string; leg: LiveLeg }[] = [];
    try {
      const answers: { id: string; sdp: string }[] = [];
      for (const o of offer.legs) {
        const r = await answerOffer(o.sdp, { iceServers: rtcIceServers(iceServers ?? []) });
        legs.push({ party: o.party, leg: r.leg });
        answers.push({ id: o.id, sdp: r.answerSdp });
      }
      await unwrap(bridge.live.answer({ sessionId: offer.session.id, legs: answers }));
      setListening({ sessionId: offer.session.id, callId, legs });
      return offer;
    } catch (err) {
      closeListening({ sessionId: offer.session.id, callId, legs });
      throw err;
    }
  };

  /** Whisper: the lead's microphone, send-only, published into the call for the agent's desk only. */
  const whisper = async (callId: string, reason: string): Promise<LiveSdp> => {
    if (current.current.whispering) {
      closeWhispering(current.current.whispering);
      setWhispering(null);
    }
    const mic = await navigator.mediaDevices.getUserMedia({ audio: micId ? { deviceId: { exact: micId } } : true });
    let leg: LiveLeg | null = null;
    let sessionId: string | null = null;
    try {
      const offer = await offerWhisper(mic, { iceServers: rtcIceServers(iceServers ?? []) });
      leg = offer.leg;
      const published = await unwrap(bridge.live.whisper({ callId, reason, sdp: offer.offerSdp }));
      sessionId = published.session.id;
      const answer = published.legs[0]?.sdp;
      if (!answer) throw new Error('the media edge gave no answer to the whisper');
      await offer.accept(answer);
      setWhispering({ sessionId, callId, leg, mic });
      return published;
    } catch (err) {
      leg?.close();
      mic.getTracks().forEach((track) => track.stop());
      if (sessionId) void unwrap(bridge.live.end({ sessionId })).catch(() => undefined);
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
            const on = listening?.callId === c.callId ? listening : null;
            const speaking = whispering?.callId === c.callId;
            const others = c.sessions.filter((x) => x.id !== on?.sessionId && (!speaking || x.id !== whispering.sessionId));
            const count = (mode: Mode): number => others.filter((x) => x.mode === mode).length;
            return (
              <li key={c.callId} data-testid="live-call" data-call-id={c.callId} data-listening={on ? 'true' : 'false'} data-whispering={speaking ? 'true' : 'false'}>
                <span>
                  <strong>{c.agentName}</strong>{' '}
                  <span className="muted">
                    {t('review.live.since', { at: shortDateTime(c.answeredAt ?? c.startedAt, locale) })}
                    {c.recording ? ` · ${t(`review.live.recording.${c.recording}`, { defaultValue: c.recording })}` : ''}
                    {count('listen') > 0 ? ` · ${t('review.live.listeners', { n: count('listen') })}` : ''}
                    {count('whisper') > 0 ? ` · ${t('review.live.whisperers', { n: count('whisper') })}` : ''}
                  </span>
                </span>
                <span className="live-controls">
                  {(on || speaking) && (
                    <span className="live-state" data-testid="live-state">
                      {[on ? t('review.live.state.listening') : null, speaking ? t('review.live.state.whispering', { agent: c.agentName }) : null].filter(Boolean).join(' · ')}
                    </span>
                  )}
                  {on?.legs.map((x) => (
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
                  {on ? (
                    <button type="button" className="btn btn-small" onClick={() => (closeListening(on), setListening(null))} data-testid="live-stop">
                      {t('review.live.stop')}
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small btn-primary" onClick={() => (setError(null), setAsking({ callId: c.callId, mode: 'listen' }))} data-testid="live-listen">
                      {t('review.live.listen')}
                    </button>
                  )}
                  {speaking ? (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => (closeWhispering(whispering), setWhispering(null))} data-testid="live-whisper-stop">
                      {t('review.live.stopWhisper')}
                    </button>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => (setError(null), setAsking({ callId: c.callId, mode: 'whisper' }))} data-testid="live-whisper">
                      {t('review.live.whisper')}
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {asking && (
        <ReasonDialog<LiveSdp>
          key={asking.mode}
          title={t(asking.mode === 'listen' ? 'review.live.reasonTitle' : 'review.live.whisperReasonTitle')}
          hint={t(asking.mode === 'listen' ? 'review.live.reasonHint' : 'review.live.whisperReasonHint')}
          confirmLabel={t(asking.mode === 'listen' ? 'review.live.listen' : 'review.live.whisper')}
          testId={asking.mode}
          run={({ reason }) => (asking.mode === 'listen' ? listen : whisper)(asking.callId, reason)}
          onDone={() => setAsking(null)}
          onClose={() => setAsking(null)}
        />
      )}
    </section>
  );
}


