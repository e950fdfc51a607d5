import { Web, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';
import type { Prewarm } from './prewarm';

/**
 * sip.js 0.21's web SessionDescriptionHandler has no `rollbackDescription`: when a re-INVITE is
 * refused (e.g. 488 to a hold), the peer connection stays in `have-local-offer` with the refused
 * offer applied. Chromium then stops decoding received audio (one-way audio), and every later
 * re-INVITE fails with "Invalid signaling state". This subclass adds the rollback sip.js calls.
 */
export class RollbackSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  /**
   * Uses `warm` (a peer connection made ahead of the call, its ICE candidates already gathered)
   * instead of the one sip.js just made.
   */
  adoptPeerConnection(warm: RTCPeerConnection): void {
    this._peerConnection?.close();
    this._peerConnection = warm;
    // sip.js wires its track and ICE handlers in a private method; run it for the adopted connection.
    (this as unknown as { initPeerConnectionEventHandlers(): void }).initPeerConnectionEventHandlers();
  }

  async rollbackDescription(): Promise<void> {
    const pc = this.peerConnection;
    if (!pc) return;
    if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
    else if (pc.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' });
    // The refused offer's setDirection() survives a rollback: return to what was negotiated.
    let receives = false;
    for (const transceiver of pc.getTransceivers()) {
      const current = transceiver.currentDirection;
      if (!current || current === 'stopped') continue;
      transceiver.direction = current;
      receives ||= current === 'sendrecv' || current === 'recvonly';
    }
    // Chromium stopped its audio receiver when the refused (sendonly) offer was applied, and the
    // rollback does not start it again: apply a local offer in the negotiated direction and roll
    // that back too. Nothing is sent; the receiver decodes again.
    if (receives) {
      await pc.setLocalDescription(await pc.createOffer());
      await pc.setLocalDescription({ type: 'rollback' });
    }
  }
}

/**
 * sip.js's default SDH factory, building RollbackSessionDescriptionHandler instead, and taking the
 * pre-warmed microphone and peer connection (prewarm.ts) when there are any.
 */
export function rollbackSdhFactory(prewarm: Prewarm | null = null): SessionDescriptionHandlerFactory {
  const fresh = Web.defaultMediaStreamFactory();
  const mediaStreamFactory: Web.MediaStreamFactory = (constraints, sdh, options) => prewarm?.takeStream(constraints) ?? fresh(constraints, sdh, options);
  return (session: Session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    const logger = session.userAgent.getLogger('sip.SessionDescriptionHandler');
    const sdh = new RollbackSessionDescriptionHandler(logger, mediaStreamFactory, {
      iceGatheringTimeout: options?.iceGatheringTimeout ?? 5_000,
      peerConnectionConfiguration: { ...Web.defaultPeerConnectionConfiguration(), ...options?.peerConnectionConfiguration },
    });
    const warm = prewarm?.takePeerConnection();
    if (warm) sdh.adoptPeerConnection(warm);
    return sdh;
  };
}
