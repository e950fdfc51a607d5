import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/locale';
import type { ScriptAction, ScriptRun } from '../../shared/script';
import { Kbd } from './Kbd';
import { stepTitle } from './step-title';

export interface ActionButton {
  readonly action: ScriptAction;
  readonly label: string;
  readonly hotkey: string | undefined;
  readonly tone: 'primary' | 'neutral' | 'danger';
}

/** What the panel reads of a ScriptRun (read at render: the stores re-render on each new run snapshot). */
export type ScriptPanelRun = Pick<ScriptRun, 'currentStep' | 'prompt' | 'pitchLocked' | 'missingForPitch' | 'isFinal'>;

export interface ScriptPanelProps {
  readonly locale: Locale;
  /** The call's script run: its step, the text to read, the pitch lock and whether it has ended. */
  readonly run: ScriptPanelRun;
  /** Events recorded so far in this call (the next event's seq). */
  readonly seq: number;
  readonly buttons: readonly ActionButton[];
  /** The pitch control: present on every step, enabled only when the run allows the pitch now. */
  readonly pitch: ActionButton | undefined;
  /** The endings, always visible while the run is open (KR-OPTOUT). */
  readonly endings: readonly ActionButton[];
  readonly saving: boolean;
  readonly saveError: string | null;
  readonly onAction: (action: ScriptAction) => void;
  /** Shown instead of the step's text once the run has ended (the desk's acknowledgement and hang-up). */
  readonly children?: React.ReactNode;
}

/**
 * The script of the call: the text to read (exactly what the event records), the answers, the
 * pitch lock, and the opt-out / refusal that are always there.
 */
export function ScriptPanel(p: ScriptPanelProps) {
  const { t } = useTranslation();
  const step = p.run.currentStep;
  return (
    <section className="script-panel" aria-labelledby="script-title" data-testid="script-panel" data-step={step.id} data-seq={p.seq}>
      <header>
        <h2 id="script-title">{t('script.title')}</h2>
        <span className="step-no">
          {t('script.step', { n: p.seq + 1 })} · <span data-testid="step-title">{stepTitle(step, t)}</span>
        </span>
        {step.ruleIds.map((r) => (
          <span key={r} className="rule-id">
            {r}
          </span>
        ))}
      </header>
      {p.run.isFinal && p.children ? (
        <>
          <p className="finished">{t('script.finished')}</p>
          {p.children}
        </>
      ) : (
        <ScriptBody {...p} />
      )}
      <p className="save-state" aria-live="polite" data-testid="save-state">
        {p.saving ? t('script.saving') : p.saveError ? t('script.saveFailed', { message: p.saveError }) : ''}
      </p>
    </section>
  );
}

/** The step's text, the pitch lock, the answers and the endings. */
function ScriptBody(p: ScriptPanelProps) {
  const { t } = useTranslation();
  const { currentStep: step, prompt, pitchLocked, missingForPitch: missing, isFinal: finished } = p.run;
  const isPitch = step.kind === 'pitch';
  return (
    <>
      {step.kind === 'disclosure' && <p className="read-aloud">{t('script.readAloud')}</p>}
      <blockquote className={`prompt ${isPitch ? 'prompt-pitch' : ''}`} data-testid="prompt" lang={p.locale}>
        {prompt}
      </blockquote>

      <div
        className={`pitch-lock ${pitchLocked ? 'locked' : 'unlocked'}`}
        role="status"
        data-testid="pitch-lock"
        data-locked={pitchLocked ? 'true' : 'false'}
      >
        <span className="lock-mark" aria-hidden="true" /> {pitchLocked ? t('script.pitchLocked') : t('script.pitchUnlocked')}
        {pitchLocked && missing.length > 0 && !finished && (
          <small> {t('script.missing', { facts: missing.map((f) => t(`script.fact.${f}`)).join(', ') })}</small>
        )}
        <button
          type="button"
          className="btn btn-primary pitch-button"
          disabled={!p.pitch || p.saving}
          onClick={() => p.pitch && p.onAction(p.pitch.action)}
          aria-keyshortcuts={p.pitch?.hotkey}
          data-testid="pitch-button"
        >
          {t('script.deliverPitch')}
          {p.pitch?.hotkey && <Kbd k={p.pitch.hotkey} />}
        </button>
      </div>

      {finished ? (
        <p className="finished">{t('script.finished')}</p>
      ) : (
        <>
          <div className="answers" role="group" aria-label={t('script.title')}>
            <ActionButtons buttons={p.buttons} saving={p.saving} onAction={p.onAction} />
          </div>
          <div className="endings" role="group" aria-label={t('script.optOut')}>
            <ActionButtons buttons={p.endings} saving={p.saving} onAction={p.onAction} />
          </div>
        </>
      )}
    </>
  );
}

function actionKey(a: ScriptAction): string {
  return `${a.type}-${'answerId' in a ? a.answerId : ''}-${'outcome' in a ? a.outcome : ''}`;
}

/** One button per action, with its hotkey; all disabled while an answer is being made durable. */
function ActionButtons({ buttons, saving, onAction }: { buttons: readonly ActionButton[]; saving: boolean; onAction: (a: ScriptAction) => void }) {
  return (
    <>
      {buttons.map((b) => (
        <button
          key={actionKey(b.action)}
          type="button"
          className={`btn btn-${b.tone}`}
          disabled={saving}
          onClick={() => onAction(b.action)}
          aria-keyshortcuts={b.hotkey}
          data-action={b.action.type}
        >
          {b.label}
          {b.hotkey && <Kbd k={b.hotkey} />}
        </button>
      ))}
    </>
  );
}
