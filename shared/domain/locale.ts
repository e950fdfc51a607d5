import { z } from 'zod';

/** The languages Callgate speaks. Korean first: KR is the default profile. */
export const LOCALES = ['ko', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/** A text in every supported language. */
export const LocalizedTextSchema = z.strictObject({ ko: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
