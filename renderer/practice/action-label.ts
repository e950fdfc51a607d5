import type { TFunction } from 'i18next';
import type { ActionKey } from '../../shared/practice';

/** An action key of a score (`answer:yes`, `opt_out`...) as the agent's controls name it. */
export function actionLabel(key: ActionKey, t: TFunction): string {
  if (key === 'answer:yes') return t('practice.action.yes');
  if (key === 'answer:no') return t('practice.action.no');
  if (key.startsWith('answer:')) return t('practice.action.answer', { answer: key.slice('answer:'.length) });
  if (key.startsWith('outcome:')) return t(`outcome.names.${key.slice('outcome:'.length)}`);
  switch (key) {
    case 'confirm':
      return t('script.confirm');
    case 'deliver_pitch':
      return t('script.deliverPitch');
    case 'opt_out':
      return t('script.optOut');
    case 'refuse':
      return t('script.refuse');
    default:
      return t('practice.action.abort');
  }
}
