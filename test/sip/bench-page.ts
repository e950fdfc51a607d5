// Bench page (test/bench/parts/phone.ts): the same measurements through the Callgate adapter and
// through bare sip.js, in the same page, so the adapter's overhead is a ratio, not a guess.
import { Inviter, Registerer, SessionState, UserAgent, type Session, type UserAgentDelegate } from 'sip.js';
import type { PhoneSettingsInput } from '../../shared/phone/phone-settings';
import { SipJsPhone } from '../../renderer/phone/sipjs-phone';

export interface BenchApi {
  /** Connect + REGISTER (with its digest challenge) until registered, ms. */
  adapterRegister(settings: PhoneSettingsInput): Promise<number>;
  bareRegister(settings: PhoneSettingsInput): Promise<number>;
  /** call() / invite() until the call is established (answered by an auto-answering customer), ms. */
  adapterCall(target: string): Promise<number>;
  bareCall(target: string): Promise<number>;
  /** The accounts adapterCall / bareCall place their calls from (registered once, outside timings). */
  setCallers(adapter: PhoneSettingsInput, bare: PhoneSettingsInput): Promise<void>;
  /** Keep one registered adapter phone and one bare UA (manual reconnect) for the restart figure. */
  startLongLived(adapter: PhoneSettingsInput, bare: PhoneSettingsInput): Promise<void>;
  /** Epoch ms each was last seen registered after a loss (null if not yet). */
  reRegisteredAt(): { adapter: number | null; bare: number | null };
  resetReRegistered(): void;
  stopAll(): Promise<void>;
}

declare global {
  interface Window {
    bench: BenchApi;
  }
}

const ICE = { iceGatheringTimeout: 300, peerConnectionConfiguration: { iceServers: [] } };

function bareUa(s: PhoneSettingsInput, delegate: UserAgentDelegate = {}): UserAgent {
  const uri = UserAgent.makeURI(s.aor);
  if (!uri) throw new Error('bad AOR');
  return new UserAgent({
    uri,
    authorizationUsername: s.authUser,
    authorizationPassword: s.authPassword,
    transportOptions: { server: s.serverUrl },
    sessionDescriptionHandlerFactoryOptions: ICE,
    logBuiltinEnabled: false,
    delegate,
  });
}

function registerOnce(registerer: Registerer): Promise<void> {
  return new Promise((resolve, reject) => {
    registerer
      .register({ requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`REGISTER ${r.message.statusCode}`)) } })
      .catch(reject);
  });
}

let callPhone: SipJsPhone | null = null;
let callUa: UserAgent | null = null;
let longAdapter: SipJsPhone | null = null;
let longBare: UserAgent | null = null;
let adapterBackAt: number | null = null;
let bareBackAt: number | null = null;

window.bench = {
  async adapterRegister(settings) {
    const t0 = performance.now();
    const phone = SipJsPhone.create(settings);
    await phone.register();
    const ms = performance.now() - t0;
    await phone.dispose();
    return ms;
  },
  async bareRegister(settings) {
    const t0 = performance.now();
    const ua = bareUa(settings);
    await ua.start();
    await registerOnce(new Registerer(ua));
    const ms = performance.now() - t0;
    await ua.stop();
    return ms;
  },
  async setCallers(adapter, bare) {
    callPhone = SipJsPhone.create(adapter);
    await callPhone.register();
    callUa = bareUa(bare);
    await callUa.start();
    await registerOnce(new Registerer(callUa));
  },
  async adapterCall(target) {
    const phone = callPhone;
    if (!phone) throw new Error('setCallers first');
    const t0 = performance.now();
    const id = await phone.call(target);
    await new Promise<void>((resolve, reject) => {
      const off = phone.onCallChange((c) => {
        if (c.id !== id) return;
        if (c.state === 'active') {
          off();
          resolve();
        } else if (c.state === 'ended') {
          off();
          reject(new Error(`call ended: ${c.end?.reason}`));
        }
      });
    });
    const ms = performance.now() - t0;
    await phone.hangUp(id);
    return ms;
  },
  async bareCall(target) {
    const ua = callUa;
    if (!ua) throw new Error('setCallers first');
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new Error('bad target');
    const inviter: Session = new Inviter(ua, uri);
    const t0 = performance.now();
    const established = new Promise<void>((resolve, reject) => {
      inviter.stateChange.addListener((s) => {
        if (s === SessionState.Established) resolve();
        if (s === SessionState.Terminated) reject(new Error('terminated'));
      });
    });
    await (inviter as Inviter).invite();
    await established;
    const ms = performance.now() - t0;
    await inviter.bye();
    return ms;
  },
  async startLongLived(adapter, bare) {
    longAdapter = SipJsPhone.create(adapter);
    longAdapter.onRegistrationChange((r) => {
      if (r.state === 'registered') adapterBackAt = Date.now();
    });
    await longAdapter.register();
    // The baseline: bare sip.js with the minimal manual recovery of the stack notes (retry the
    // connection every 250 ms, re-REGISTER on connect).
    let registerer: Registerer | null = null;
    const ua = bareUa(bare, {
      onDisconnect: (error) => {
        if (!error) return;
        const retry = (): void => void ua.reconnect().catch(() => setTimeout(retry, 250));
        setTimeout(retry, 250);
      },
      onConnect: () => {
        if (!registerer) return;
        registerer = new Registerer(ua);
        void registerOnce(registerer).then(() => (bareBackAt = Date.now()));
      },
    });
    longBare = ua;
    await ua.start();
    registerer = new Registerer(ua);
    await registerOnce(registerer);
  },
  reRegisteredAt: () => ({ adapter: adapterBackAt, bare: bareBackAt }),
  resetReRegistered() {
    adapterBackAt = null;
    bareBackAt = null;
  },
  async stopAll() {
    await callPhone?.dispose();
    await longAdapter?.dispose();
    await callUa?.stop().catch(() => undefined);
    await longBare?.stop().catch(() => undefined);
  },
};
