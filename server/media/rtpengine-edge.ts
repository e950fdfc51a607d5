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

/** The media edge over rtpengine's ng protocol (10.5: `start recording` with the pcap method). */
export class RtpengineEdge implements MediaEdge {
  constructor(private readonly ng: NgClient) {}

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
