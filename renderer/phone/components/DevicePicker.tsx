import { useId } from 'react';
import type { Locale } from '../../../shared/domain/locale';
import type { AudioDevice, AudioDevices } from '../../../shared/phone/sip-port';
import { phoneMessages } from '../messages';

export interface DevicePickerProps {
  readonly devices: AudioDevices;
  readonly locale: Locale;
  /** null: the system default. */
  readonly onInput: (deviceId: string | null) => void;
  readonly onOutput: (deviceId: string | null) => void;
}

const DEFAULT = '';

/** Microphone and speaker choice; the speaker list is disabled where the platform cannot route audio. */
export function DevicePicker({ devices, locale, onInput, onOutput }: DevicePickerProps) {
  const c = phoneMessages[locale].controls;
  const inputId = useId();
  const outputId = useId();
  const hintId = useId();
  const options = (list: readonly AudioDevice[]) => [
    <option key={DEFAULT} value={DEFAULT}>
      {c.systemDefault}
    </option>,
    ...list
      .filter((d) => d.deviceId !== 'default')
      .map((d, i) => (
        <option key={d.deviceId} value={d.deviceId}>
          {d.label || c.unnamedDevice(i + 1)}
        </option>
      )),
  ];
  return (
    <fieldset className="cg-phone-devices">
      <legend>{c.devices}</legend>
      <label htmlFor={inputId}>{c.microphone}</label>
      <select id={inputId} value={devices.selectedInput ?? DEFAULT} onChange={(e) => onInput(e.target.value === DEFAULT ? null : e.target.value)}>
        {options(devices.inputs)}
      </select>
      <label htmlFor={outputId}>{c.speaker}</label>
      <select
        id={outputId}
        value={devices.selectedOutput ?? DEFAULT}
        disabled={!devices.canSelectOutput}
        aria-describedby={devices.canSelectOutput ? undefined : hintId}
        onChange={(e) => onOutput(e.target.value === DEFAULT ? null : e.target.value)}
      >
        {options(devices.outputs)}
      </select>
      {!devices.canSelectOutput && (
        <p id={hintId} className="cg-phone-hint">
          {c.outputNotSelectable}
        </p>
      )}
    </fieldset>
  );
}
