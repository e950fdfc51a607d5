import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/locale';
import type { Fact, ScriptAction, ScriptStep } from '../../shared/script';
import { Kbd } from './Kbd';
import { stepTitle } from './step-title';

export interface ActionButton {
  readonly action: ScriptAction;
  readonly label: string;
  readonly hotkey: string | undefined;
  readonly tone: 'primary' | 'neutral' | 'danger';
}

export interface ScriptPanelProps {
  readonly locale: Locale;
  readonly step: ScriptStep;
  readonly stepNumber: number;
  /** Events recorded so far in this call (the next event's seq). */
  readonly seq: number;
  readonly prompt: string;
  readonly pitchLocked: boolean;
  readonly missing: readonly Fact[];
  readonly finished: boolean;
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
  return (
    <section className="script-panel" aria-labelledby="script-title" data-testid="script-panel" data-step={p.step.id} data-seq={p.seq}>
      <header>
        <h2 id="script-title">{t('script.title')}</h2>
        <span className="step-no">
          {t('script.step', { n: p.stepNumber })} · <span data-testid="step-title">{stepTitle(p.step, t)}</span>
        </span>
        {p.step.ruleIds.map((r) => (
          <span key={r} className="rule-id">
            {r}
          </span>
        ))}
      </header>
      {p.finished && p.children ? (
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
  const isPitch = p.step.kind === 'pitch';
  return (
    <>
      {p.step.kind === 'disclosure' && <p className="read-aloud">{t('script.readAloud')}</p>}
      <blockquote className={`prompt ${isPitch ? 'prompt-pitch' : ''}`} data-testid="prompt" lang={p.locale}>
        {p.prompt}
      </blockquote>

      <div
        className={`pitch-lock ${p.pitchLocked ? 'locked' : 'unlocked'}`}
        role="status"
        data-testid="pitch-lock"
        data-locked={p.pitchLocked ? 'true' : 'false'}
      >
        <span className="lock-mark" aria-hidden="true" /> {p.pitchLocked ? t('script.pitchLocked') : t('script.pitchUnlocked')}
        {p.pitchLocked && p.missing.length > 0 && !p.finished && (
          <small> {t('script.missing', { facts: p.missing.map((f) => t(`script.fact.${f}`)).join(', ') })}</small>
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

      {p.finished ? (
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
