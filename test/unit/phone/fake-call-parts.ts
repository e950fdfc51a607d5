// Scripted stand-ins for the two sides of a call's state machine (renderer/phone/call): the SIP
// session (SignallingSession) and the media (CallMediaPort). Requests wait until the test answers
// them; like the real adapter, a pending request settles with null when the call's signal aborts.
import type { HoldState } from '../../../shared/phone/hold';
import type { CallMediaPort } from '../../../renderer/phone/call/call-media-port';
import type { SessionEvent, SignallingSession } from '../../../renderer/phone/call/signalling-session';

interface Pending {
  readonly kind: 'reinvite' | 'probe' | 'info' | 'refer';
  readonly detail: string;
  readonly answer: (status: number | null) => void;
}

export class FakeSession implements SignallingSession {
  sipCallId: string | null = 'fake-call-id@test';
  /** Every command the machine gave, in order ("invite", "bye", "reinvite:hold"...). */
  readonly commands: string[] = [];
  readonly pending: Pending[] = [];
  /** Makes accept() reject (microphone refused). */
  failAccept = false;
  private listener: ((event: SessionEvent) => void) | null = null;

  invite(extraHeaders: readonly string[]): void {
    this.commands.push(`invite${extraHeaders.length ? `:${extraHeaders.join(',')}` : ''}`);
  }
  async accept(): Promise<void> {
    this.commands.push('accept');
    if (this.failAccept) throw new Error('getUserMedia refused');
  }
  reject(sipStatus: number): void {
    this.commands.push(`reject:${sipStatus}`);
  }
  cancel(): void {
    this.commands.push('cancel');
  }
  bye(): void {
    this.commands.push('bye');
  }
  reinvite(hold: boolean, signal: AbortSignal): Promise<number | null> {
    return this.request('reinvite', hold ? 'hold' : 'unhold', signal);
  }
  probe(signal: AbortSignal): Promise<number | null> {
    return this.request('probe', '', signal);
  }
  infoDtmf(digit: string, signal: AbortSignal): Promise<number | null> {
    return this.request('info', digit, signal);
  }
  refer(uri: string, signal: AbortSignal): Promise<number | null> {
    return this.request('refer', uri, signal);
  }
  dispose(): void {
    this.commands.push('dispose');
  }
  abandon(): void {
    this.commands.push('abandon');
  }
  listen(listener: (event: SessionEvent) => void): void {
    this.listener = listener;
  }

  /** The far end (or sip.js) does something. */
  emit(event: SessionEvent): void {
    this.listener?.(event);
  }

  /** Answers the oldest pending request of `kind` with `status`. */
  answer(kind: Pending['kind'], status: number | null): void {
    const index = this.pending.findIndex((p) => p.kind === kind);
    const found = this.pending[index];
    if (!found) throw new Error(`no pending ${kind}`);
    this.pending.splice(index, 1);
    found.answer(status);
  }

  private request(kind: Pending['kind'], detail: string, signal: AbortSignal): Promise<number | null> {
    this.commands.push(detail ? `${kind}:${detail}` : kind);
    return new Promise((resolve) => {
      const entry: Pending = {
        kind,
        detail,
        answer: (status) => {
          signal.removeEventListener('abort', onAbort);
          resolve(status);
        },
      };
      const onAbort = (): void => {
        const i = this.pending.indexOf(entry);
        if (i >= 0) this.pending.splice(i, 1);
        resolve(null);
      };
      if (signal.aborted) return resolve(null);
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.push(entry);
    });
  }
}

export class FakeMedia implements CallMediaPort {
  readonly log: string[] = [];
  released = 0;
  last: { hold: HoldState; muted: boolean } | null = null;
  /** How the next sendDtmf ends: true (played) or false; 'pending' waits until the signal aborts. */
  dtmfResult: boolean | 'pending' = true;

  ringback(on: boolean): void {
    this.log.push(`ringback:${on ? 'on' : 'off'}`);
  }
  connected(): void {
    this.log.push('connected');
  }
  update(state: { readonly hold: HoldState; readonly muted: boolean }): void {
    this.last = { ...state };
    this.log.push(`update:${state.hold}${state.muted ? ':muted' : ''}`);
  }
  sendDtmf(digits: string, signal: AbortSignal): Promise<boolean> {
    this.log.push(`dtmf:${digits}`);
    const result = this.dtmfResult;
    if (result !== 'pending') return Promise.resolve(result);
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(false), { once: true }));
  }
  release(): void {
    this.released += 1;
    this.log.push('release');
  }
}
