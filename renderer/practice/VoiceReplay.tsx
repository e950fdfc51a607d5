import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeAttempt } from '../../shared/api/practice';
import { getBridge, unwrap } from '../bridge';
import { actionLabel } from './action-label';
import { errorText, toUiError, type UiError } from '../errors';

/** `m:ss.s` of a time in the recording. */
function clock(ms: number): string {
  const s = ms / 1000;
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}

interface Moment {
  readonly atMs: number;
  readonly who: 'customer' | 'agent';
  readonly text: string;
  readonly key: string;
}

/**
 * Replay of a voice practice call (issue 17): the recording (the customer on the left, the trainee on
 * the right) and, on one clock, what the customer said and what the trainee recorded; each moment seeks
 * the audio there. The score sits beside it (the caller's ScoreSummary). The recording comes from the
 * API through the bridge; it never leaves the desk's memory (a blob URL, released on close).
 */
export function VoiceReplay({ attempt }: { attempt: PracticeAttempt }) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const voice = attempt.voice;

  useEffect(() => {
    if (!attempt.hasAudio) return undefined;
    let url: string | null = null;
    let live = true;
    unwrap(getBridge().practice.audio({ id: attempt.id }))
      .then((a) => {
        if (!live) return;
        const bytes = Uint8Array.from(atob(a.base64), (c) => c.charCodeAt(0));
        url = URL.createObjectURL(new Blob([bytes], { type: a.mediaType }));
        setSrc(url);
      })
      .catch((e: unknown) => live && setError(toUiError(e)));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attempt.id, attempt.hasAudio]);

  if (!voice) return null;
  const moments: Moment[] = [
    ...voice.said.map((l, i) => ({ atMs: l.atMs, who: 'customer' as const, text: l.text, key: `c${i}` })),
    ...attempt.result.steps.map((s) => ({ atMs: s.startedAtMs + s.durationMs, who: 'agent' as const, text: actionLabel(s.action, t), key: `a${s.seq}` })),
  ].sort((a, b) => a.atMs - b.atMs);
  const speech = attempt.result.speech;
  const seek = (ms: number): void => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = ms / 1000;
    void el.play().catch(() => undefined);
  };

  return (
    <section className="voice-replay" aria-labelledby="replay-title" data-testid="voice-replay">
      <h3 id="replay-title">{t('practice.replay.title')}</h3>
      <p className="muted">{t('practice.replay.channels')}</p>
      {error && (
        <p role="alert" className="error">
          {t('errors.generic', { message: errorText(error, t) })}
        </p>
      )}
      {attempt.hasAudio ? (
        src ? (
          // No captions track: the moments below are the recording's transcript, on the same clock.
          <audio ref={audio} controls preload="auto" src={src} data-testid="practice-audio" aria-label={t('practice.replay.audio')} />
        ) : (
          !error && <p aria-busy="true">{t('practice.replay.loading')}</p>
        )
      ) : (
        <p className="muted">{t('practice.replay.noAudio')}</p>
      )}
      <p data-testid="speech-timing">
        {speech
          ? `${t('practice.replay.firstWord', { seconds: speech.firstWordMs === null ? '—' : (speech.firstWordMs / 1000).toFixed(1) })} · ${t('practice.replay.talkOver', { count: speech.talkOverCount })}`
          : t('practice.replay.notMeasured')}
      </p>
      <ol className="replay-moments" aria-label={t('practice.replay.moments')} data-testid="replay-moments">
        {moments.map((m) => (
          <li key={m.key} data-who={m.who}>
            <button type="button" className="btn-link" onClick={() => seek(m.atMs)} data-at={m.atMs}>
              <span className="replay-time">{clock(m.atMs)}</span> {m.who === 'customer' ? t('practice.call.customer') : t('practice.call.agent')}:{' '}
              {m.who === 'customer' ? <span lang={attempt.locale}>{m.text}</span> : m.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
