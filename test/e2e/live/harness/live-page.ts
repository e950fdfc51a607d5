// The live-media module of the desk (renderer/live/live-media.ts) in a bare page, for tests that drive
// the media edge from Node and the browser side here.
import { answerOffer, offerWhisper, type LiveLeg } from '../../../../renderer/live/live-media';

const legs: LiveLeg[] = [];
let whisper: Awaited<ReturnType<typeof offerWhisper>> | null = null;

Object.assign(window, {
  live: {
    /** Answers each offered leg on a connection of its own; returns the answers in the same order. */
    async answer(offers: { id: string; sdp: string }[]): Promise<{ id: string; sdp: string }[]> {
      const out: { id: string; sdp: string }[] = [];
      for (const o of offers) {
        const r = await answerOffer(o.sdp);
        legs.push(r.leg);
        out.push({ id: o.id, sdp: r.answerSdp });
      }
      return out;
    },
    async offerWhisper(): Promise<string> {
      const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
      whisper = await offerWhisper(mic);
      legs.push(whisper.leg);
      return whisper.offerSdp;
    },
    async acceptWhisper(answer: string): Promise<void> {
      if (!whisper) throw new Error('no whisper offered');
      await whisper.accept(answer);
    },
    state: (): string[] => legs.map((l) => l.pc.connectionState),
    energy: async (): Promise<number[][]> => Promise.all(legs.map((l) => l.inboundEnergy())),
    bytesSent: async (): Promise<number> => {
      let sent = 0;
      for (const l of legs) (await l.pc.getStats()).forEach((r: { type?: string; bytesSent?: number }) => (sent += r.type === 'outbound-rtp' ? (r.bytesSent ?? 0) : 0));
      return sent;
    },
    close: (): void => legs.forEach((l) => l.close()),
  },
});
