import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';
import type { Locale } from '../../shared/domain/locale';
import type { Settings } from '../../shared/ipc/settings';
import { Kbd } from '../components/Kbd';
import { useHotkeys } from '../hotkeys';
import type { Trainee } from '../state/practice-slice';
import { usePractice, usePracticeNow } from './use-practice';
import { ScoreSummary } from './ScoreSummary';
import { Transcript } from './Transcript';
import { VoiceReplay } from './VoiceReplay';

/** After the practice call: the score (the server's once saved), then practice again or choose another. */
export function PracticeResult(p: { trainee: Trainee; locale: Locale; hotkeys: Settings['hotkeys'] }) {
  const { t } = useTranslation();
  const practice = usePracticeNow();
  const score = usePractice((s) => s.score);
  const attempt = usePractice((s) => s.attempt);
  const submitting = usePractice((s) => s.submitting);
  const submitError = usePractice((s) => s.submitError);
  const endReason = usePractice((s) => s.endReason);
  const transcript = usePractice((s) => s.transcript);
  const again = (): void => practice().start(p.trainee, p.locale);
  const back = (): void => practice().back();
  useHotkeys({ [p.hotkeys.dial]: again, [p.hotkeys.nextLead]: back });
  return (
    <div className="practice-grid" data-testid="practice-result" data-saved={attempt ? 'true' : 'false'}>
      <div className="practice-column">
        <p className="call-end" role="status">
          {endReason === 'customer_hung_up' ? t('practice.call.hungUp') : t('practice.call.ended')}
        </p>
        <p className="save-state" role="status" data-testid="attempt-state">
          {submitting
            ? t('practice.score.saving')
            : attempt
              ? `${t('practice.score.saved')} ${t('practice.score.eventsDelivered', { delivered: attempt.eventsDelivered, total: attempt.eventsTotal })}`
              : submitError
                ? t('practice.score.notSaved', { message: errorText(submitError, t) })
                : ''}
        </p>
        {!attempt && !submitting && submitError && (
          <button type="button" className="btn btn-neutral" onClick={() => void practice().submit()}>
            {t('practice.score.retry')}
          </button>
        )}
        <div className="call-controls">
          <button type="button" className="btn btn-primary" onClick={again} data-testid="practice-again" aria-keyshortcuts={p.hotkeys.dial}>
            {t('practice.score.again')} <Kbd k={p.hotkeys.dial} />
          </button>
          <button type="button" className="btn btn-neutral" onClick={back} data-testid="practice-back" aria-keyshortcuts={p.hotkeys.nextLead}>
            {t('practice.score.back')} <Kbd k={p.hotkeys.nextLead} />
          </button>
        </div>
        {attempt?.mode === 'voice' ? <VoiceReplay key={attempt.id} attempt={attempt} /> : <Transcript entries={transcript} speaking={false} locale={p.locale} />}
      </div>
      <div className="script-column">
        {score && (
          <>
            {!attempt && <p className="muted">{t('practice.score.local')}</p>}
            <ScoreSummary score={score} locale={p.locale} />
          </>
        )}
      </div>
    </div>
  );
}
