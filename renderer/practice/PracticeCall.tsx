import { useTranslation } from 'react-i18next';
import { errorText } from '../errors';
import type { Locale } from '../../shared/domain/locale';
import type { Settings } from '../../shared/ipc/settings';
import { Kbd } from '../components/Kbd';
import { ScriptPanel } from '../components/ScriptPanel';
import { scriptButtons } from '../desk/script-buttons';
import { useHotkeys } from '../hotkeys';
import { usePractice, usePracticeNow } from './use-practice';
import { Transcript } from './Transcript';

/** The practice call: the very same script panel and hotkeys as a real call, the customer as bubbles. */
export function PracticeCall({ locale, hotkeys }: { locale: Locale; hotkeys: Settings['hotkeys'] }) {
  const { t } = useTranslation();
  const practice = usePracticeNow();
  const run = usePractice((s) => s.run);
  const snapshot = usePractice((s) => s.runSnapshot);
  const transcript = usePractice((s) => s.transcript);
  const speaking = usePractice((s) => s.customerSpeaking);
  const saving = usePractice((s) => s.saving);
  const saveError = usePractice((s) => s.saveError);
  const scenario = usePractice((s) => s.scenario);
  const callMode = usePractice((s) => s.callMode);
  const voiceConnected = usePractice((s) => s.voiceConnected);
  const step = run && snapshot ? run.currentStep : null;
  const { buttons, endings, pitch } = step && run ? scriptButtons(step, run.availableActions, locale, hotkeys, t) : { buttons: [], endings: [], pitch: undefined };
  const keys: Record<string, (() => void) | undefined> = {};
  for (const b of [...buttons, ...endings, ...(pitch ? [pitch] : [])]) if (b.hotkey) keys[b.hotkey] = () => void practice().act(b.action);
  keys[hotkeys.hangUp] = () => void practice().hangUp();
  useHotkeys(keys);
  return (
    <div className="practice-grid practice-call" data-testid="practice-call" data-state={snapshot?.state} data-mode={callMode ?? 'text'} data-connected={callMode === 'voice' ? String(voiceConnected) : undefined}>
      <div className="practice-column">
        <p className="practice-watermark" aria-hidden="true">
          {t('practice.watermark')}
        </p>
        {scenario && (
          <p className="muted">
            {t('practice.brief.persona')}: <strong>{scenario.persona.name[locale]}</strong>
          </p>
        )}
        <Transcript entries={transcript} speaking={speaking} locale={locale} />
        <div className="call-controls">
          <button type="button" className="btn btn-danger" onClick={() => void practice().hangUp()} data-testid="practice-hang-up" aria-keyshortcuts={hotkeys.hangUp}>
            {t('practice.call.hangUp')} <Kbd k={hotkeys.hangUp} />
          </button>
        </div>
      </div>
      <section className="script-column">
        {run && step && snapshot && (
          <ScriptPanel
            locale={locale}
            run={run}
            seq={snapshot.seq}
            buttons={buttons}
            pitch={pitch}
            endings={endings}
            saving={saving}
            saveError={saveError ? errorText(saveError, t) : null}
            onAction={(a) => void practice().act(a)}
          />
        )}
      </section>
    </div>
  );
}
