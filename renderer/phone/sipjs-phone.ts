import { Inviter, UserAgent, Web, type Invitation, type Session } from 'sip.js';
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
import { CallSignalling } from './call/call-signalling';
import { CallMedia } from './call-media';
import { listAudioDevices, microphoneConstraints } from './devices';
import { browserEnvironment, type PhoneEnvironment } from './environment';
import { describeOrphanOutcome, OrphanDialogs } from './orphans';
import { PhoneTransport } from './phone-transport';
import { Prewarm, rtcIceServers } from './prewarm';
import { RegistrationController, type ServerChecks } from './registration-controller';
import { rollbackSdhFactory } from './rollback-sdh';
import { sipjsLogConnector, type PhoneLogger } from './sip-log';
import { SipJsSession } from './sipjs-session';
import { startSleepDetector } from './sleep-detector';
import type { AudioStatsSnapshot } from './stats-diff';

/** One live call: its signalling state machine, its media, and the sip.js session under both. */
interface LiveCall {
  readonly signalling: CallSignalling;
  readonly media: CallMedia;
  readonly session: SipJsSession;
}

/**
 * The SipPort on sip.js 0.21 (WebRTC in Chromium / Electron). sip.js stays behind this class:
 * nothing else in the app imports it, so it can be replaced (it is unmaintained upstream).
 *
 * What it adds to sip.js: reconnection with backoff + re-REGISTER, keepalives that notice a frozen
 * server, and a probe that ends the backoff when the server is back (registration-controller.ts);
 * sleep and network-change handling; per call a signalling state machine (call/call-signalling.ts)
 * over the sip.js session (sipjs-session.ts) and a media component (call-media.ts: health,
 * quality, ringback, devices); hold both ways; BYE/CANCEL for dialogs dropped during an outage
 * (orphans.ts); a pre-warmed microphone and peer connection (prewarm.ts).
 */
export class SipJsPhone implements SipPort {
  private readonly ua: UserAgent;
  private readonly registrationController: RegistrationController;
  private readonly live = new Map<string, LiveCall>();
  private readonly orphans: OrphanDialogs;
  private readonly prewarm: Prewarm;
  private readonly log: PhoneLogger;
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
  static create(settings: unknown, env: Partial<PhoneEnvironment> = {}, checks: ServerChecks = {}): SipJsPhone {
    return new SipJsPhone(parsePhoneSettings(settings), browserEnvironment(env), checks);
  }

  constructor(
    readonly settings: PhoneSettings,
    private readonly env: PhoneEnvironment,
    checks: ServerChecks = {},
  ) {
    this.domain = aorParts(settings.aor).domain;
    const uri = UserAgent.makeURI(settings.aor);
    if (!uri) throw new PhoneError('invalid_target', 'the AOR is not a SIP URI');
    const logger = env.logger;
    this.log = logger ?? (() => undefined);
    const peerConnectionConfiguration = { ...Web.defaultPeerConnectionConfiguration(), iceServers: rtcIceServers(settings.iceServers) };
    this.prewarm = new Prewarm(env, peerConnectionConfiguration, settings.prewarmIdleMs);
    this.ua = new UserAgent({
      uri,
      authorizationUsername: settings.authUser,
      authorizationPassword: settings.authPassword,
      ...(settings.displayName ? { displayName: settings.displayName } : {}),
      transportOptions: { server: settings.serverUrl, connectionTimeout: 5, traceSip: false },
      // sip.js's WebSocket transport, plus dropping a connection to a frozen server without waiting.
      transportConstructor: PhoneTransport,
      sessionDescriptionHandlerFactory: rollbackSdhFactory(this.prewarm),
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
    this.orphans = new OrphanDialogs(
      this.ua,
      { now: env.now, setTimeout: env.setTimeout, clearTimeout: env.clearTimeout, canSend: () => this.registrationController.current.state === 'registered' },
      (outcome) => {
        const { level, message } = describeOrphanOutcome(outcome);
        this.log(level, message);
      },
    );
    this.registrationController = new RegistrationController(
      this.ua,
      settings,
      env,
      {
        changed: (snapshot) => this.registrationListeners.emit(snapshot),
        notice: (kind, sipStatus) => this.notice(kind, null, sipStatus),
        transportLost: () => {
          for (const call of [...this.live.values()]) call.signalling.signalingLost();
        },
        restored: () => {
          for (const call of [...this.live.values()]) void call.signalling.probe();
          this.orphans.endAll();
        },
      },
      checks,
    );
    // Anything the server sends proves it alive (keepalive accounting).
    const transport = this.ua.transport;
    const deliver = transport.onMessage;
    transport.onMessage = (message) => {
      this.registrationController.liveness.received();
      deliver?.(message);
    };
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
    return [...this.live.values()].map((c) => c.signalling.snapshot);
  }

  async register(): Promise<void> {
    this.assertUsable();
    await this.registrationController.register();
  }

  async unregister(): Promise<void> {
    this.prewarm.release();
    await Promise.all([...this.live.values()].map((c) => c.signalling.hangUp()));
    await this.registrationController.unregister();
  }

  prepareCall(): void {
    this.assertUsable();
    this.prewarm.prepare(microphoneConstraints(this.inputDevice));
  }

  async call(target: string, options: CallOptions = {}): Promise<string> {
    this.assertUsable();
    const uriText = dialUri(target, this.domain);
    const registration = this.registrationController.current.state;
    if (registration !== 'registered') {
      // After a loss the reason is the server, not the agent: say so (never place into a dead connection).
      if (this.registrationController.recovering) throw new PhoneError('unreachable', 'the phone server cannot be reached right now; the phone is reconnecting');
      throw new PhoneError('not_registered', 'the phone is not registered');
    }
    const uri = UserAgent.makeURI(uriText);
    if (!uri) throw new PhoneError('invalid_target', 'the dial target is not a valid SIP URI');
    const inviter = new Inviter(this.ua, uri, { earlyMedia: true });
    const id = newId();
    const call = this.track(id, inviter, 'outgoing', options.label ?? remoteLabel(uri.user ?? ''), options);
    call.signalling.invite(options.extraHeaders);
    // No answer at all to this INVITE soon means a frozen server: check at once.
    this.registrationController.liveness.expectAnswer();
    return id;
  }

  async answer(callId: string): Promise<void> {
    await this.get(callId).signalling.answer();
  }

  async hangUp(callId: string): Promise<void> {
    await this.get(callId).signalling.hangUp();
  }

  async hold(callId: string): Promise<void> {
    await this.get(callId).signalling.setHold(true);
  }

  async unhold(callId: string): Promise<void> {
    await this.get(callId).signalling.setHold(false);
  }

  setMuted(callId: string, muted: boolean): void {
    this.get(callId).signalling.setMuted(muted);
  }

  async sendDtmf(callId: string, digits: string, method: DtmfMethod = this.settings.dtmfMethod): Promise<void> {
    await this.get(callId).signalling.sendDtmf(digits, method);
  }

  async transfer(callId: string, target: string): Promise<void> {
    const call = this.get(callId);
    await call.signalling.transfer(dialUri(target, this.domain));
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
    // A warm stream of the old microphone must not be used for the next call.
    this.prewarm.release();
    for (const call of this.live.values()) {
      if (isConnected(call.signalling.snapshot.state)) await call.media.switchMicrophone(deviceId);
    }
  }

  async setAudioOutput(deviceId: string | null): Promise<void> {
    if (deviceId !== null) {
      const { outputs } = await listAudioDevices(this.env.mediaDevices);
      if (!outputs.some((d) => d.deviceId === deviceId)) throw new PhoneError('device_not_found', 'that output device is not connected');
    }
    this.outputDevice = deviceId;
    for (const call of this.live.values()) await call.media.setOutput(deviceId);
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
    for (const call of [...this.live.values()]) call.signalling.abort();
    this.prewarm.release();
    this.orphans.clear();
    await this.registrationController.unregister().catch(() => undefined);
    await this.registrationController.dispose();
    await this.ua.stop().catch(() => undefined);
    for (const l of [this.registrationListeners, this.callListeners, this.dtmfListeners, this.qualityListeners, this.noticeListeners]) l.clear();
  }

  /** Diagnostics (not part of SipPort): raw audio counters of a call, from getStats. */
  async mediaStats(callId: string): Promise<AudioStatsSnapshot | null> {
    return await this.get(callId).media.stats();
  }

  /** Diagnostics (not part of SipPort): dialogs whose BYE/CANCEL after an outage is not answered yet, pre-warm state. */
  diagnostics(): { readonly orphans: number; readonly warm: boolean; readonly liveCalls: number } {
    return { orphans: this.orphans.size, warm: this.prewarm.warm, liveCalls: this.live.size };
  }

  /** Diagnostics (not part of SipPort): output device and microphone of a call. */
  audioRouting(callId: string): { readonly sinkId: string; readonly microphone: string | null } {
    return this.get(callId).media.routing();
  }

  private incoming(invitation: Invitation): void {
    if (this.disposed) {
      void invitation.reject({ statusCode: 480 }).catch(() => undefined);
      return;
    }
    this.track(newId(), invitation, 'incoming', remoteLabel(invitation.remoteIdentity.uri.user ?? ''), {});
  }

  /** Builds a call's three parts over `session` and keeps it live until it ends. */
  private track(id: string, session: Session, direction: 'outgoing' | 'incoming', label: string, options: CallOptions): LiveCall {
    let signalling: CallSignalling | null = null;
    const media = new CallMedia({
      callId: id,
      env: this.env,
      settings: this.settings,
      outputDevice: () => this.outputDevice,
      outputFailed: () => void this.outputLost(),
      quality: (quality) => this.qualityListeners.emit(quality),
      health: (health) => signalling?.mediaHealth(health),
      failed: () => signalling?.mediaFailed(),
    });
    const sipSession = new SipJsSession(session, {
      sdhOptions: (hold) => ({ constraints: microphoneConstraints(this.inputDevice), hold, iceGatheringTimeout: this.settings.iceGatheringTimeoutMs }),
      mediaReady: (sdh) => media.attach(sdh),
      orphan: (s) => this.orphans.add(s),
    });
    signalling = new CallSignalling(
      {
        id,
        direction,
        remoteLabel: label,
        noAnswerTimeoutMs: options.noAnswerTimeoutMs ?? this.settings.noAnswerTimeoutMs,
        callRecoveryTimeoutMs: this.settings.callRecoveryTimeoutMs,
        clock: this.env,
        log: this.log,
        changed: (snapshot) => this.callListeners.emit(snapshot),
        notice: (kind, sipStatus) => this.notice(kind, id, sipStatus),
        dtmf: (digit) => this.dtmfListeners.emit({ callId: id, digit }),
        ended: () => this.live.delete(id),
      },
      sipSession,
      media,
    );
    const call: LiveCall = { signalling, media, session: sipSession };
    if (signalling.snapshot.state !== 'ended') this.live.set(id, call);
    return call;
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
    for (const call of this.live.values()) await call.media.setOutput(null).catch(() => undefined);
  }

  private notice(kind: PhoneNoticeKind, callId: string | null, sipStatus: number | null): void {
    this.noticeListeners.emit({ kind, at: this.env.now(), callId, sipStatus });
  }

  private get(callId: string): LiveCall {
    const call = this.live.get(callId);
    if (!call) throw new PhoneError('no_such_call', 'no such call (it may have ended)');
    return call;
  }

  private assertUsable(): void {
    if (this.disposed) throw new PhoneError('invalid_state', 'the phone was disposed');
  }
}
