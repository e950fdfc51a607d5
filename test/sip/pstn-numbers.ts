// The numbers of the plain-SIP "PSTN customer" (scenarios/pstn-customer.xml): the last three digits
// choose its behaviour. Kamailio sends every number (digits, optional +) to the trunk (sipp).

/** A fake Seoul-area number ending in `code`. */
function pstn(code: string): string {
  return `+8225550${code.padStart(4, '0')}`;
}

export const PSTN = {
  /** Answers; audio is echoed back; accepts INFO and re-INVITEs; waits for BYE. */
  echo: pstn('100'),
  /** Answers, then hangs up after 2 s. */
  hangsUp: pstn('199'),
  /** 486 Busy Here. */
  busy: pstn('486'),
  /** Rings (180) forever until CANCEL. */
  noAnswer: pstn('480'),
  /** Rings briefly, then 603 Decline. */
  rejects: pstn('603'),
  /** Answers; answers each re-INVITE 1.5 s late. */
  slowHold: pstn('150'),
  /** Answers; refuses each re-INVITE with 488. */
  refusesHold: pstn('488'),
  /** Answers; 1 s after the ACK sends DTMF "5" by SIP INFO. */
  sendsDtmf: pstn('101'),
} as const;
