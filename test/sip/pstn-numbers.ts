// The numbers of the plain-SIP "PSTN customer" (scenarios/pstn-customer.xml): the last three digits
// choose its behaviour. The edge routes a number to the trunk (sipp) only through a redeemed dial token
// (stack.dialUri(number, agent)).

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
  /** Answers, echoes, then hangs up after 3 s. */
  hangsUpAfter3s: pstn('103'),
  /** Answers without RTP: its SDP points at the discard port, no audio ever comes back. */
  silent: pstn('130'),
  /** Answers and echoes; 3 s later a re-INVITE moves its media to the discard port: audio stops. */
  audioStops: pstn('131'),
  /** Answers and echoes; holds the call (re-INVITE a=sendonly) on INFO "4", resumes on INFO "6". */
  holdsOnRequest: pstn('140'),
  /** Answers; every re-INVITE gets 408 Request Timeout. */
  reinvite408: pstn('408'),
  /** Answers; every re-INVITE gets 481 Call/Transaction Does Not Exist. */
  reinvite481: pstn('481'),
} as const;
