import { z } from 'zod';

/** The languages Callgate's screens speak. Korean first: KR is the default profile. */
export const LOCALES = ['ko', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/**
 * The languages a script can be read to a callee in: the screen languages, plus German for the DE
 * profile (a German consumer is spoken to in German while the agent's screens stay ko/en). A consent
 * event records the language the text was read in.
 */
export const SPOKEN_LOCALES = ['ko', 'en', 'de'] as const;
export const SpokenLocaleSchema = z.enum(SPOKEN_LOCALES);
export type SpokenLocale = z.infer<typeof SpokenLocaleSchema>;

/** A text in every supported language; `de` where it is read to German callees (DE profile). */
export const LocalizedTextSchema = z.strictObject({ ko: z.string().min(1).max(20_000), en: z.string().min(1).max(20_000), de: z.string().min(1).max(20_000).optional() });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** The text in `locale`; German falls back to English where no German text was given (company names). */
export function textIn(text: LocalizedText, locale: SpokenLocale): string {
  return locale === 'de' ? (text.de ?? text.en) : text[locale];
}

/** The screen language closest to a spoken one (German is shown with the English screens). */
export function screenLocaleOf(locale: SpokenLocale): Locale {
  return locale === 'de' ? 'en' : locale;
}
