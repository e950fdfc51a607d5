/** Live listen and whisper (issue 15): the session state machine and the per-profile policy. */
export * from './policy';
export * from './live-session';
