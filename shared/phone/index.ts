/** The phone contract of ../shared/DESIGN.md ("SipPort") and the pure logic around it. */
export * from './sip-port';
export * from './registration-state';
export * from './call-state';
export * from './call-end-reason';
export * from './call-quality';
export * from './hold';
export * from './media-health';
export * from './reconnect-backoff';
export * from './phone-settings';
export * from './phone-error';
export * from './dtmf';
export * from './dial-target';
export * from './listeners';
