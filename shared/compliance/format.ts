import type { Locale, LocalizedText } from '../domain/locale';
import type { Verdict } from './verdict';

const ALLOWED: LocalizedText = { ko: '지금 발신할 수 있습니다.', en: 'The call is allowed now.' };

/** Each reason of a verdict as one line for `locale`: `[KR-NIGHT] 고객의 현지 시각(21:30)이 ...`. */
export function formatReasons(verdict: Verdict, locale: Locale): string[] {
  return verdict.reasons.map((r) => `[${r.code}] ${r.message[locale]}`);
}

/** The whole verdict as text for `locale`: the "allowed" line, or one line per reason. */
export function formatVerdict(verdict: Verdict, locale: Locale): string {
  return verdict.allowed ? ALLOWED[locale] : formatReasons(verdict, locale).join('\n');
}
