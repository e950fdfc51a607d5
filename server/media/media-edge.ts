/**
 * What the API needs from the media edge (rtpengine) for one call's media, told apart from the ng
 * protocol so recording and live listening can be tested with a fake and run against the real one.
 */

/** One party of a call as the media edge sees it: its tag, the edge port it sends to, its codec. */
export interface MediaParty {
  readonly tag: string;
  /** `RTP/AVP` for the trunk, `UDP/TLS/RTP/SAVPF` for a WebRTC desk. */
  readonly protocol: string;
  /** The edge's local port this party's RTP arrives at (what a recording captures). */
  readonly port: number | null;
  readonly codec: string | null;
}

export interface MediaEdge {
  /** Starts capturing the call's media from now on; `metadata` is stored beside the capture. */
  startRecording(mediaCallId: string, metadata: string): Promise<void>;
  /** Stops capturing; a call the edge no longer knows counts as stopped. */
  stopRecording(mediaCallId: string): Promise<void>;
  /** The parties of the call (empty when the edge does not know the call). */
  parties(mediaCallId: string): Promise<MediaParty[]>;
  /**
   * A new WebRTC listener (`toTag`) of the given parties: returns the edge's send-only offer, one audio
   * stream per party (not mixed; the listener plays them together).
   */
  subscribe(mediaCallId: string, fromTags: readonly string[], toTag: string): Promise<string>;
  /** The listener's answer to that offer; media flows from then on. */
  subscribeAnswer(mediaCallId: string, toTag: string, sdp: string): Promise<void>;
  /** Ends a listener's subscription (an unknown call or listener counts as ended). */
  unsubscribe(mediaCallId: string, toTag: string): Promise<void>;
  /** A send-only WebRTC stream (`fromTag`) published into the call, heard by nobody until subscribed; returns the edge's answer. */
  publish(mediaCallId: string, fromTag: string, sdp: string): Promise<string>;
  /** Stops forwarding what `fromTag` sends (a whisper that ended). */
  block(mediaCallId: string, fromTag: string): Promise<void>;
}
