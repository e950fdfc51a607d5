import { TransportState, Web } from 'sip.js';

/** The parts of sip.js's web transport this class reaches into (private in its typings). */
interface TransportInternals {
  _ws: WebSocket | undefined;
  transitionState(state: TransportState, error?: Error): void;
}

/**
 * sip.js's WebSocket transport, plus abandon(): drop the connection now. A frozen server never
 * answers the WebSocket closing handshake, so sip.js's disconnect() would wait for it (up to a
 * minute in Chromium) before the phone could reconnect; abandon() closes the socket without
 * waiting and reports the loss at once, as if the server had closed it.
 */
export class PhoneTransport extends Web.Transport {
  abandon(reason: string): void {
    const self = this as unknown as TransportInternals;
    if (this.state === TransportState.Disconnected) return;
    const ws = self._ws;
    // sip.js ignores events of a socket that is no longer its own.
    self._ws = undefined;
    try {
      ws?.close();
    } catch {
      // already closing
    }
    self.transitionState(TransportState.Disconnected, new Error(reason));
  }
}

/** A transport that can drop its connection at once (PhoneTransport; test transports too). */
interface Abandonable {
  abandon(reason: string): void;
}

/**
 * Drops `transport`'s connection without waiting for the server, reported as a loss (the
 * transport's onDisconnect gets an error), or disconnects it if it cannot.
 */
export async function dropConnection(transport: object, reason: string): Promise<void> {
  if ('abandon' in transport && typeof transport.abandon === 'function') {
    (transport as Abandonable).abandon(reason);
    return;
  }
  await (transport as { disconnect(): Promise<void> }).disconnect().catch(() => undefined);
}
