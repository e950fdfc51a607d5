import { useTranslation } from 'react-i18next';
import type { ExportFile, ExportProgress } from '../../shared/api/review-exports';
import type { Locale } from '../../shared/domain/locale';
import { BridgeError } from '../bridge';
import { count, megabytes } from './format';
import { ReasonDialog } from './ReasonDialog';

export interface ExportDialogProps {
  readonly title: string;
  /** Runs the export with the typed reason; the dialog offers the file and closes on success. */
  readonly run: (reason: string) => Promise<ExportFile>;
  readonly onDone: (file: ExportFile) => void;
  readonly onClose: () => void;
  /** The running export's progress (from the store), while `run` has not settled. */
  readonly progress: ExportProgress | null;
  /** Stops the running export; `run` then fails as 'cancelled' and the dialog closes with `onCancelled`. */
  readonly onCancelExport: () => void;
  readonly onCancelled: () => void;
  readonly locale: Locale;
}

/**
 * Asks why before any export (KR-ACCESS); the server logs the reason with the export. While the file
 * streams in, the dialog shows how far it came (rows of the expected count, or bytes) and a Stop button
 * (Escape stops too).
 */
export function ExportDialog(p: ExportDialogProps) {
  const { t } = useTranslation();
  return (
    <ReasonDialog
      title={p.title}
      hint={t('review.export.reasonHint')}
      confirmLabel={t('review.export.confirm')}
      testId="export"
      run={({ reason }) => p.run(reason)}
      onDone={p.onDone}
      onClose={p.onClose}
      busyContent={<ExportProgressLine progress={p.progress} locale={p.locale} />}
      stop={{
        label: t('review.export.stop'),
        onStop: p.onCancelExport,
        isStopped: (err) => err instanceof BridgeError && err.code === 'cancelled',
        onStopped: p.onCancelled,
      }}
    />
  );
}

/** `12,345 / 100,000 rows` with a bar when the server said how many; bytes otherwise. */
function ExportProgressLine({ progress, locale }: { progress: ExportProgress | null; locale: Locale }) {
  const { t } = useTranslation();
  const expected = progress?.expectedRows ?? null;
  const rows = progress?.rows ?? 0;
  const known = expected !== null && expected > 0;
  return (
    <div className="export-progress" data-testid="export-progress" aria-live="polite">
      <progress {...(known ? { max: expected, value: Math.min(rows, expected) } : {})} aria-label={t('review.export.busy')} />
      <p aria-busy="true" data-testid="export-progress-text" data-rows={rows}>
        {progress === null || (progress.bytes === 0 && rows === 0)
          ? t('review.export.busy')
          : known
            ? t('review.export.progressRows', { rows: count(rows, locale), total: count(expected, locale) })
            : t('review.export.progressBytes', { size: megabytes(progress.bytes, locale) })}
      </p>
    </div>
  );
}
