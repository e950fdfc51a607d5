import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AudioGrant, RecordingDto } from '../../shared/api/recordings';
import type { Locale } from '../../shared/domain/locale';
import type { RecordingExportFile } from '../../shared/ipc/recording-export';
import { getBridge, unwrap } from '../bridge';
import { offerBase64Download } from './download';
import { fullDateTime } from './format';
import { ReasonDialog } from './ReasonDialog';
import { clock } from './recording-moments';
import { Waveform, type WaveformMarker } from './Waveform';
import { errorText, toUiError, type UiError } from '../errors';

/** The recording of a call as review loads it: null when the call was not recorded. */
export interface CallRecording {
  readonly data: RecordingDto | null;
  readonly loading: boolean;
  readonly error: UiError | null;
}

/** Loads the call's recording (state, time range, hashes, waveform peaks) when the call changes. */
export function useCallRecording(callId: string | undefined): CallRecording {
  const [state, setState] = useState<CallRecording>({ data: null, loading: false, error: null });
  useEffect(() => {
    if (!callId) return undefined;
    let live = true;
    setState({ data: null, loading: true, error: null });
    unwrap(getBridge().recordings.ofCall({ callId })).then(
      (data) => live && setState({ data, loading: false, error: null }),
      (err: unknown) => live && setState({ data: null, loading: false, error: toUiError(err) }),
    );
    return () => {
      live = false;
    };
  }, [callId]);
  return state;
}

/** A request from the timeline to play from a moment; `n` makes repeated requests for the same moment distinct. */
export interface SeekRequest {
  readonly ms: number;
  readonly n: number;
}

export interface RecordingPanelProps {
  readonly recording: CallRecording;
  readonly markers: readonly WaveformMarker[];
  readonly seek: SeekRequest | null;
  readonly locale: Locale;
}

type Dialog = 'play' | 'export' | null;

/**
 * A call's recording in review: its waveform with the consent events marked, and a player that reads the
 * audio from the API with range requests. Nothing is heard before the lead says why (the reason goes to
 * the access log with the playback, KR-ACCESS); a jump from the timeline asks for it too. The person's
 * own recording can be exported for their inspection request (KR-REC), with the request's reference.
 */
export function RecordingPanel({ recording, markers, seek, locale }: RecordingPanelProps) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const [grant, setGrant] = useState<AudioGrant | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [positionMs, setPositionMs] = useState(0);
  const [pendingMs, setPendingMs] = useState<number | null>(null);
  const [exported, setExported] = useState<RecordingExportFile | null>(null);
  const [playError, setPlayError] = useState<string | null>(null);
  const rec = recording.data;

  useEffect(() => {
    setGrant(null);
    setPositionMs(0);
    setPendingMs(null);
    setExported(null);
    setPlayError(null);
  }, [rec?.id]);

  const seekTo = useCallback(
    (ms: number) => {
      setPositionMs(ms);
      const el = audio.current;
      if (grant && el) {
        el.currentTime = ms / 1000;
        void el.play().catch(() => undefined);
      } else {
        // Nothing is played before the reason is given: remember where to start, then ask.
        setPendingMs(ms);
        setDialog('play');
      }
    },
    [grant],
  );

  useEffect(() => {
    if (seek) seekTo(seek.ms);
    // Only a new request from the timeline seeks; seekTo changing (a grant arrived) must not replay it.
  }, [seek]);

  if (recording.loading) return <p aria-busy="true">{t('review.recording.loading')}</p>;
  if (recording.error)
    return (
      <p role="alert" className="error">
        {t('review.loadFailed', { message: errorText(recording.error, t) })}
      </p>
    );
  if (!rec)
    return (
      <p className="muted recording-none" data-testid="recording-none">
        {t('review.recording.none')}
      </p>
    );
  if (rec.state !== 'stored' || !rec.peaks || rec.durationMs === null) {
    return (
      <p className="muted recording-state" data-testid="recording-state" data-state={rec.state}>
        {t(`review.recording.states.${rec.state}`, { failure: rec.failure ?? '', at: rec.deletedAt ? fullDateTime(rec.deletedAt, locale) : '' })}
      </p>
    );
  }
  const durationMs = rec.durationMs;
  const hashOk = exported ? exported.sha256 === rec.sha256 : null;
  return (
    <section className="recording-panel" aria-labelledby="recording-title" data-testid="recording" data-recording-id={rec.id}>
      <h3 id="recording-title">
        {t('review.recording.title')} <span className="muted">{clock(durationMs)}</span>
      </h3>
      <p className="muted recording-facts">
        {t('review.recording.facts', {
          start: rec.startedAt ? fullDateTime(rec.startedAt, locale) : '–',
          until: rec.retainUntil ? fullDateTime(rec.retainUntil, locale) : '–',
          seq: rec.ledgerSeq ?? '–',
        })}
      </p>
      <Waveform
        peaks={rec.peaks}
        durationMs={durationMs}
        positionMs={positionMs}
        markers={markers}
        label={t('review.recording.position')}
        channelLabels={[t('review.recording.agent'), t('review.recording.customer')]}
        onSeek={seekTo}
      />
      <div className="recording-actions">
        {grant ? (
          <audio
            ref={audio}
            controls
            preload="metadata"
            src={grant.url}
            aria-label={t('review.recording.player')}
            data-testid="recording-audio"
            onLoadedMetadata={(e) => {
              if (pendingMs === null) return;
              e.currentTarget.currentTime = pendingMs / 1000;
              setPendingMs(null);
              void e.currentTarget.play().catch(() => undefined);
            }}
            onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
            onError={() => {
              // The link is short-lived: after it expires, playing again asks for a reason again.
              setGrant(null);
              setPlayError(t('review.recording.linkExpired'));
            }}
          />
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => seekTo(positionMs)} data-testid="recording-play">
            {t('review.recording.play')}
          </button>
        )}
        <button type="button" className="btn" onClick={() => setDialog('export')} data-testid="recording-export">
          {t('review.recording.export')}
        </button>
      </div>
      {playError && (
        <p role="alert" className="error">
          {playError}
        </p>
      )}
      {exported && (
        <p role="status" className={hashOk ? 'notice' : 'error'} data-testid="recording-exported">
          {t(hashOk ? 'review.recording.exported' : 'review.recording.exportedMismatch', { file: exported.fileName, sha: exported.sha256.slice(0, 16), seq: rec.ledgerSeq ?? '–' })}
        </p>
      )}
      {dialog === 'play' && (
        <ReasonDialog<AudioGrant>
          title={t('review.recording.playTitle')}
          hint={t('review.recording.playHint')}
          confirmLabel={t('review.recording.play')}
          testId="play"
          run={({ reason }) => unwrap(getBridge().recordings.play({ recordingId: rec.id, reason }))}
          onDone={(g) => {
            setPlayError(null);
            setGrant(g);
            setDialog(null);
            if (pendingMs === null) setPendingMs(positionMs);
          }}
          onClose={() => {
            setPendingMs(null);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'export' && (
        <ReasonDialog<RecordingExportFile>
          title={t('review.recording.exportTitle')}
          hint={t('review.recording.exportHint')}
          confirmLabel={t('review.recording.exportConfirm')}
          withRequestRef
          testId="inspection"
          run={({ reason, requestRef }) => unwrap(getBridge().recordings.export({ recordingId: rec.id, reason, requestRef: requestRef ?? '' }))}
          onDone={(file) => {
            offerBase64Download(file);
            setExported(file);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}
