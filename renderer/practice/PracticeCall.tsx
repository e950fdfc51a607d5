import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { Locale } from '../../shared/domain/locale';
import type { Settings } from '../../shared/ipc/settings';
import { Kbd } from '../components/Kbd';
import { ScriptPanel } from '../components/ScriptPanel';
import { scriptButtons } from '../desk/script-buttons';
import { useHotkeys } from '../hotkeys';
import type { PracticeStore } from './practice-store';
import { Transcript } from './Transcript';

/** The practice call: the very same script panel and hotkeys as a real call, the customer as bubbles. */
export function PracticeCall({ store, locale, hotkeys }: { store: PracticeStore; locale: Locale; hotkeys: Settings['hotkeys'] }) {
  const { t } = useTranslation();
  const run = useStore(store, (s) => s.run);
  const snapshot = useStore(store, (s) => s.runSnapshot);
  const transcript = useStore(store, (s) => s.transcript);
  const speaking = useStore(store, (s) => s.customerSpeaking);
  const saving = useStore(store, (s) => s.saving);
  const saveError = useStore(store, (s) => s.saveError);
  const scenario = useStore(store, (s) => s.scenario);
  const step = run && snapshot ? run.currentStep : null;
  const { buttons, endings, pitch } = step && run ? scriptButtons(step, run.availableActions, locale, hotkeys, t) : { buttons: [], endings: [], pitch: undefined };
  const keys: Record<string, (() => void) | undefined> = {};
  for (const b of [...buttons, ...endings, ...(pitch ? [pitch] : [])]) if (b.hotkey) keys[b.hotkey] = () => void store.getState().act(b.action);
  keys[hotkeys.hangUp] = () => void store.getState().hangUp();
  useHotkeys(keys);
  return (
    <div className="practice-grid practice-call" data-testid="practice-call" data-state={snapshot?.state}>
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
          <button type="button" className="btn btn-danger" onClick={() => void store.getState().hangUp()} data-testid="practice-hang-up" aria-keyshortcuts={hotkeys.hangUp}>
            {t('practice.call.hangUp')} <Kbd k={hotkeys.hangUp} />
          </button>
        </div>
      </div>
      <section className="script-column">
        {run && step && snapshot && (
          <ScriptPanel
            locale={locale}
            step={step}
            stepNumber={snapshot.seq + 1}
            seq={snapshot.seq}
            prompt={run.prompt}
            pitchLocked={run.pitchLocked}
            missing={run.missingForPitch}
            finished={run.isFinal}
            buttons={buttons}
            pitch={pitch}
            endings={endings}
            saving={saving}
            saveError={saveError}
            onAction={(a) => void store.getState().act(a)}
          />
        )}
      </section>
    </div>
  );
}
