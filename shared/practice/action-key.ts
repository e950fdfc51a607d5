import { z } from 'zod';
import type { ScriptAction } from '../script/script-run';

/**
 * An agent action as a short string, so scenarios (JSON) can name what the right action at a step is
 * and what the customer says after each one:
 * `confirm`, `answer:<answerId>`, `deliver_pitch`, `outcome:<code>`, `opt_out`, `refuse`, `abort`.
 */
export const ActionKeySchema = z
  .string()
  .regex(
    /^(confirm|deliver_pitch|opt_out|refuse|abort|answer:[a-z0-9][a-z0-9_-]{0,63}|outcome:[a-z_]{1,32})$/,
    'expected an action like confirm, answer:yes, deliver_pitch, outcome:sale, opt_out, refuse or abort',
  );
export type ActionKey = z.infer<typeof ActionKeySchema>;

/** The key of a ScriptRun action (the callback time of an outcome is not part of it). */
export function actionKey(action: ScriptAction): ActionKey {
  switch (action.type) {
    case 'answer':
      return `answer:${action.answerId}`;
    case 'record_outcome':
      return `outcome:${action.outcome}`;
    default:
      return action.type;
  }
}

/** The ScriptRun action a key names; `callbackAt` is never implied. */
export function actionOfKey(key: ActionKey): ScriptAction {
  if (key.startsWith('answer:')) return { type: 'answer', answerId: key.slice('answer:'.length) };
  if (key.startsWith('outcome:')) return { type: 'record_outcome', outcome: key.slice('outcome:'.length) as never };
  return { type: key as 'confirm' | 'deliver_pitch' | 'opt_out' | 'refuse' | 'abort' };
}
