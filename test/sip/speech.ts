// A speech WAV for a fake microphone (Chromium --use-file-for-fake-audio-capture), made with
// espeak-ng and resampled by sox to 48 kHz mono 16-bit, cached per run folder.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from '../support/system';

const TEXT = {
  ko: '안녕하십니까. 콜게이트 고객센터입니다. 지금 통화 가능하십니까?',
  en: 'Hello, this is the Callgate test customer speaking. One, two, three, four, five.',
} as const;

/** Writes (once) and returns the path of a few seconds of speech in `dir`. */
export function speechWav(dir: string, language: keyof typeof TEXT = 'en'): string {
  const out = join(dir, `speech-${language}.wav`);
  if (existsSync(out)) return out;
  const espeak = requireBinary('espeak-ng');
  const sox = requireBinary('sox');
  const raw = join(dir, `speech-${language}-raw.wav`);
  execFileSync(espeak, ['-v', language, '-s', '150', '-w', raw, TEXT[language]]);
  execFileSync(sox, [raw, '-r', '48000', '-c', '1', '-b', '16', out, 'pad', '0', '0.3']);
  return out;
}
