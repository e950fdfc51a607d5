import type { Locale } from '../../shared/domain/locale';
import type { Mood } from '../../shared/practice/scenario';

/** Speaks the simulated customer's lines where the platform has voices (Web Speech API). */
export interface Speaker {
  /** True when a voice for `locale` exists now. */
  hasVoice(locale: Locale): boolean;
  say(text: string, locale: Locale, voice: { rate: number; pitch: number }, mood: Mood): void;
  cancel(): void;
}

const LANG: Readonly<Record<Locale, string>> = { ko: 'ko', en: 'en' };

/** A speaker that says nothing (no Web Speech API, or voice turned off). */
export const silentSpeaker: Speaker = { hasVoice: () => false, say: () => undefined, cancel: () => undefined };

/**
 * The Web Speech API's speechSynthesis, guarded: absent in some browsers and in headless test runs, and
 * without voices on many Linux desks. Only a voice of the call's language is used (a Korean line read
 * by an English voice would be worse than none); anger speaks a little faster and higher.
 */
export function webSpeaker(): Speaker {
  const synth = typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return silentSpeaker;
  const voiceFor = (locale: Locale): SpeechSynthesisVoice | undefined => {
    try {
      return synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(LANG[locale]));
    } catch {
      return undefined;
    }
  };
  return {
    hasVoice: (locale) => voiceFor(locale) !== undefined,
    say(text, locale, voice, mood) {
      const v = voiceFor(locale);
      if (!v) return;
      const u = new SpeechSynthesisUtterance(text);
      u.voice = v;
      u.lang = v.lang;
      const heat = mood === 'angry' ? 1.15 : mood === 'annoyed' ? 1.07 : 1;
      u.rate = Math.min(2, voice.rate * heat);
      u.pitch = Math.min(2, voice.pitch * heat);
      synth.speak(u);
    },
    cancel() {
      synth.cancel();
    },
  };
}
