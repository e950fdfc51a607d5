import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, toUiError } from '../errors';

/** What the lead typed: the reason, and (when asked for) the inspection request's reference. */
export interface ReasonInput {
  readonly reason: string;
  readonly requestRef?: string;
}

export interface ReasonDialogProps<T> {
  readonly title: string;
  /** Why the reason is asked (the access log it goes to). */
  readonly hint: string;
  readonly confirmLabel: string;
  /** Also ask for the inspection request's reference (KR-REC). */
  readonly withRequestRef?: boolean;
  /** Prefix of the dialog's test ids (`<prefix>-dialog`, `<prefix>-reason`, `<prefix>-confirm`). */
  readonly testId: string;
  readonly run: (input: ReasonInput) => Promise<T>;
  readonly onDone: (result: T) => void;
  readonly onClose: () => void;
  /** What the dialog shows while `run` works (default: a 'preparing' line), e.g. an export's progress. */
  readonly busyContent?: ReactNode;
  /**
   * Makes the work stoppable: while busy, the dialog offers `stopLabel` (and Escape) calling `onStop`;
   * `run` then fails with an error `isStopped` recognises, and the dialog calls `onStopped` instead of
   * showing an error.
   */
  readonly stop?: { readonly label: string; readonly onStop: () => void; readonly isStopped: (err: unknown) => boolean; readonly onStopped: () => void };
}

/**
 * Asks why before the lead sees or takes personal data (KR-ACCESS): a modal `<dialog>` (focus stays
 * inside, Escape cancels) with a required reason of at least 3 characters, and for an inspection export
 * the request's reference. The server writes both to the access log before it answers.
 */
export function ReasonDialog<T>(p: ReasonDialogProps<T>) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const [requestRef, setRequestRef] = useState('');
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
    if (p.withRequestRef && requestRef.trim().length === 0) {
      setError(t('review.recording.requestRefMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      p.onDone(await p.run({ reason: reason.trim(), ...(p.withRequestRef ? { requestRef: requestRef.trim() } : {}) }));
    } catch (err) {
      if (p.stop?.isStopped(err)) {
        p.stop.onStopped();
        return;
      }
      setError(t('review.export.failed', { message: errorText(toUiError(err), t) }));
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      className="export-dialog"
      aria-labelledby={`${id}-title`}
      data-testid={`${p.testId}-dialog`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) p.onClose();
        else p.stop?.onStop();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={`${id}-title`}>{p.title}</h2>
        <p className="muted" id={`${id}-hint`}>
          {p.hint}
        </p>
        <label>
          {t('review.export.reason')}
          <textarea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            rows={3}
            aria-required="true"
            aria-describedby={`${id}-hint`}
            aria-invalid={error !== null}
            autoFocus
            data-testid={`${p.testId}-reason`}
          />
        </label>
        {p.withRequestRef && (
          <label>
            {t('review.recording.requestRef')}
            <input
              type="text"
              value={requestRef}
              onChange={(e) => setRequestRef(e.target.value)}
              maxLength={200}
              aria-required="true"
              data-testid={`${p.testId}-ref`}
            />
          </label>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {busy && (p.busyContent ?? <p aria-busy="true">{t('review.export.busy')}</p>)}
        <div className="dialog-actions">
          {busy && p.stop ? (
            <button type="button" className="btn" onClick={p.stop.onStop} data-testid={`${p.testId}-cancel`}>
              {p.stop.label}
            </button>
          ) : (
            <button type="button" className="btn" onClick={p.onClose} disabled={busy}>
              {t('review.export.cancel')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid={`${p.testId}-confirm`}>
            {p.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
