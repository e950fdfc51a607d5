import type { CustomerLineSpec, HardMoment } from './scenario';

/**
 * What the simulated customer says when a scenario does not say it: reactions to an action the scenario
 * did not expect (by the hard moment of the step), an answer to a question off the expected path, the
 * last words by ending, and hanging up once patience runs out.
 */
export const OFF_SCRIPT_LINES: Readonly<Record<HardMoment | 'default', CustomerLineSpec>> = {
  remove_me: {
    text: { ko: '제 번호를 모든 명단에서 지워 달라고 말씀드렸는데요. 제 말씀을 듣고 계신 겁니까?', en: 'I just asked you to take my number off all your lists. Are you listening to me?' },
    mood: 'angry',
    pauseMs: 700,
  },
  no_time: { text: { ko: '지금은 시간이 없다고 말씀드렸잖아요.', en: "I told you I don't have time right now." }, mood: 'annoyed', pauseMs: 700 },
  refuses_consent: { text: { ko: '저는 동의하지 않는다고 분명히 말씀드렸습니다.', en: 'I clearly said I do not agree.' }, mood: 'annoyed', pauseMs: 700 },
  asks_source: {
    text: { ko: '제 번호를 어디서 받으셨는지부터 말씀해 주셔야 하는 것 아닙니까?', en: 'Shouldn\'t you first tell me where you got my number?' },
    mood: 'annoyed',
    pauseMs: 700,
  },
  angry: { text: { ko: '지금 제 말은 듣지도 않으시네요!', en: "You're not even listening to me!" }, mood: 'angry', pauseMs: 600 },
  interrupts: { text: { ko: '잠깐만요, 제가 여쭌 것부터 답해 주세요.', en: 'Hold on, answer my question first.' }, mood: 'annoyed', pauseMs: 600 },
  default: { text: { ko: '네? 제가 드린 말씀과 다른데요.', en: "Sorry? That's not what I said." }, mood: 'hesitant', pauseMs: 800 },
};

/** The answer to a question the scenario has no entry for (the agent left the expected path). */
export const OFF_PATH_ANSWER: CustomerLineSpec = { text: { ko: '글쎄요… 잘 모르겠습니다.', en: "Well... I'm not sure." }, mood: 'hesitant' };

/** Said when the customer's patience has run out; the customer hangs up after it. */
export const HANG_UP_LINE: CustomerLineSpec = { text: { ko: '됐습니다. 그만 끊겠습니다.', en: "Forget it. I'm hanging up." }, mood: 'angry', pauseMs: 900, hangUp: true };

/** Said when nobody has spoken for the customer's wait budget (persona `waitMs`). */
export const NUDGE_LINE: CustomerLineSpec = { text: { ko: '여보세요? 듣고 계세요?', en: 'Hello? Are you still there?' }, mood: 'hesitant' };

/** Said after a second silence as long; the customer hangs up after it. */
export const SILENCE_HANG_UP_LINE: CustomerLineSpec = { text: { ko: '여보세요? … 끊겠습니다.', en: "Hello? ... I'll hang up now." }, mood: 'annoyed', hangUp: true };

/** The customer's last words by how the run ended. */
export const ENDING_LINES = {
  optedOut: { text: { ko: '네, 그렇게 해 주세요.', en: 'Yes, please do that.' }, mood: 'calm', pauseMs: 900 },
  refused: { text: { ko: '네, 수고하세요.', en: 'OK. Goodbye.' }, mood: 'calm', pauseMs: 900 },
  completed: { text: { ko: '네, 감사합니다. 들어가세요.', en: 'OK, thank you. Bye.' }, mood: 'calm', pauseMs: 900 },
} as const satisfies Record<string, CustomerLineSpec>;
