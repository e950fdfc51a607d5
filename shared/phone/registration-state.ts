/**
 * The registration state machine of the phone (what the agent's status light shows).
 *
 * ```
 *                    register()                 2xx
 *   unregistered ──────────────▶ registering ──────────▶ registered
 *        ▲                        │    ▲    │                 │
 *        │        401/403/407,    │    │    │ no connection,  │ transport lost,
 *        │        other 4xx       │    │    │ 408, 5xx        │ re-REGISTER failed,
 *        │                        ▼    │    ▼                 │ woke from sleep
 *        │                     failed  │  reconnecting ◀──────┘
 *        │                             │    │   ▲
 *        │             connected again ┘    │   │ `online`
 *        │                                  ▼   │
 *        │                                 offline ◀── `offline` event (from any connected state)
 *        │
 *   unregistering ◀── unregister() (from registering, registered, reconnecting)
 *   any state ── dispose() ──▶ unregistered
 * ```
 *
 * - `reconnecting` retries with exponential backoff and jitter (see reconnect-backoff.ts) and
 *   re-REGISTERs as soon as the transport is back: the server may have lost every binding.
 * - `failed` is permanent until the agent acts (wrong password, unknown user): no retry loop
 *   hammers the server with a bad password.
 * - `offline` waits for the browser's `online` event instead of burning retries.
 */
export const REGISTRATION_STATES = [
  'unregistered',
  'registering',
  'registered',
  'reconnecting',
  'offline',
  'unregistering',
  'failed',
] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

/** Allowed transitions, from -> to. Anything else is a bug in the adapter. */
export const REGISTRATION_TRANSITIONS: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  unregistered: ['registering'],
  registering: ['registered', 'reconnecting', 'offline', 'failed', 'unregistering', 'unregistered'],
  registered: ['reconnecting', 'offline', 'failed', 'unregistering', 'unregistered'],
  reconnecting: ['registering', 'offline', 'failed', 'unregistering', 'unregistered'],
  offline: ['reconnecting', 'unregistered'],
  unregistering: ['unregistered'],
  failed: ['registering', 'unregistered'],
};

/** Why a registration is not (or no longer) in place. */
export type RegistrationErrorKind =
  /** 401/403/407 after credentials were sent: wrong user or password. Not retried. */
  | 'auth_failed'
  /** The server refused for another permanent reason (e.g. 404 unknown domain). Not retried. */
  | 'rejected'
  /** No connection to the server, or it timed out / answered 5xx. Retried with backoff. */
  | 'unreachable';

export interface RegistrationError {
  readonly kind: RegistrationErrorKind;
  /** SIP status of the refusing response, when there was one. */
  readonly sipStatus: number | null;
}

/** What the UI needs to show the registration. */
export interface RegistrationSnapshot {
  readonly state: RegistrationState;
  /** The AOR this phone registers (e.g. `sip:agent17@calls.example.com`). */
  readonly aor: string;
  /** Set in `failed`, `reconnecting` and `offline`: the last problem seen. */
  readonly error: RegistrationError | null;
  /** Number of the pending (or running) reconnection attempt since the loss; 0 when registered. */
  readonly attempt: number;
  /** Epoch ms of the next reconnection attempt while `reconnecting`, else null. */
  readonly nextAttemptAt: number | null;
  /** Epoch ms when this state was entered. */
  readonly since: number;
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
}

/** True if the registration may move from `from` to `to` (staying put is always allowed). */
export function canTransitionRegistration(from: RegistrationState, to: RegistrationState): boolean {
  return from === to || REGISTRATION_TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError naming both states if the move is not in the table. */
export function assertRegistrationTransition(from: RegistrationState, to: RegistrationState): void {
  if (!canTransitionRegistration(from, to)) {
    throw new IllegalTransitionError(`registration cannot go from '${from}' to '${to}'`);
  }
}

/**
 * Maps the final response to a REGISTER (or a transport failure, `null`) to what the phone does
 * next: `auth_failed` and `rejected` stop and tell the agent; `unreachable` retries with backoff.
 */
export function registrationErrorFor(sipStatus: number | null): RegistrationError {
  if (sipStatus === null) return { kind: 'unreachable', sipStatus: null };
  if (sipStatus === 401 || sipStatus === 403 || sipStatus === 407) return { kind: 'auth_failed', sipStatus };
  if (sipStatus === 408 || sipStatus === 480 || (sipStatus >= 500 && sipStatus < 600)) return { kind: 'unreachable', sipStatus };
  return { kind: 'rejected', sipStatus };
}
