import { Registerer, RegistererState, RequestPendingError, UserAgentState, type RegistererRegisterOptions, type UserAgent } from 'sip.js';
import { PhoneError } from '../../shared/phone/phone-error';
import type { PhoneSettings } from '../../shared/phone/phone-settings';
import { reconnectDelayMs } from '../../shared/phone/reconnect-backoff';
import {
  assertRegistrationTransition,
  registrationErrorFor,
  type RegistrationError,
  type RegistrationSnapshot,
  type RegistrationState,
} from '../../shared/phone/registration-state';
import type { PhoneNoticeKind } from '../../shared/phone/sip-port';
import type { PhoneEnvironment } from './environment';
import { LivenessMonitor } from './liveness';
import { dropConnection } from './phone-transport';
import { httpProbe, ServerProbe, type ProbeSocket } from './server-probe';

/** How long a REGISTER may go unanswered before the connection is presumed dead. */
const REGISTER_TIMEOUT_MS = 5_000;

export interface RegistrationHooks {
  changed(snapshot: RegistrationSnapshot): void;
  notice(kind: PhoneNoticeKind, sipStatus: number | null): void;
  /** The transport to the server is gone (calls lose their signalling path). */
  transportLost(): void;
  /** Registered again after a loss: calls may now be probed, orphaned dialogs ended. */
  restored(): void;
}

/** How the controller checks the server: injectable so unit tests run without sockets. */
export interface ServerChecks {
  /** A bare connection attempt to the server (default: a WebSocket to serverUrl). */
  openProbe?: () => ProbeSocket;
}

/**
 * Keeps the phone registered: connects, REGISTERs, and after any loss (server restart, network
 * change, sleep) reconnects with backoff and jitter and REGISTERs again. sip.js does neither on
 * its own: after a transport loss its Registerer still says Registered, and a restarted server
 * has forgotten the binding (see /work/shared/SIP-TEST-STACK.md). States: registration-state.ts.
 */
export class RegistrationController {
  private snapshot: RegistrationSnapshot;
  private registerer: Registerer | null = null;
  /** The agent wants to be registered (register() called, unregister() not). */
  private wanted = false;
  /** Registered once, then lost: the next success is a restoration. */
  private lost = false;
  private attempt = 0;
  private retryTimer: unknown = null;
  private cycle: Promise<void> | null = null;
  private rechecking: Promise<void> | null = null;
  /** Resolvers of REGISTERs in flight, failed at once when the transport drops. */
  private readonly inFlight = new Set<(status: number | null) => void>();
  /** Keepalives while registered: a frozen server is noticed within seconds. */
  readonly liveness: LivenessMonitor;
  /** While waiting to reconnect: the server coming back cuts the wait short. */
  private readonly probe: ServerProbe;

  constructor(
    private readonly ua: UserAgent,
    private readonly settings: PhoneSettings,
    private readonly env: PhoneEnvironment,
    private readonly hooks: RegistrationHooks,
    checks: ServerChecks = {},
  ) {
    this.snapshot = { state: 'unregistered', aor: settings.aor, error: null, attempt: 0, nextAttemptAt: null, since: env.now() };
    this.liveness = new LivenessMonitor(env, settings.liveness, {
      ping: () => this.sendKeepalive(),
      unresponsive: () => this.serverUnresponsive(),
    });
    this.probe = new ServerProbe(env, settings.liveness.probeIntervalMs, checks.openProbe ?? (() => httpProbe(settings.serverUrl)));
  }

  get current(): RegistrationSnapshot {
    return this.snapshot;
  }

  /** Registered before, lost since, and trying to come back (reconnecting, offline or registering again). */
  get recovering(): boolean {
    const state = this.snapshot.state;
    return this.wanted && (state === 'reconnecting' || state === 'offline' || (state === 'registering' && this.lost));
  }

  /** Connects and registers; see SipPort.register for the promise's meaning. */
  async register(): Promise<void> {
    this.wanted = true;
    if (this.snapshot.state === 'registered') return;
    this.clearRetry();
    this.attempt = 0;
    if (this.snapshot.state === 'offline') this.set('reconnecting', registrationErrorFor(null));
    await this.runCycle();
  }

  /** Unregisters (best effort, bounded wait) and disconnects; no reconnection afterwards. */
  async unregister(): Promise<void> {
    this.wanted = false;
    this.clearRetry();
    if (this.cycle) await this.cycle.catch(() => undefined);
    const registerer = this.registerer;
    if (this.snapshot.state === 'registered' && registerer && this.ua.isConnected()) {
      this.set('unregistering', null);
      await Promise.race([
        new Promise<void>((resolve) => {
          registerer
            .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
            .catch(() => resolve());
        }),
        this.delay(3_000),
      ]);
    }
    this.registerer = null;
    if (this.ua.isConnected()) await this.ua.transport.disconnect().catch(() => undefined);
    this.set('unregistered', null);
  }

  /** UserAgent delegate: the transport connected. Nothing to do: cycles REGISTER themselves. */
  handleConnect(): void {}

  /** UserAgent delegate: the transport dropped. `error` is undefined when we closed it. */
  handleDisconnect(error?: Error): void {
    for (const fail of [...this.inFlight]) fail(null);
    if (!error || !this.wanted) return;
    this.hooks.transportLost();
    this.markLost();
    if (this.cycle) return; // the running cycle sees its REGISTER fail and schedules the retry
    this.scheduleRetry(registrationErrorFor(null));
  }

  /** The network came back, or the machine woke: the old socket may be dead. Check at once. */
  recheck(): Promise<void> {
    if (!this.wanted) return Promise.resolve();
    // `online` events come in bursts: one check at a time.
    this.rechecking ??= this.doRecheck().finally(() => {
      this.rechecking = null;
    });
    return this.rechecking;
  }

  private async doRecheck(): Promise<void> {
    this.clearRetry();
    this.attempt = 0;
    if (this.snapshot.state === 'registered' && this.ua.isConnected()) {
      const status = await this.sendRegister();
      if (status !== null && status >= 200 && status < 300) return;
      // A silent socket: drop it and start over, as after a server loss.
      this.hooks.transportLost();
      this.markLost();
      await dropConnection(this.ua.transport, 'no answer to REGISTER after a wake or network change');
    }
    if (this.snapshot.state === 'offline' || this.snapshot.state === 'registered') this.set('reconnecting', registrationErrorFor(null));
    await this.runCycle().catch(() => undefined);
  }

  /** The browser went offline: stop retrying until it is back (`recheck('online')`). */
  goOffline(): void {
    if (!this.wanted) return;
    const state = this.snapshot.state;
    if (state !== 'registered' && state !== 'registering' && state !== 'reconnecting') return;
    this.clearRetry();
    this.set('offline', registrationErrorFor(null));
  }

  async dispose(): Promise<void> {
    this.wanted = false;
    this.clearRetry();
    this.liveness.stop();
    for (const fail of [...this.inFlight]) fail(null);
    this.registerer = null;
    if (this.snapshot.state !== 'unregistered') this.set('unregistered', null);
  }

  /** One attempt: connect if needed, then REGISTER. Transient failures schedule the next one. */
  private runCycle(): Promise<void> {
    if (this.cycle) return this.cycle;
    const cycle = (async () => {
      // Whatever started this attempt (the backoff timer, the probe, a recheck), no other is due.
      this.clearRetry();
      this.set('registering', null);
      if (!this.ua.isConnected()) {
        try {
          await (this.ua.state === UserAgentState.Started ? this.ua.reconnect() : this.ua.start());
        } catch {
          const error = registrationErrorFor(null);
          this.scheduleRetry(error);
          throw new PhoneError('unreachable', 'cannot connect to the SIP server');
        }
      }
      const status = await this.sendRegister();
      if (status !== null && status >= 200 && status < 300) {
        this.attempt = 0;
        this.set('registered', null);
        if (this.lost) {
          this.lost = false;
          this.hooks.notice('server_restored', null);
          this.hooks.restored();
        }
        return;
      }
      const error = registrationErrorFor(status);
      if (error.kind === 'unreachable') {
        // No answer on an open socket means the socket is dead: reconnect from scratch.
        if (status === null && this.ua.isConnected()) await dropConnection(this.ua.transport, 'no answer to REGISTER');
        this.scheduleRetry(error);
        throw new PhoneError('unreachable', 'the SIP server did not accept the registration', status);
      }
      this.wanted = false;
      this.set('failed', error);
      throw error.kind === 'auth_failed'
        ? new PhoneError('auth_failed', 'the SIP server refused the user name or password', status)
        : new PhoneError('rejected', 'the SIP server refused the registration', status);
    })();
    this.cycle = cycle;
    const clear = (): void => {
      if (this.cycle === cycle) this.cycle = null;
    };
    cycle.then(clear, clear);
    return cycle;
  }

  /**
   * Sends a REGISTER and resolves with the final status, or null if the transport failed or no
   * answer came in time. A Registerer stuck on a REGISTER lost with the old connection is replaced.
   */
  private async sendRegister(): Promise<number | null> {
    const registerer = this.ensureRegisterer();
    let settle: (status: number | null) => void = () => undefined;
    const result = new Promise<number | null>((resolve) => {
      settle = (status) => {
        this.inFlight.delete(settle);
        resolve(status);
      };
    });
    this.inFlight.add(settle);
    const timer = this.env.setTimeout(() => settle(null), REGISTER_TIMEOUT_MS);
    const delegate: RegistererRegisterOptions = {
      requestDelegate: {
        onAccept: () => settle(200),
        onReject: (response) => settle(response.message.statusCode ?? null),
      },
    };
    try {
      await registerer.register(delegate);
    } catch (err) {
      if (err instanceof RequestPendingError) {
        // The old REGISTER died with the old socket; sip.js waits 32 s for it. Start afresh.
        void registerer.dispose().catch(() => undefined);
        this.registerer = null;
        try {
          await this.ensureRegisterer().register(delegate);
        } catch {
          settle(null);
        }
      } else {
        settle(null);
      }
    }
    const status = await result;
    this.env.clearTimeout(timer);
    return status;
  }

  private ensureRegisterer(): Registerer {
    if (this.registerer) return this.registerer;
    const registerer = new Registerer(this.ua, { expires: this.settings.registerExpiresSec });
    registerer.stateChange.addListener((state) => {
      // A refresh the server refused (or that timed out) while we believed we were registered.
      if (registerer !== this.registerer || !this.wanted || this.cycle) return;
      if (state === RegistererState.Unregistered && this.snapshot.state === 'registered') {
        this.scheduleRetry(registrationErrorFor(null));
      }
    });
    this.registerer = registerer;
    return registerer;
  }

  private markLost(): void {
    if (this.lost || this.snapshot.state !== 'registered') return;
    this.lost = true;
    this.hooks.notice('server_lost', null);
  }

  private scheduleRetry(error: RegistrationError): void {
    if (!this.wanted) return;
    this.clearRetry();
    if (!this.env.isOnline()) {
      this.set('offline', error);
      return;
    }
    const wait = reconnectDelayMs(this.attempt, this.settings.reconnect, this.env.random);
    this.attempt += 1;
    this.set('reconnecting', error, this.env.now() + wait);
    this.retryTimer = this.env.setTimeout(() => {
      this.retryTimer = null;
      this.probe.stop();
      this.runCycle().catch(() => undefined);
    }, wait);
    // A backoff of many seconds must not outlast the outage: the server visibly back ends the wait.
    if (wait > this.settings.liveness.probeIntervalMs) {
      this.probe.start(() => {
        if (this.retryTimer === null || !this.wanted) return;
        this.clearRetry();
        this.attempt = 0;
        this.runCycle().catch(() => undefined);
      });
    }
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.env.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.probe.stop();
  }

  /** An OPTIONS to the server's domain: any answer (even an error) proves the server is alive. */
  private sendKeepalive(): void {
    if (!this.ua.isConnected()) return;
    const core = this.ua.userAgentCore;
    const domain = this.ua.configuration.uri.clone();
    domain.user = undefined;
    const request = core.makeOutgoingRequestMessage('OPTIONS', domain, this.ua.configuration.uri, domain, {});
    try {
      core.request(request, {});
    } catch {
      // the transport just went: the disconnect handler takes over
    }
  }

  /** The keepalive went unanswered: drop the silent connection and reconnect as after a loss. */
  private serverUnresponsive(): void {
    if (!this.wanted || this.snapshot.state !== 'registered') return;
    this.hooks.notice('server_unresponsive', null);
    // Told once: server_unresponsive says it; no server_lost on top.
    this.lost = true;
    void dropConnection(this.ua.transport, 'the SIP server stopped answering (keepalive timed out)');
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.env.setTimeout(resolve, ms));
  }

  private set(state: RegistrationState, error: RegistrationError | null, nextAttemptAt: number | null = null): void {
    const previous = this.snapshot;
    if (previous.state === state && state !== 'reconnecting') return;
    assertRegistrationTransition(previous.state, state);
    this.snapshot = { state, aor: this.settings.aor, error, attempt: this.attempt, nextAttemptAt, since: this.env.now() };
    if (state === 'registered') this.liveness.start();
    else this.liveness.stop();
    this.hooks.changed(this.snapshot);
  }
}
