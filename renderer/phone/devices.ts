import type { AudioDevice } from '../../shared/phone/sip-port';

/** The microphones and speakers the browser reports (labels appear once permission was given). */
export async function listAudioDevices(mediaDevices: MediaDevices): Promise<{ inputs: AudioDevice[]; outputs: AudioDevice[] }> {
  const all = await mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind): AudioDevice[] =>
    all.filter((d) => d.kind === kind && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return { inputs: pick('audioinput'), outputs: pick('audiooutput') };
}

/** getUserMedia constraints for the chosen microphone (null: default), echo cancellation on. */
export function microphoneConstraints(deviceId: string | null): MediaStreamConstraints {
  const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  if (deviceId) audio.deviceId = { exact: deviceId };
  return { audio, video: false };
}
