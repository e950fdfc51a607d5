import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFile } from '../../shared/api/review-exports';

export interface ExportDialogProps {
  readonly title: string;
  /** Runs the export with the typed reason; the dialog offers the file and closes on success. */
  readonly run: (reason: string) => Promise<ExportFile>;
  readonly onDone: (file: ExportFile) => void;
  readonly onClose: () => void;
}

/**
 * Asks why before any export (KR-ACCESS): a modal `<dialog>` (focus stays inside, Escape cancels) with a
 * required reason of at least 3 characters. The server logs the reason with the export.
 */
export function ExportDialog(p: ExportDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const submit = async (): Promise<void> => {
    if (reason.trim().length < 3) {
      setError(t('review.export.reasonShort'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      p.onDone(await p.run(reason.trim()));
    } catch (err) {
      setError(t('review.export.failed', { message: err instanceof Error ? err.message : String(err) }));
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby="export-title"
      data-testid="export-dialog"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) p.onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="export-title">{p.title}</h2>
        <p className="muted" id="export-hint">
          {t('review.export.reasonHint')}
        </p>
        <label>
          {t('review.export.reason')}
          <textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            rows={3}
            aria-required="true"
            aria-describedby="export-hint"
            aria-invalid={error !== null}
            autoFocus
            data-testid="export-reason"
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {busy && <p aria-busy="true">{t('review.export.busy')}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={p.onClose} disabled={busy}>
            {t('review.export.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="export-confirm">
            {t('review.export.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
