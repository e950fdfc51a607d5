/** Call recording (issue 15): per-profile policy (KR-REC, US-RECNOTICE, retention) and the recording state machine. */
export * from './policy';
export * from './recording-run';
