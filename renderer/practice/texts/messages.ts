import type { practiceEn } from './en';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The key structure both languages of practice mode share. */
export type PracticeMessages = Widen<typeof practiceEn>;
