/**
 * Sample-rate conversion for speech (espeak-ng writes 22 050 Hz; telephony is 8 000 Hz): a windowed-sinc
 * low-pass at the lower Nyquist frequency, evaluated at each output instant. Pure; fast enough for
 * short lines (synthesized once and cached).
 */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return Int16Array.from(input);
  const ratio = fromRate / toRate;
  const cutoff = Math.min(1, toRate / fromRate) * 0.95;
  const half = 12; // taps each side, in input samples scaled by the ratio
  const width = Math.ceil(half * Math.max(1, ratio));
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Int16Array(outLength);
  for (let n = 0; n < outLength; n++) {
    const center = n * ratio;
    const first = Math.max(0, Math.ceil(center - width));
    const last = Math.min(input.length - 1, Math.floor(center + width));
    let acc = 0;
    let norm = 0;
    for (let k = first; k <= last; k++) {
      const x = (k - center) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = 0.5 + 0.5 * Math.cos((Math.PI * (k - center)) / (width + 1)); // Hann window
      const h = sinc * w;
      acc += (input[k] as number) * h;
      norm += h;
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(norm === 0 ? 0 : acc / norm)));
  }
  return out;
}
