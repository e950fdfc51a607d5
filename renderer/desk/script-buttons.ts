import type { TFunction } from 'i18next';
import type { Locale } from '../../shared/domain/locale';
import type { HotkeyAction, Settings } from '../../shared/ipc/settings';
import type { ScriptAction, ScriptStep } from '../../shared/script';
import type { ActionButton } from '../components/ScriptPanel';

/**
 * Labels and hotkeys for the run's available actions: yes/no answers on the `yes`/`no` keys, other
 * answers and outcomes on 1-9, confirm on Enter, opt-out and refusal on their own keys.
 */
export function scriptButtons(
  step: ScriptStep,
  actions: readonly ScriptAction[],
  locale: Locale,
  hotkeys: Settings['hotkeys'],
  t: TFunction,
): { buttons: ActionButton[]; endings: ActionButton[]; pitch: ActionButton | undefined } {
  const buttons: ActionButton[] = [];
  let pitch: ActionButton | undefined;
  const endings: ActionButton[] = [];
  let digit = 1;
  const next = (): string | undefined => (digit <= 9 ? String(digit++) : undefined);
  const key = (a: HotkeyAction): string => hotkeys[a];
  for (const action of actions) {
    switch (action.type) {
      case 'confirm':
        buttons.push({ action, label: t('script.confirm'), hotkey: key('confirm'), tone: 'primary' });
        break;
      case 'answer': {
        const answer = step.kind === 'question' ? step.answers.find((a) => a.id === action.answerId) : undefined;
        const hotkey = answer?.value === 'yes' ? key('yes') : answer?.value === 'no' ? key('no') : next();
        buttons.push({ action, label: answer?.label[locale] ?? action.answerId, hotkey, tone: answer?.value === 'no' ? 'neutral' : 'primary' });
        break;
      }
      case 'deliver_pitch':
        pitch = { action, label: t('script.deliverPitch'), hotkey: key('confirm'), tone: 'primary' };
        break;
      case 'record_outcome':
        buttons.push({ action, label: t(`outcome.names.${action.outcome}`), hotkey: next(), tone: action.outcome === 'sale' ? 'primary' : 'neutral' });
        break;
      case 'opt_out':
        endings.push({ action, label: t('script.optOut'), hotkey: key('optOut'), tone: 'danger' });
        break;
      case 'refuse':
        endings.push({ action, label: t('script.refuse'), hotkey: key('refuse'), tone: 'neutral' });
        break;
      case 'abort':
        break; // the phone ends a run on a dropped call; the agent hangs up instead
    }
  }
  return { buttons, endings, pitch };
}
