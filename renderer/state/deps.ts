import type { CallgateBridge } from '../../shared/ipc/channels';
import type { SipPort } from '../../shared/phone/sip-port';
import type { ScriptDefinition } from '../../shared/script';

/** What the desk store needs from outside; the app passes the real ones, tests pass fakes. */
export interface DeskDeps {
  readonly bridge: CallgateBridge;
  /** The phone, once SIP is configured; null when there is none (the desk says so). */
  readonly phone: () => SipPort | null;
  readonly scriptFor: (id: string, version: number) => ScriptDefinition;
  readonly now: () => Date;
  readonly newId: () => string;
}
