import { z } from 'zod';

/**
 * A legal period as the law states it: calendar months (2 years = 24 months, "6 months") and/or days.
 * Months are added on the UTC calendar, clamping to the month's last day (Aug 31 + 6 months = Feb 28/29),
 * so "within 6 months" means what a person reading the statute would count.
 */
export const DurationSchema = z
  .strictObject({
    months: z.number().int().nonnegative().optional(),
    days: z.number().int().nonnegative().optional(),
  })
  .refine((d) => (d.months ?? 0) + (d.days ?? 0) > 0, { message: 'a duration needs months or days' });
/** A period of calendar months and/or days (see {@link DurationSchema}). */
export type Duration = z.infer<typeof DurationSchema>;

const DAY_MS = 86_400_000;

/** `instantMs` + `d` (months on the UTC calendar, then days of 24 h). */
export function addDuration(instantMs: number, d: Duration): number {
  let ms = instantMs;
  const months = d.months ?? 0;
  if (months > 0) {
    const t = new Date(ms);
    const y = t.getUTCFullYear();
    const m = t.getUTCMonth() + months;
    const targetYear = y + Math.floor(m / 12);
    const targetMonth = m % 12;
    const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
    const day = Math.min(t.getUTCDate(), lastDay);
    ms = Date.UTC(targetYear, targetMonth, day, t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), t.getUTCMilliseconds());
  }
  return ms + (d.days ?? 0) * DAY_MS;
}

/** The duration as people say it: `{ ko: '2년', en: '2 years' }`, `{ ko: '31일', en: '31 days' }`. */
export function describeDuration(d: Duration): { ko: string; en: string } {
  const ko: string[] = [];
  const en: string[] = [];
  const months = d.months ?? 0;
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (months > 0 && months % 12 === 0) {
    ko.push(`${months / 12}년`);
    en.push(plural(months / 12, 'year'));
  } else if (months > 0) {
    ko.push(`${months}개월`);
    en.push(plural(months, 'month'));
  }
  if ((d.days ?? 0) > 0) {
    ko.push(`${d.days}일`);
    en.push(plural(d.days ?? 0, 'day'));
  }
  return { ko: ko.join(' '), en: en.join(' and ') };
}
