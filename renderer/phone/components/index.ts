/** Presentational phone pieces (props in, callbacks out) for the desk. */
export { RegistrationStatus, type RegistrationStatusProps } from './RegistrationStatus';
export { CallControls, type CallControlsProps } from './CallControls';
export { DialPad, type DialPadProps } from './DialPad';
export { DevicePicker, type DevicePickerProps } from './DevicePicker';
export { QualityIndicator, type QualityIndicatorProps } from './QualityIndicator';
