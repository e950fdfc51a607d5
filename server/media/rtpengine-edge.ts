import type { BValue } from './bencode';
import type { MediaEdge, MediaParty } from './media-edge';
import { NgError, type NgClient } from './ng-client';

const UNKNOWN_CALL = /unknown call|call-id not found/i;

type Dict = { readonly [key: string]: BValue };
const dict = (v: BValue | undefined): Dict => (v !== undefined && typeof v === 'object' && !Array.isArray(v) ? (v as Dict) : {});
const list = (v: BValue | undefined): readonly BValue[] => (Array.isArray(v) ? (v as readonly BValue[]) : []);

/** The parties of an ng `query` answer: per tag, its first audio media's protocol, codec and RTP port. */
export function partiesOfQuery(reply: Dict): MediaParty[] {
  const out: MediaParty[] = [];
  for (const [tag, value] of Object.entries(dict(reply['tags']))) {
    const media = list(dict(value)['medias']).map(dict).find((m) => m['type'] === 'audio');
    if (!media) continue;
    const rtp = list(media['streams']).map(dict).find((s) => list(s['flags']).includes('RTP'));
    const port = rtp?.['local port'];
    out.push({
      tag,
      protocol: typeof media['protocol'] === 'string' ? media['protocol'] : '',
      port: typeof port === 'number' ? port : null,
      codec: typeof media['codec'] === 'string' ? media['codec'] : null,
    });
  }
  return out;
}

/** What a WebRTC leg needs from rtpengine (SIP-TEST-STACK.md): DTLS-SRTP with ICE and rtcp-mux, no SDES. */
const WEBRTC = { 'transport-protocol': 'UDP/TLS/RTP/SAVPF', ICE: 'force', 'rtcp-mux': ['require'], SDES: ['off'] } as const;

/**
 * rtpengine 10.5 gives every stream of a multi-party subscription the same `a=mid`, which a browser
 * refuses ("Duplicate a=mid value"); each m= section gets its own mid here, in order.
 */
export function uniqueMids(sdp: string): string {
  let i = 0;
  return sdp.replace(/^a=mid:[^\r\n]*/gm, () => `a=mid:${i++}`);
}

/** The media edge over rtpengine's ng protocol (10.5: `start recording` with the pcap method, subscribe/publish). */
export class RtpengineEdge implements MediaEdge {
  constructor(private readonly ng: NgClient) {}

  async subscribe(mediaCallId: string, fromTags: readonly string[], toTag: string): Promise<string> {
    const reply = await this.ng.request('subscribe request', { 'call-id': mediaCallId, 'from-tags': [...fromTags], 'to-tag': toTag, ...WEBRTC, flags: ['generate mid'] });
    return uniqueMids(String(reply['sdp'] ?? ''));
  }

  async subscribeAnswer(mediaCallId: string, toTag: string, sdp: string): Promise<void> {
    await this.ng.request('subscribe answer', { 'call-id': mediaCallId, 'to-tag': toTag, sdp });
  }

  async unsubscribe(mediaCallId: string, toTag: string): Promise<void> {
    try {
      await this.ng.request('unsubscribe', { 'call-id': mediaCallId, 'to-tag': toTag });
    } catch (err) {
      if (err instanceof NgError && (UNKNOWN_CALL.test(err.reason) || /unknown|not found/i.test(err.reason))) return;
      throw err;
    }
  }

  async publish(mediaCallId: string, fromTag: string, sdp: string): Promise<string> {
    const reply = await this.ng.request('publish', { 'call-id': mediaCallId, 'from-tag': fromTag, sdp, ...WEBRTC });
    return String(reply['sdp'] ?? '');
  }

  async block(mediaCallId: string, fromTag: string): Promise<void> {
    try {
      await this.ng.request('block media', { 'call-id': mediaCallId, 'from-tag': fromTag });
    } catch (err) {
      if (err instanceof NgError && UNKNOWN_CALL.test(err.reason)) return;
      throw err;
    }
  }

  async startRecording(mediaCallId: string, metadata: string): Promise<void> {
    await this.ng.request('start recording', { 'call-id': mediaCallId, metadata });
  }

  async stopRecording(mediaCallId: string): Promise<void> {
    try {
      await this.ng.request('stop recording', { 'call-id': mediaCallId });
    } catch (err) {
      if (err instanceof NgError && UNKNOWN_CALL.test(err.reason)) return;
      throw err;
    }
  }

  async parties(mediaCallId: string): Promise<MediaParty[]> {
    try {
      return partiesOfQuery(await this.ng.request('query', { 'call-id': mediaCallId }));
    } catch (err) {
      if (err instanceof NgError && UNKNOWN_CALL.test(err.reason)) return [];
      throw err;
    }
  }
}
