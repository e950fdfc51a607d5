import { z } from 'zod';

/**
 * What the voice practice line observed during a practice call (issue 17), on its own clock (ms after
 * the call was answered): what the simulated customer said and when, when the trainee's voice was
 * heard, when each recorded action reached the line, and how the call ended. Scoring a voice attempt
 * uses these instead of the text mode's model, and adds the timing of speech (`speechTiming`).
 */
export const CUSTOMER_LINE_KINDS = ['opening', 'answer', 'branch', 'off_script', 'ending', 'hang_up', 'nudge'] as const;

const ms = z.number().int().nonnegative();

export const SaidLineSchema = z.strictObject({
  kind: z.enum(CUSTOMER_LINE_KINDS),
  stepId: z.string().max(64),
  text: z.string().max(2000),
  atMs: ms,
  endMs: ms,
});
export type SaidLine = z.infer<typeof SaidLineSchema>;

export const SpeechSegmentSchema = z.strictObject({ startMs: ms, endMs: ms });
export type SpeechSegment = z.infer<typeof SpeechSegmentSchema>;

export const VoiceCallFactsSchema = z.strictObject({
  answeredAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }),
  /** Who ended the call: the trainee (BYE from the desk), the customer (hung up), or the line (a timeout). */
  endedBy: z.enum(['trainee', 'customer', 'line']),
  customerHungUp: z.enum(['persona', 'silence']).nullable(),
  said: z.array(SaidLineSchema).max(500),
  traineeSpeech: z.array(SpeechSegmentSchema).max(5000),
  /** When the line learned of each recorded action (by event seq). */
  events: z.array(z.strictObject({ seq: z.number().int().nonnegative(), atMs: ms })).max(200),
  /** 20 ms audio frames received from the trainee: 0 means no audio reached the line (nothing measurable). */
  framesReceived: z.number().int().nonnegative(),
  /** The first recorded action the line could not apply (the customer stopped reacting there). */
  desync: z.string().max(300).nullable(),
});
export type VoiceCallFacts = z.infer<typeof VoiceCallFactsSchema>;

/** The trainee should start talking within this long after the customer's "hello?". */
export const FIRST_WORD_MS = 3000;
/** Starting to talk this soon after the customer began is a reflex, not talking over them. */
export const TALK_OVER_GRACE_MS = 200;
/** Talking over the customer for longer than this counts. */
export const TALK_OVER_MIN_MS = 500;

/** The timing of speech in a voice practice call; null fields when it could not be measured. */
export interface SpeechTiming {
  /** From the end of the customer's "hello?" to the trainee's first word (0 when the trainee spoke first). */
  readonly firstWordMs: number | null;
  /** Times the trainee started talking while the customer was speaking (for longer than TALK_OVER_MIN_MS). */
  readonly talkOverCount: number;
  /** Total time the trainee talked over the customer in those moments. */
  readonly talkOverMs: number;
}

/** Measures the timing of speech from the line's facts; null when no audio reached the line. */
export function speechTiming(f: Pick<VoiceCallFacts, 'said' | 'traineeSpeech' | 'framesReceived'>): SpeechTiming | null {
  if (f.framesReceived === 0) return null;
  const opening = f.said.find((l) => l.kind === 'opening');
  const first = f.traineeSpeech[0];
  const firstWordMs = first === undefined ? null : Math.max(0, first.startMs - (opening?.endMs ?? 0));
  let talkOverCount = 0;
  let talkOverMs = 0;
  for (const seg of f.traineeSpeech) {
    const line = f.said.find((l) => seg.startMs >= l.atMs + TALK_OVER_GRACE_MS && seg.startMs < l.endMs);
    if (!line) continue;
    const over = Math.min(seg.endMs, line.endMs) - seg.startMs;
    if (over < TALK_OVER_MIN_MS) continue;
    talkOverCount += 1;
    talkOverMs += over;
  }
  return { firstWordMs, talkOverCount, talkOverMs };
}
