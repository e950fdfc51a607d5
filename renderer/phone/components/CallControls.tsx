import { useId, useState, type FormEvent } from 'react';
import type { Locale } from '../../../shared/domain/locale';
import type { CallSnapshot } from '../../../shared/phone/sip-port';
import { callEndText, phoneMessages, type PhoneMessages } from '../messages';

export interface CallControlsProps {
  /** The call to control; null shows nothing but an empty region. */
  readonly call: CallSnapshot | null;
  readonly locale: Locale;
  readonly onAnswer: () => void;
  readonly onHangUp: () => void;
  readonly onHold: () => void;
  readonly onResume: () => void;
  readonly onMute: (muted: boolean) => void;
  readonly onTransfer: (target: string) => void;
  /** Show the blind-transfer form (default true); the desk keeps it behind a toggle to fit the screen. */
  readonly transfer?: boolean;
}

/**
 * The buttons that fit the call's state: answer/decline while it rings in, cancel while it rings
 * out, hold/resume, mute, transfer and hang up while connected. Hold shows "on hold" only in
 * `held` (the far end accepted); while the re-INVITE is pending the button is busy and disabled.
 * Below the state, warnings the agent must act on: the customer holds the call (the agent's voice
 * reaches nobody), no audio from the customer, our audio not sent, the server connection lost.
 */
export function CallControls({ call, locale, onAnswer, onHangUp, onHold, onResume, onMute, onTransfer, transfer = true }: CallControlsProps) {
  const m = phoneMessages[locale];
  const c = m.controls;
  const [target, setTarget] = useState('');
  const targetId = useId();
  if (!call) return <div className="cg-phone-call" role="group" aria-label={c.callControls} />;
  const { state } = call;
  const connected = state === 'active' || state === 'holding' || state === 'held' || state === 'resuming';
  const pendingHold = state === 'holding' || state === 'resuming';
  const warnings = state === 'ended' ? [] : callWarnings(call, m.callWarning);
  const submitTransfer = (event: FormEvent): void => {
    event.preventDefault();
    const value = target.trim();
    if (value) onTransfer(value);
  };
  return (
    <div className="cg-phone-call" role="group" aria-label={c.callControls} data-state={state}>
      <p className="cg-phone-call-state" role="status" aria-live="polite">
        <span className="cg-phone-remote">{call.remoteLabel}</span> {state === 'ended' && call.end ? callEndText(m, call.end) : m.callState[state]}
        {call.signalingLost && <span className="cg-phone-warning"> {c.signalingLost}</span>}
        {call.muted && state !== 'ended' && <span className="cg-phone-muted"> {c.muted}</span>}
      </p>
      {warnings.length > 0 && (
        <ul className="cg-phone-warnings" role="alert">
          {warnings.map((w) => (
            <li key={w.kind} className="cg-phone-warning" data-warning={w.kind}>
              {w.text}
            </li>
          ))}
        </ul>
      )}
      {state === 'incoming' && (
        <>
          <button type="button" className="btn btn-primary" onClick={() => onAnswer()}>
            {c.answer}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => onHangUp()}>
            {c.decline}
          </button>
        </>
      )}
      {(state === 'dialing' || state === 'ringing') && (
        <button type="button" className="btn btn-danger" onClick={() => onHangUp()}>
          {c.cancel}
        </button>
      )}
      {connected && (
        <>
          {state === 'held' || state === 'resuming' ? (
            <button type="button" className="btn" onClick={() => onResume()} disabled={pendingHold} aria-busy={pendingHold}>
              {c.resume}
            </button>
          ) : (
            <button type="button" className="btn" onClick={() => onHold()} disabled={pendingHold} aria-busy={pendingHold}>
              {c.hold}
            </button>
          )}
          {/* A toggle keeps one name; aria-pressed says whether it is on. */}
          <button type="button" className="btn" aria-pressed={call.muted} onClick={() => onMute(!call.muted)}>
            {c.mute}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => onHangUp()}>
            {c.hangUp}
          </button>
          {transfer && (
            <form className="cg-phone-transfer" onSubmit={submitTransfer}>
              <label htmlFor={targetId}>{c.transferTarget}</label>
              <input id={targetId} type="text" inputMode="tel" autoComplete="off" value={target} onChange={(e) => setTarget(e.target.value)} />
              <button type="submit" className="btn" disabled={target.trim() === ''}>
                {c.transferSubmit}
              </button>
            </form>
          )}
        </>
      )}
    </div>
  );
}

type CallWarningKind = 'held_by_remote' | 'held_both' | 'no_inbound_audio' | 'no_outbound_audio';

/** The warnings a connected call calls for, from its hold and media health. */
function callWarnings(call: CallSnapshot, text: PhoneMessages['callWarning']): { kind: CallWarningKind; text: string }[] {
  const warnings: { kind: CallWarningKind; text: string }[] = [];
  if (call.hold === 'remote') warnings.push({ kind: 'held_by_remote', text: text.heldByRemote });
  if (call.hold === 'both') warnings.push({ kind: 'held_both', text: text.heldBoth });
  if (call.media.inbound === 'silent') warnings.push({ kind: 'no_inbound_audio', text: text.noInboundAudio });
  if (call.media.outbound === 'silent') warnings.push({ kind: 'no_outbound_audio', text: text.noOutboundAudio });
  return warnings;
}
