/**
 * Words that make an answer read as a refusal, per language. The loader refuses a consent question whose
 * granting answer reads as a refusal ("아니요", "No, thank you", "Nein") however its `value` and
 * `grantedBy` are wired: the agent clicks what the label says, so the label is what the person said.
 */
const REFUSAL_PATTERNS: readonly RegExp[] = [
  // Korean: 아니요/아니오/아뇨, 싫어요, 거절/거부, 동의하지 않/동의 안.
  /아니[요오]?|아뇨|싫|거절|거부|동의\s*(하지|안)/,
  // English: a leading "no", not/don't/do not, refuse, decline, never, "no thanks".
  /^\s*no\b|\bnot\b|\bdon'?t\b|\bdo not\b|\brefuse|\bdecline|\bnever\b|\bno thanks?\b/i,
  // German: nein, nicht, kein, ablehnen, widerspreche.
  /\bnein\b|\bnicht\b|\bkein|\blehne\b|\bablehn|\bwiderspr/i,
];

/** True when any text of an answer label reads as a refusal in its language. */
export function readsAsRefusal(texts: readonly string[]): boolean {
  return texts.some((t) => REFUSAL_PATTERNS.some((p) => p.test(t)));
}
