import { Web, type Session, type SessionDescriptionHandlerFactory } from 'sip.js';

/**
 * sip.js 0.21's web SessionDescriptionHandler has no `rollbackDescription`: when a re-INVITE is
 * refused (e.g. 488 to a hold), the peer connection stays in `have-local-offer` with the refused
 * offer applied. Chromium then stops decoding received audio (one-way audio), and every later
 * re-INVITE fails with "Invalid signaling state". This subclass adds the rollback sip.js calls.
 */
export class RollbackSessionDescriptionHandler extends Web.SessionDescriptionHandler {
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

/** sip.js's default SDH factory, building RollbackSessionDescriptionHandler instead. */
export function rollbackSdhFactory(): SessionDescriptionHandlerFactory {
  const mediaStreamFactory = Web.defaultMediaStreamFactory();
  return (session: Session, options?: Web.SessionDescriptionHandlerFactoryOptions) => {
    const logger = session.userAgent.getLogger('sip.SessionDescriptionHandler');
    return new RollbackSessionDescriptionHandler(logger, mediaStreamFactory, {
      iceGatheringTimeout: options?.iceGatheringTimeout ?? 5_000,
      peerConnectionConfiguration: { ...Web.defaultPeerConnectionConfiguration(), ...options?.peerConnectionConfiguration },
    });
  };
}
