import type { KeyboardEvent } from 'react';
import type { Locale } from '../../../shared/domain/locale';
import { phoneMessages } from '../messages';

export interface DialPadProps {
  readonly locale: Locale;
  /** No call to send keys to. */
  readonly disabled: boolean;
  readonly onKey: (key: string) => void;
  /** The keys sent so far in this call, shown back to the agent. */
  readonly sent: string;
}

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['*', '0', '#'],
] as const;
const KEYS = new Set<string>(ROWS.flat());

/**
 * The twelve DTMF keys. Each is a button (Tab, Enter/Space); typing a digit, * or # while focus is
 * anywhere in the pad sends that key too, so a trained agent never needs the mouse.
 */
export function DialPad({ locale, disabled, onKey, sent }: DialPadProps) {
  const c = phoneMessages[locale].controls;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (disabled || event.altKey || event.ctrlKey || event.metaKey || !KEYS.has(event.key)) return;
    event.preventDefault();
    onKey(event.key);
  };
  return (
    <div className="cg-phone-dialpad" role="group" aria-label={c.dialPad} onKeyDown={onKeyDown}>
      <output className="cg-phone-dtmf-sent" aria-label={c.dtmfSent}>
        {sent}
      </output>
      <div className="cg-phone-dialpad-grid">
        {ROWS.flat().map((key) => (
          <button key={key} type="button" className="btn cg-phone-key" disabled={disabled} aria-label={c.dialKey(key)} onClick={() => onKey(key)}>
            {key}
          </button>
        ))}
      </div>
    </div>
  );
}
