import type { IceServer } from '../../shared/phone/phone-settings';
import type { PhoneEnvironment } from './environment';

/** The phone's ICE servers as WebRTC takes them (absent fields left out, not undefined). */
export function rtcIceServers(servers: readonly IceServer[]): RTCIceServer[] {
  return servers.map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) }));
}

/** The peer connection settings the phone uses (ICE servers: never a public STUN server). */
export type PeerConnectionFactory = (configuration: RTCConfiguration) => RTCPeerConnection;

/**
 * A microphone stream and a peer connection made before the agent dials (SipPort.prepareCall):
 * getUserMedia and ICE gathering are most of a call's setup time, and both can run while the agent
 * reads the lead card. The peer connection is made with `iceCandidatePoolSize` so the browser
 * gathers candidates at once, before any offer. The next call takes both (once); unused, they are
 * released after `idleMs`, on a microphone change, on unregister and on dispose.
 */
export class Prewarm {
  private stream: { readonly key: string; readonly promise: Promise<MediaStream> } | null = null;
  private pc: RTCPeerConnection | null = null;
  private idleTimer: unknown = null;

  constructor(
    private readonly env: Pick<PhoneEnvironment, 'mediaDevices' | 'setTimeout' | 'clearTimeout'>,
    private readonly configuration: RTCConfiguration,
    private readonly idleMs: number,
    private readonly createPeerConnection: PeerConnectionFactory = (c) => new RTCPeerConnection(c),
  ) {}

  /** True while something is warm (diagnostics and tests). */
  get warm(): boolean {
    return this.stream !== null || this.pc !== null;
  }

  /** Warms a stream for `constraints` and a peer connection; restarts the idle timer. */
  prepare(constraints: MediaStreamConstraints): void {
    const key = JSON.stringify(constraints);
    if (this.stream && this.stream.key !== key) this.releaseStream();
    if (!this.stream) {
      const promise = this.env.mediaDevices.getUserMedia(constraints);
      // A refusal shows when the call asks again; a warm-up never reports it.
      promise.catch(() => {
        if (this.stream?.promise === promise) this.stream = null;
      });
      this.stream = { key, promise };
    }
    this.pc ??= this.createPeerConnection({ ...this.configuration, iceCandidatePoolSize: 1 });
    if (this.idleTimer !== null) this.env.clearTimeout(this.idleTimer);
    this.idleTimer = this.env.setTimeout(() => {
      this.idleTimer = null;
      this.release();
    }, this.idleMs);
  }

  /** The warm stream if it was made for the same constraints (given away: the call owns it now). */
  takeStream(constraints: MediaStreamConstraints): Promise<MediaStream> | null {
    const warm = this.stream;
    if (!warm || warm.key !== JSON.stringify(constraints)) return null;
    this.stream = null;
    this.stopIdleTimerIfCold();
    return warm.promise;
  }

  /** The warm peer connection, if any (given away). */
  takePeerConnection(): RTCPeerConnection | null {
    const pc = this.pc;
    this.pc = null;
    this.stopIdleTimerIfCold();
    return pc && pc.signalingState !== 'closed' ? pc : null;
  }

  /** Stops the warm microphone and closes the warm peer connection. */
  release(): void {
    this.releaseStream();
    this.pc?.close();
    this.pc = null;
    if (this.idleTimer !== null) this.env.clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private releaseStream(): void {
    const warm = this.stream;
    this.stream = null;
    void warm?.promise.then((s) => s.getTracks().forEach((t) => t.stop())).catch(() => undefined);
  }

  private stopIdleTimerIfCold(): void {
    if (this.warm || this.idleTimer === null) return;
    this.env.clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
