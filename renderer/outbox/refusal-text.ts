import type { TFunction } from 'i18next';
import { PROBLEM_BASE } from '../../shared/api/problem';
import type { OutboxRefusal } from '../../shared/ipc/outbox';

const DESK_TYPES = ['desk-legacy-refusal'] as const;

/**
 * The agent's-language text of a refusal: by its problem type (the server's words stay in `detail`,
 * for an administrator), with the rule id it would break. A type this desk does not know, or a proxy's
 * page without one, still gets a text of its own language with the HTTP status.
 */
export function refusalText(refusal: OutboxRefusal, t: TFunction): string {
  const kind = refusal.type.startsWith(PROBLEM_BASE) ? refusal.type.slice(PROBLEM_BASE.length) : null;
  const key = kind !== null && (t(`outbox.refusal.${kind}`, { defaultValue: '' }) !== '' || (DESK_TYPES as readonly string[]).includes(kind)) ? `outbox.refusal.${kind}` : null;
  const base = key ? t(key) : refusal.status !== null ? t('outbox.refusal.http', { status: refusal.status }) : t('outbox.refusal.other');
  return refusal.ruleId ? `${base} (${t('outbox.rule', { ruleId: refusal.ruleId })})` : base;
}
