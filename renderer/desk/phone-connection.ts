import type { CallgateBridge } from '../../shared/ipc/channels';
import type { ProvisionedSip } from '../../shared/ipc/connection';
import type { Settings } from '../../shared/ipc/settings';
import type { PhoneSettingsInput } from '../../shared/phone/phone-settings';
import type { CallQuality } from '../../shared/phone/call-quality';
import type { RegistrationSnapshot } from '../../shared/phone/registration-state';
import type { CallSnapshot, SipPort } from '../../shared/phone/sip-port';
import { unwrap } from '../bridge';
import { createSipPhone } from '../phone';

/**
 * Whether the phone must connect again: the SIP settings differ in value. A settings update that changed
 * something else (the language) hands back a new `sip` object with the same values; comparing objects
 * re-registered the phone and dropped a call in progress.
 */
export function sipSettingsChanged(a: Settings['sip'], b: Settings['sip']): boolean {
  return a !== b && JSON.stringify(a) !== JSON.stringify(b);
}

/**
 * Owns the desk's phone: builds the sip.js adapter from the provisioned SIP edge and ICE servers
 * (`connection:get`, decision 0015; never a setting), the agent's ICE gathering setting and the
 * session's ephemeral SIP credentials (from the API through the main process, decision 0011),
 * registers it while the agent is signed in, renews the credentials before they expire, and forwards
 * call changes to the store. Without a SIP edge URL or credentials there is no phone, and the desk says so.
 */
export class PhoneConnection {
  private port: SipPort | null = null;
  private readonly callListeners = new Set<(c: CallSnapshot) => void>();
  private readonly registrationListeners = new Set<(r: RegistrationSnapshot | null) => void>();
  private readonly qualityListeners = new Set<(q: CallQuality) => void>();
  private unsubscribe: (() => void) | undefined;
  private renewal: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly bridge: CallgateBridge,
    private readonly factory: (settings: PhoneSettingsInput) => SipPort = createSipPhone,
  ) {}

  current(): SipPort | null {
    return this.port;
  }

  onCall(cb: (c: CallSnapshot) => void): () => void {
    this.callListeners.add(cb);
    return () => this.callListeners.delete(cb);
  }

  /** The registration of whichever phone is current; null while there is none. */
  onRegistration(cb: (r: RegistrationSnapshot | null) => void): () => void {
    this.registrationListeners.add(cb);
    return () => this.registrationListeners.delete(cb);
  }

  onQuality(cb: (q: CallQuality) => void): () => void {
    this.qualityListeners.add(cb);
    return () => this.qualityListeners.delete(cb);
  }

  private emitRegistration(r: RegistrationSnapshot | null): void {
    for (const l of this.registrationListeners) l(r);
  }

  async connect(settings: Settings, sip: ProvisionedSip | null): Promise<void> {
    await this.disconnect();
    if (!sip?.wsUrl) return;
    const credentials = await unwrap(this.bridge.sip.credentials(undefined)).catch(() => null);
    if (!credentials) return;
    const port = this.factory({
      serverUrl: sip.wsUrl,
      aor: credentials.aor,
      authUser: credentials.authUser,
      authPassword: credentials.password,
      iceServers: sip.iceServers,
      iceGatheringTimeoutMs: settings.sip.iceGatheringTimeoutMs,
    });
    this.port = port;
    const offCalls = port.onCallChange((c) => {
      for (const l of this.callListeners) l(c);
    });
    const offRegistration = port.onRegistrationChange((r) => this.emitRegistration(r));
    const offQuality = port.onQuality((q) => {
      for (const l of this.qualityListeners) l(q);
    });
    this.unsubscribe = () => {
      offCalls();
      offRegistration();
      offQuality();
    };
    this.emitRegistration(port.registration());
    this.scheduleRenewal(settings, sip, credentials.expiresAt);
    await port.register().catch(() => undefined); // the registration state shows why
    // The agent's chosen headset, if it is still there (the phone falls back to the default otherwise).
    if (settings.devices.inputId) await port.setAudioInput(settings.devices.inputId).catch(() => undefined);
    if (settings.devices.outputId) await port.setAudioOutput(settings.devices.outputId).catch(() => undefined);
  }

  /**
   * New credentials (a new phone registered with them) a minute before these expire, or at the half
   * of a shorter life; while a call is up, the renewal waits for it to end (checked every 15 s).
   */
  private scheduleRenewal(settings: Settings, sip: ProvisionedSip, expiresAt: string): void {
    clearTimeout(this.renewal);
    const left = Date.parse(expiresAt) - Date.now();
    const wait = Math.max(1000, Math.min(left - 60_000, left / 2));
    const renew = (): void => {
      const port = this.port;
      if (!port) return;
      if (port.calls().length > 0) {
        this.renewal = setTimeout(renew, 15_000);
        return;
      }
      void this.connect(settings, sip);
    };
    this.renewal = setTimeout(renew, Math.min(wait, 2_147_000_000));
  }

  async disconnect(): Promise<void> {
    clearTimeout(this.renewal);
    this.renewal = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const port = this.port;
    this.port = null;
    this.emitRegistration(null);
    await port?.dispose();
  }
}
