import type { Locale } from '../domain/locale';

/**
 * How long things take on the phone, for the simulated customer's pauses and for scoring. One model
 * for both, so the customer answers exactly when the score expects the agent to have heard the answer.
 *
 * Reading aloud: a calm telephone pace of about 8 Korean characters (syllables and spaces) or 16 English
 * characters per second. A customer starts answering once about half of the text is read (people answer
 * as soon as they understand the question), and a disclosure confirmed before half of its reading time
 * was not read in full.
 */
export const READ_CHARS_PER_SECOND: Readonly<Record<Locale, number>> = { ko: 8, en: 16 };

/** The share of the reading time after which the customer may answer and a disclosure counts as read. */
export const MIN_READ_SHARE = 0.5;

/** The customer's silence before a line when the scenario gives none. */
export const DEFAULT_PAUSE_MS = 1200;

/** Silence between two lines of the customer. */
export const LINE_GAP_MS = 250;

/** How long a customer bears silence before "hello?" (and once more before hanging up), by default. */
export const DEFAULT_WAIT_MS = 8000;

/** After the customer's last words in a finished run, the practice call ends this much later. */
export const END_AFTER_MS = 1500;

/** After the customer answered, an agent who takes longer than this to record it is slow. */
export const SLOW_RESPONSE_MS = 20_000;

/** Estimated time to read `text` aloud in `locale`, in ms. */
export function readAloudMs(text: string, locale: Locale): number {
  const chars = [...text.trim()].length;
  return Math.round((chars / READ_CHARS_PER_SECOND[locale]) * 1000);
}

/** The least time a text takes to be read (see MIN_READ_SHARE), in ms. */
export function minReadMs(text: string, locale: Locale): number {
  return Math.round(readAloudMs(text, locale) * MIN_READ_SHARE);
}
