import type { CallOutcome } from '../domain/consent-event';
import type { LocalizedText } from '../domain/locale';
import type { CheckId } from './score';

/**
 * The feedback texts of the checks (what went well / what to improve), in Korean and English. Keyed by
 * check id and the result's reason code; the Korean is what a trainer would say to a trainee.
 */
type Texts = Readonly<Record<string, LocalizedText>>;

const FEEDBACK: Readonly<Record<CheckId, Texts>> = {
  order: {
    ok: { ko: '고객의 대답을 들은 뒤에 기록했습니다.', en: 'You recorded each answer after the customer gave it.' },
    'answered-early': {
      ko: '고객이 대답하기 전에 답변을 기록했습니다. 고객의 말씀을 끝까지 들은 뒤, 들은 그대로 기록하십시오.',
      en: "You recorded an answer before the customer gave it. Wait for the customer's words, then record exactly what they said.",
    },
  },
  'disclosure-read': {
    ok: { ko: '필수 고지 문구를 끝까지 읽었습니다.', en: 'You read the mandatory notices in full.' },
    rushed: {
      ko: '필수 고지 문구를 소리 내어 읽을 수 없을 만큼 빨리 확인했습니다. 고지 문구는 끝까지 읽은 뒤에 확인하십시오.',
      en: 'You confirmed a mandatory notice faster than it can be read aloud. Read every disclosure in full before confirming it.',
    },
  },
  'answer-matches': {
    ok: { ko: '고객이 말씀하신 대로 기록했습니다.', en: 'You recorded what the customer actually said.' },
    'wrong-answer': {
      ko: '고객의 말씀과 다른 내용을 기록했습니다. 고객이 말씀하신 그대로 기록하십시오.',
      en: "You recorded something other than what the customer said. Record exactly the customer's answer.",
    },
    'not-requested': {
      ko: '고객이 요청하지 않았는데 통화를 종료(수신거부 또는 거절)로 기록했습니다. 고객이 원할 때에만 그렇게 기록하십시오.',
      en: 'You ended the call (opt-out or refusal) although the customer did not ask for it. Do so only when the customer asks.',
    },
  },
  'time-respected': {
    ok: { ko: '고객이 통화가 어렵다고 하실 때 바로 멈추고 다시 연락드릴 시간을 여쭈었습니다.', en: 'When the customer had no time, you stopped and offered a callback.' },
    'pushed-on': {
      ko: '고객이 지금은 통화가 어렵다고 하셨는데 안내를 계속했습니다. "아니요"로 기록하고 사과드린 뒤, 고객이 원하시는 시간에 다시 연락드리겠다고 말씀드리십시오 (CG-TIME).',
      en: "The customer said they had no time, but you went on. Record 'no', apologise and offer to call back at a time they choose (CG-TIME).",
    },
  },
  'refusal-honoured': {
    ok: { ko: '고객의 동의 거부를 정중하게 받아들였습니다.', en: "You accepted the customer's refusal of consent politely." },
    'consent-recorded': {
      ko: '고객이 동의하지 않으셨는데 동의로 기록했습니다. 거부하신 동의는 절대 "예"로 기록하면 안 되며, 상품 안내는 잠긴 상태로 두어야 합니다 (KR-MKT).',
      en: "You recorded consent the customer did not give. Never record 'yes' when the customer refused: the offer must stay locked (KR-MKT).",
    },
    'wrong-answer': {
      ko: '고객이 마케팅 활용 동의를 거부하셨습니다. "아니요"로 기록하고, 거부하셔도 불이익이 없다는 점을 안내하십시오 (KR-MKT).',
      en: "The customer refused the marketing consent. Record 'no' and tell them that refusing has no consequence (KR-MKT).",
    },
  },
  'opt-out-honoured': {
    ok: { ko: '고객이 수신거부를 요청하시자 즉시 수신거부로 기록했습니다.', en: 'When the customer asked to be removed, you recorded the opt-out at once.' },
    continued: {
      ko: '고객이 모든 명단에서 번호를 지워 달라고 하셨는데 통화를 계속했습니다. 즉시 수신거부로 기록하십시오. 수신거부를 기록해야 번호가 수신거부 목록에 등록되고 동의가 철회됩니다 (KR-OPTOUT).',
      en: 'The customer asked to be removed from all lists, but you went on. Record the opt-out immediately: it puts the number on the do-not-call list and withdraws consent (KR-OPTOUT).',
    },
    'refused-instead': {
      ko: '고객이 수신거부를 요청하셨는데 "통화 거절"로만 기록했습니다. 통화 거절로는 번호가 수신거부 목록에 등록되지 않으므로, 반드시 수신거부로 기록하십시오.',
      en: 'The customer asked to be removed, but you recorded only a refusal. A refusal does not put the number on the do-not-call list: use the opt-out.',
    },
  },
  'source-answered': {
    ok: { ko: '번호를 어떻게 알게 되었는지 물으시자 출처 고지를 끝까지 안내했습니다.', en: 'When asked where the number came from, you read the source notice in full.' },
    'not-given': {
      ko: '고객이 번호를 어디서 알았는지 물으셨는데 답변을 드리기 전에 통화가 끝났습니다. 출처 고지 단계까지 진행하여 끝까지 안내하십시오 (KR-SOURCE).',
      en: 'The customer asked where their number came from, and the call ended before you told them. Go on to the source notice and read it in full (KR-SOURCE).',
    },
    rushed: {
      ko: '출처 질문에 답하기는 했지만 너무 빨리 넘어갔습니다. 언제, 어디서, 어떤 방법으로 번호를 알게 되었는지 끝까지 말씀드리십시오 (KR-SOURCE).',
      en: 'You answered the source question, but too quickly: say where, when and how the number was obtained, in full (KR-SOURCE).',
    },
  },
  'source-before-pitch': {
    ok: { ko: '상품 안내 전에 연락처 출처를 고지했습니다.', en: 'You said where the number came from before the offer.' },
    missing: {
      ko: '연락처 출처를 고지하기 전에 상품을 안내했습니다. 상품 안내 전에 반드시 출처를 구체적으로 말씀드리십시오 (KR-SOURCE).',
      en: 'You presented the offer before saying where the number came from. Always say it, concretely, before the offer (KR-SOURCE).',
    },
  },
  'source-explained': {
    ok: { ko: '제공받은 회사와 동의 날짜를 구체적으로 안내했습니다.', en: 'You named the provider and the date of the consent.' },
    missing: {
      ko: '다른 회사로부터 받은 번호라면 제공한 회사와 고객이 제3자 제공에 동의하신 날짜를 반드시 말씀드려야 합니다 (KR-3P).',
      en: 'For a number received from another company, name the provider and the date the customer agreed to share it (KR-3P).',
    },
  },
  outcome: {
    ok: { ko: '고객이 원하신 방식으로 통화를 마무리했습니다.', en: 'The call ended the way the customer wanted.' },
    'hung-up': {
      ko: '고객이 참지 못하고 전화를 끊으셨습니다. 고객의 말씀을 잘 듣고, 말씀하신 그대로 기록하십시오.',
      en: 'The customer lost patience and hung up. Listen, and record what the customer actually says.',
    },
    unfinished: { ko: '결과를 기록하기 전에 통화가 끝났습니다.', en: 'The call ended before an outcome was recorded.' },
  },
  'response-time': {
    ok: { ko: '고객의 답변을 지체 없이 기록했습니다.', en: 'You recorded answers promptly.' },
    slow: {
      ko: '고객의 말씀을 기록하기까지 20초 넘게 걸렸습니다. 말씀을 들으면 바로 기록하십시오.',
      en: 'You took more than 20 seconds to record what the customer said. Record answers as soon as you hear them.',
    },
  },
  'first-word': {
    ok: { ko: '고객이 전화를 받자 바로 인사를 시작했습니다.', en: 'You started speaking as soon as the customer picked up.' },
    slow: {
      ko: '고객이 "여보세요?"라고 한 뒤 3초 넘게 아무 말씀도 하지 않았습니다. 전화가 연결되면 바로 인사하고 소속과 이름을 밝히십시오.',
      en: 'After the customer said "hello?", more than 3 seconds passed before you spoke. Greet the customer and say who you are as soon as the call connects.',
    },
    silent: {
      ko: '통화 중에 상담원의 목소리가 들리지 않았습니다. 마이크가 켜져 있는지 확인하고, 스크립트를 소리 내어 읽으십시오.',
      en: 'Your voice was not heard during the call. Check that your microphone is on, and read the script aloud.',
    },
  },
  'talk-over': {
    ok: { ko: '고객이 말씀하시는 동안 끼어들지 않았습니다.', en: 'You let the customer finish speaking.' },
    'talked-over': {
      ko: '고객이 말씀하시는 도중에 말을 시작했습니다. 고객의 말씀이 끝날 때까지 기다린 뒤 답하십시오.',
      en: 'You started talking while the customer was still speaking. Let the customer finish, then answer.',
    },
  },
};

/** How outcomes are named in feedback. */
const OUTCOME_NAMES: Readonly<Record<CallOutcome, LocalizedText>> = {
  sale: { ko: '판매', en: 'sale' },
  callback: { ko: '재통화 약속', en: 'callback' },
  not_interested: { ko: '관심 없음', en: 'not interested' },
  no_time: { ko: '통화 불가', en: 'no time' },
  refused_consent: { ko: '동의 거부', en: 'refused consent' },
  opt_out: { ko: '수신거부', en: 'opt-out' },
  no_answer: { ko: '부재', en: 'no answer' },
  busy: { ko: '통화 중', en: 'busy' },
  rejected: { ko: '수신 거절', en: 'rejected' },
  failed: { ko: '연결 실패', en: 'failed' },
  dropped: { ko: '통화 끊김', en: 'dropped' },
};

/** The feedback text of a check result. */
export function feedbackText(id: CheckId, reason: string): LocalizedText {
  const text = FEEDBACK[id][reason];
  if (!text) throw new Error(`no feedback text for ${id}/${reason}`);
  return text;
}

/** Whether the last Hangul syllable of `word` ends in a consonant (받침), and whether that consonant is ㄹ. */
function finalConsonant(word: string): { has: boolean; rieul: boolean } {
  const last = word.trim().at(-1) ?? '';
  const code = last.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return { has: false, rieul: false };
  const jong = code % 28;
  return { has: jong !== 0, rieul: jong === 8 };
}

/** `"관심 없음"으로`, `"판매"로`: the particle (으)로 that fits the word. */
function euro(word: string): string {
  const f = finalConsonant(word);
  return `"${word}"${f.has && !f.rieul ? '으로' : '로'}`;
}

/** `"수신거부"였습니다`, `"관심 없음"이었습니다`. */
function iesseumnida(word: string): string {
  return `"${word}"${finalConsonant(word).has ? '이었습니다' : '였습니다'}`;
}

/** Feedback for an outcome other than the ones the customer wanted. */
export function wrongOutcomeText(got: CallOutcome, wanted: readonly CallOutcome[]): LocalizedText {
  const list = (locale: 'ko' | 'en', sep: string) => wanted.map((o) => OUTCOME_NAMES[o][locale]).join(sep);
  return {
    ko: `통화가 ${euro(OUTCOME_NAMES[got].ko)} 끝났지만, 고객이 원하신 결과는 ${iesseumnida(list('ko', '" 또는 "'))}. 고객의 마지막 말씀에 맞게 결과를 기록하십시오.`,
    en: `The call ended as "${OUTCOME_NAMES[got].en}", but the customer wanted "${list('en', '" or "')}". Record the outcome the customer's last words call for.`,
  };
}
