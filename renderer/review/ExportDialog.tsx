import { useTranslation } from 'react-i18next';
import type { ExportFile } from '../../shared/api/review-exports';
import { ReasonDialog } from './ReasonDialog';

export interface ExportDialogProps {
  readonly title: string;
  /** Runs the export with the typed reason; the dialog offers the file and closes on success. */
  readonly run: (reason: string) => Promise<ExportFile>;
  readonly onDone: (file: ExportFile) => void;
  readonly onClose: () => void;
}

/** Asks why before any export (KR-ACCESS); the server logs the reason with the export. */
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
    />
  );
}
