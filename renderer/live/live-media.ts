import { RemoteAudio } from '../phone/audio-output';

/**
 * The browser side of live monitoring (issue 15): WebRTC legs to the media edge, outside the SIP call.
 * - a team lead listening: answers the edge's offer of the call (one stream per party; the browser
 *   plays them together, that is the mix);
 * - a team lead whispering: offers the microphone send-only;
 * - the agent's desk taking a whisper: answers the edge's offer of the lead's stream and plays it
 *   beside the call's own audio, so the agent hears both and the customer hears neither.
 * The edge takes one SDP per side (no trickle): each side waits for its ICE candidates first.
 */

/** The longest wait for ICE candidates before the SDP goes out with what was gathered. */
const GATHER_MS = 3000;

/** A WebRTC connection to the media edge and the audio it plays. */
export interface LiveLeg {
  readonly pc: RTCPeerConnection;
  /** Total audio energy received so far, per incoming stream (what the tests and the level meter read). */
  inboundEnergy(): Promise<number[]>;
  /** Moves what the leg plays to another output device ('' or null: default); streams arriving later follow. */
  setOutput(deviceId: string | null): Promise<void>;
  close(): void;
}

function gathered(pc: RTCPeerConnection, ms = GATHER_MS): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    };
    const onChange = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, ms);
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

/**
 * Chromium hides this machine's addresses behind mDNS names (`<uuid>.local`) until the page has been
 * granted the microphone; the media edge cannot resolve those, so no path would be found. Asking for the
 * microphone once (and releasing it at once) exposes the host candidates.
 */
export async function exposeHostCandidates(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const t of stream.getTracks()) t.stop();
}

function leg(pc: RTCPeerConnection, players: RemoteAudio[], setOutput: LiveLeg['setOutput'] = async () => undefined): LiveLeg {
  return {
    pc,
    setOutput,
    async inboundEnergy() {
      const out: number[] = [];
      (await pc.getStats()).forEach((r: { type?: string; totalAudioEnergy?: number }) => {
        if (r.type === 'inbound-rtp') out.push(r.totalAudioEnergy ?? 0);
      });
      return out;
    },
    close() {
      for (const p of players) p.stop();
      pc.close();
    },
  };
}

/** Answers an edge offer (listen, or the agent's whisper leg) and plays every stream it brings. */
export async function answerOffer(offerSdp: string, opts: { outputDeviceId?: string | null; iceServers?: RTCIceServer[] } = {}): Promise<{ answerSdp: string; leg: LiveLeg }> {
  await exposeHostCandidates();
  const pc = new RTCPeerConnection({ iceServers: opts.iceServers ?? [] });
  const players: RemoteAudio[] = [];
  let output = opts.outputDeviceId;
  pc.addEventListener('track', (e) => {
    const audio = new RemoteAudio();
    players.push(audio);
    audio.play(new MediaStream([e.track]));
    if (output !== undefined) void audio.setOutput(output).catch(() => undefined);
  });
  const setOutput = async (deviceId: string | null): Promise<void> => {
    output = deviceId;
    await Promise.all(players.map((p) => p.setOutput(deviceId)));
  };
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  const answerSdp = pc.localDescription?.sdp;
  if (!answerSdp) throw new Error('the browser made no answer');
  return { answerSdp, leg: leg(pc, players, setOutput) };
}

/** Offers `mic` send-only (a whisper); `accept` takes the edge's answer. */
export async function offerWhisper(mic: MediaStream, opts: { iceServers?: RTCIceServer[] } = {}): Promise<{ offerSdp: string; accept(answerSdp: string): Promise<void>; leg: LiveLeg }> {
  const track = mic.getAudioTracks()[0];
  if (!track) throw new Error('the microphone gives no audio track');
  const pc = new RTCPeerConnection({ iceServers: opts.iceServers ?? [] });
  pc.addTransceiver(track, { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const offerSdp = pc.localDescription?.sdp;
  if (!offerSdp) throw new Error('the browser made no offer');
  return {
    offerSdp,
    accept: async (answerSdp) => {
      await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    },
    leg: leg(pc, []),
  };
}

/**
 * The agent's desk taking a lead's whisper: answers the edge's offer on a leg of its own (never the
 * call's connection: nothing of it can reach the customer), plays it on the call's output device, and
 * calls `lost` if the leg's connection fails.
 */
export async function takeWhisper(offerSdp: string, outputDeviceId: string | null, lost: () => void, iceServers: RTCIceServer[] = []): Promise<{ answerSdp: string; media: LiveLeg }> {
  const { answerSdp, leg: media } = await answerOffer(offerSdp, { outputDeviceId, iceServers });
  media.pc.addEventListener('connectionstatechange', () => {
    if (media.pc.connectionState === 'failed') lost();
  });
  return { answerSdp, media };
}
