import type { Invitation} from 'sip.js';
import { Inviter, UserAgent } from 'sip.js';
import { newId } from '../../shared/domain/ids';
import type { CallQuality } from '../../shared/phone/call-quality';
import { isConnected } from '../../shared/phone/call-state';
import { dialUri, remoteLabel } from '../../shared/phone/dial-target';
import type { DtmfMethod } from '../../shared/phone/dtmf';
import { createListeners } from '../../shared/phone/listeners';
import { PhoneError } from '../../shared/phone/phone-error';
import { aorParts, parsePhoneSettings, type PhoneSettings } from '../../shared/phone/phone-settings';
import type { RegistrationSnapshot } from '../../shared/phone/registration-state';
import type {
  AudioDevices,
  CallOptions,
  CallSnapshot,
  PhoneNotice,
  PhoneNoticeKind,
  ReceivedDtmf,
  SipPort,
  Unsubscribe,
} from '../../shared/phone/sip-port';
import { canSelectOutput } from './audio-output';
import { CallSession, type CallContext } from './call-session';
import { listAudioDevices } from './devices';
import { browserEnvironment, type PhoneEnvironment } from './environment';
import { RegistrationController } from './registration-controller';
import { rollbackSdhFactory } from './rollback-sdh';
import { sipjsLogConnector } from './sip-log';
import { startSleepDetector } from './sleep-detector';
import type { AudioStatsSnapshot } from './stats-diff';

/**
 * The SipPort on sip.js 0.21 (WebRTC in Chromium / Electron). sip.js stays behind this class:
 * nothing else in the app imports it, so it can be replaced (it is unmaintained upstream).
 *
 * What it adds to sip.js: reconnection with backoff + re-REGISTER (registration-controller.ts),
 * sleep and network-change handling, truthful hold, end reasons, ringback, quality sampling and
 * the server-loss recovery of calls (call-session.ts).
 */
export class SipJsPhone implements SipPort {
  private readonly ua: UserAgent;
  private readonly registrationController: RegistrationController;
  private readonly live = new Map<string, CallSession>();
  private readonly domain: string;
  private readonly registrationListeners = createListeners<RegistrationSnapshot>();
  private readonly callListeners = createListeners<CallSnapshot>();
  private readonly dtmfListeners = createListeners<ReceivedDtmf>();
  private readonly qualityListeners = createListeners<CallQuality>();
  private readonly noticeListeners = createListeners<PhoneNotice>();
  private readonly stopSleepDetector: () => void;
  private readonly onOnline = (): void => {
    this.notice('network_online', null, null);
    void this.registrationController.recheck();
  };
  private readonly onOffline = (): void => {
    this.notice('network_offline', null, null);
    this.registrationController.goOffline();
  };
  private readonly onDeviceChange = (): void => void this.checkOutputStillThere();
  private inputDevice: string | null = null;
  private outputDevice: string | null = null;
  private disposed = false;

  /** Parses `settings` (PhoneSettingsError names any bad field) and builds the phone. */
  static create(settings: unknown, env: Partial<PhoneEnvironment> = {}): SipJsPhone {
    return new SipJsPhone(parsePhoneSettings(settings), browserEnvironment(env));
  }

  constructor(
    readonly settings: PhoneSettings,
    private readonly env: PhoneEnvironment,
  ) {
    this.domain = aorParts(settings.aor).domain;
    const uri = UserAgent.makeURI(settings.aor);
    if (!uri) throw new PhoneError('invalid_target', 'the AOR is not a SIP URI');
    const logger = env.logger;
    this.ua = new UserAgent({
      uri,
      authorizationUsername: settings.authUser,
      authorizationPassword: settings.authPassword,
      ...(settings.displayName ? { displayName: settings.displayName } : {}),
      transportOptions: { server: settings.serverUrl, connectionTimeout: 5, traceSip: false },
      sessionDescriptionHandlerFactory: rollbackSdhFactory(),
      sessionDescriptionHandlerFactoryOptions: {
        iceGatheringTimeout: settings.iceGatheringTimeoutMs,
        // Explicit: sip.js would otherwise use a public STUN server.
        peerConnectionConfiguration: { iceServers: settings.iceServers },
      },
      // Reconnection is ours (RegistrationController): sip.js would reconnect without re-REGISTERing.
      reconnectionAttempts: 0,
      logBuiltinEnabled: false,
      logLevel: logger ? 'log' : 'error',
      ...(logger ? { logConnector: sipjsLogConnector(logger) } : {}),
      userAgentString: 'Callgate',
      delegate: {
        onConnect: () => this.registrationController.handleConnect(),
        onDisconnect: (error) => this.registrationController.handleDisconnect(error),
        onInvite: (invitation) => this.incoming(invitation),
      },
    });
    this.registrationController = new RegistrationController(this.ua, settings, env, {
      changed: (snapshot) => this.registrationListeners.emit(snapshot),
      notice: (kind, sipStatus) => this.notice(kind, null, sipStatus),
      transportLost: () => {
        for (const call of [...this.live.values()]) call.signalingLost();
      },
      restored: () => {
        for (const call of [...this.live.values()]) call.probe();
      },
    });
    env.networkEvents.addEventListener('online', this.onOnline);
    env.networkEvents.addEventListener('offline', this.onOffline);
    env.mediaDevices.addEventListener?.('devicechange', this.onDeviceChange);
    this.stopSleepDetector = startSleepDetector({
      clock: env,
      onWake: () => {
        this.notice('woke_from_sleep', null, null);
        void this.registrationController.recheck();
      },
    });
  }

  registration(): RegistrationSnapshot {
    return this.registrationController.current;
  }

  calls(): readonly CallSnapshot[] {
    return [...this.live.values()].map((c) => c.snapshot);
  }

  async register(): Promise<void> {
    this.assertUsable();
    await this.registrationController.register();
  }

  async unregister(): Promise<void> {
    await Promise.all([...this.live.values()].map((c) => c.hangUp()));
    await this.registrationController.unregister();
  }

  prepareCall(): void {
    this.assertUsable();
  }

  async call(target: string, options: CallOptions = {}): Promise<string> {
    this.assertUsable();
    const uriText = dialUri(target, this.domain);
    if (this.registrationController.current.state !== 'registered') throw new PhoneError('not_registered', 'the phone is not registered');
    const uri = UserAgent.makeURI(uriText);
    if (!uri) throw new PhoneError('invalid_target', 'the dial target is not a valid SIP URI');
    const inviter = new Inviter(this.ua, uri, { earlyMedia: true });
    const id = newId();
    const call = new CallSession(id, inviter, 'outgoing', remoteLabel(uri.user ?? ''), this.callContext(options));
    this.live.set(id, call);
    call.invite(options.extraHeaders);
    return id;
  }

  async answer(callId: string): Promise<void> {
    await this.get(callId).answer();
  }

  async hangUp(callId: string): Promise<void> {
    await this.get(callId).hangUp();
  }

  async hold(callId: string): Promise<void> {
    await this.get(callId).setHold(true);
  }

  async unhold(callId: string): Promise<void> {
    await this.get(callId).setHold(false);
  }

  setMuted(callId: string, muted: boolean): void {
    this.get(callId).setMuted(muted);
  }

  async sendDtmf(callId: string, digits: string, method: DtmfMethod = this.settings.dtmfMethod): Promise<void> {
    await this.get(callId).sendDtmf(digits, method);
  }

  async transfer(callId: string, target: string): Promise<void> {
    const call = this.get(callId);
    await call.transfer(dialUri(target, this.domain));
  }

  async audioDevices(): Promise<AudioDevices> {
    const { inputs, outputs } = await listAudioDevices(this.env.mediaDevices);
    return { inputs, outputs, selectedInput: this.inputDevice, selectedOutput: this.outputDevice, canSelectOutput: canSelectOutput() };
  }

  async setAudioInput(deviceId: string | null): Promise<void> {
    if (deviceId !== null) {
      const { inputs } = await listAudioDevices(this.env.mediaDevices);
      if (!inputs.some((d) => d.deviceId === deviceId)) throw new PhoneError('device_not_found', 'that microphone is not connected');
    }
    this.inputDevice = deviceId;
    for (const call of this.live.values()) {
      if (isConnected(call.snapshot.state)) await call.switchMicrophone(deviceId);
    }
  }

  async setAudioOutput(deviceId: string | null): Promise<void> {
    if (deviceId !== null) {
      const { outputs } = await listAudioDevices(this.env.mediaDevices);
      if (!outputs.some((d) => d.deviceId === deviceId)) throw new PhoneError('device_not_found', 'that output device is not connected');
    }
    this.outputDevice = deviceId;
    for (const call of this.live.values()) await call.setOutput(deviceId);
  }

  onRegistrationChange(cb: (registration: RegistrationSnapshot) => void): Unsubscribe {
    return this.registrationListeners.add(cb);
  }
  onCallChange(cb: (call: CallSnapshot) => void): Unsubscribe {
    return this.callListeners.add(cb);
  }
  onDtmfReceived(cb: (dtmf: ReceivedDtmf) => void): Unsubscribe {
    return this.dtmfListeners.add(cb);
  }
  onQuality(cb: (quality: CallQuality) => void): Unsubscribe {
    return this.qualityListeners.add(cb);
  }
  onNotice(cb: (notice: PhoneNotice) => void): Unsubscribe {
    return this.noticeListeners.add(cb);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.stopSleepDetector();
    this.env.networkEvents.removeEventListener('online', this.onOnline);
    this.env.networkEvents.removeEventListener('offline', this.onOffline);
    this.env.mediaDevices.removeEventListener?.('devicechange', this.onDeviceChange);
    for (const call of [...this.live.values()]) call.abort();
    await this.registrationController.unregister().catch(() => undefined);
    await this.registrationController.dispose();
    await this.ua.stop().catch(() => undefined);
    for (const l of [this.registrationListeners, this.callListeners, this.dtmfListeners, this.qualityListeners, this.noticeListeners]) l.clear();
  }

  /** Diagnostics (not part of SipPort): raw audio counters of a call, from getStats. */
  async mediaStats(callId: string): Promise<AudioStatsSnapshot | null> {
    return await this.get(callId).mediaStats();
  }

  /** Diagnostics (not part of SipPort): output device and microphone of a call. */
  audioRouting(callId: string): { readonly sinkId: string; readonly microphone: string | null } {
    return this.get(callId).audioRouting();
  }

  private incoming(invitation: Invitation): void {
    if (this.disposed) {
      void invitation.reject({ statusCode: 480 }).catch(() => undefined);
      return;
    }
    const id = newId();
    const call = new CallSession(id, invitation, 'incoming', remoteLabel(invitation.remoteIdentity.uri.user ?? ''), this.callContext({}));
    this.live.set(id, call);
  }

  private callContext(options: CallOptions): CallContext {
    const settings = options.noAnswerTimeoutMs === undefined ? this.settings : { ...this.settings, noAnswerTimeoutMs: options.noAnswerTimeoutMs };
    return {
      settings,
      env: this.env,
      changed: (snapshot) => this.callListeners.emit(snapshot),
      notice: (kind, callId, sipStatus) => this.notice(kind, callId, sipStatus),
      dtmf: (dtmf) => this.dtmfListeners.emit(dtmf),
      quality: (quality) => this.qualityListeners.emit(quality),
      ended: (callId) => this.live.delete(callId),
      inputDevice: () => this.inputDevice,
      outputDevice: () => this.outputDevice,
      outputFailed: () => void this.outputLost(),
    };
  }

  private async checkOutputStillThere(): Promise<void> {
    if (this.outputDevice === null) return;
    const { outputs } = await listAudioDevices(this.env.mediaDevices);
    if (!outputs.some((d) => d.deviceId === this.outputDevice)) await this.outputLost();
  }

  private async outputLost(): Promise<void> {
    if (this.outputDevice === null) return;
    this.outputDevice = null;
    this.notice('output_device_lost', null, null);
    for (const call of this.live.values()) await call.setOutput(null).catch(() => undefined);
  }

  private notice(kind: PhoneNoticeKind, callId: string | null, sipStatus: number | null): void {
    this.noticeListeners.emit({ kind, at: this.env.now(), callId, sipStatus });
  }

  private get(callId: string): CallSession {
    const call = this.live.get(callId);
    if (!call) throw new PhoneError('no_such_call', 'no such call (it may have ended)');
    return call;
  }

  private assertUsable(): void {
    if (this.disposed) throw new PhoneError('invalid_state', 'the phone was disposed');
  }
}
