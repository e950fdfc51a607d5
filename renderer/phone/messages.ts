import type { Locale } from '../../shared/domain/locale';
import type { CallEnd, CallEndReason } from '../../shared/phone/call-end-reason';
import type { QualityLevel } from '../../shared/phone/call-quality';
import type { CallState } from '../../shared/phone/call-state';
import type { PhoneErrorCode } from '../../shared/phone/phone-error';
import type { RegistrationState } from '../../shared/phone/registration-state';
import type { PhoneNoticeKind } from '../../shared/phone/sip-port';

/** Every text the phone shows, in one shape per locale (the desk can move them to i18next later). */
export interface PhoneMessages {
  readonly registration: Readonly<Record<RegistrationState, string>>;
  /** "Next attempt in {seconds} s" while reconnecting. */
  readonly nextAttempt: (seconds: number) => string;
  readonly wrongPassword: string;
  readonly callState: Readonly<Record<CallState, string>>;
  readonly endReason: Readonly<Record<CallEndReason, string>>;
  /**
   * Why the SIP edge refused an outgoing call: 403, the API did not authorize it (the dial token was
   * used, expired, another agent's, or the target was not a dial token); 503, the edge could not ask
   * the API (it fails closed); `gateChanged`, 403 `gate-changed`: the pre-dial gate, run again when the
   * edge redeemed the token, no longer allows the call; `notAssigned`, 403 `not-assigned`: the agent was
   * taken off the lead's campaign since the authorization (decision 0016).
   */
  readonly edge: { readonly refused: string; readonly unavailable: string; readonly gateChanged: string; readonly notAssigned: string };
  readonly notice: Readonly<Record<PhoneNoticeKind, string>>;
  readonly error: Readonly<Record<PhoneErrorCode, string>>;
  readonly quality: Readonly<Record<QualityLevel, string>>;
  /** Screen-reader summary of a quality sample. */
  readonly qualityDetail: (mos: number, lossPercent: number, jitterMs: number, rttMs: number | null) => string;
  /** Warnings shown with the call while they hold (hold by the far end, audio not flowing). */
  readonly callWarning: {
    readonly heldByRemote: string;
    readonly heldBoth: string;
    readonly noInboundAudio: string;
    readonly noOutboundAudio: string;
  };
  readonly controls: {
    readonly callControls: string;
    readonly answer: string;
    readonly hangUp: string;
    readonly decline: string;
    readonly cancel: string;
    readonly hold: string;
    readonly resume: string;
    readonly mute: string;
    readonly transfer: string;
    readonly transferTarget: string;
    readonly transferSubmit: string;
    readonly dialPad: string;
    /** Accessible name of one dial-pad key. */
    readonly dialKey: (key: string) => string;
    readonly dtmfSent: string;
    readonly devices: string;
    readonly microphone: string;
    readonly speaker: string;
    readonly systemDefault: string;
    readonly unnamedDevice: (index: number) => string;
    readonly outputNotSelectable: string;
    readonly callQuality: string;
    readonly noQualityYet: string;
    readonly registrationStatus: string;
    readonly signalingLost: string;
    readonly retry: string;
    readonly muted: string;
  };
}

const ko: PhoneMessages = {
  registration: {
    unregistered: '전화 연결 안 됨',
    registering: '전화 서버에 연결하는 중입니다',
    registered: '통화 가능',
    reconnecting: '전화 서버에 다시 연결하는 중입니다',
    offline: '네트워크 연결이 끊겼습니다',
    unregistering: '전화 연결을 해제하는 중입니다',
    failed: '전화 서버에 로그인하지 못했습니다',
  },
  nextAttempt: (seconds) => `${seconds}초 후 다시 시도합니다`,
  wrongPassword: '전화 계정의 아이디 또는 비밀번호가 올바르지 않습니다. 관리자에게 문의하십시오.',
  callState: {
    dialing: '전화를 거는 중입니다',
    ringing: '신호가 가는 중입니다',
    incoming: '전화가 왔습니다',
    answering: '연결하는 중입니다',
    active: '통화 중',
    holding: '보류로 전환하는 중입니다',
    held: '보류 중',
    resuming: '통화로 돌아가는 중입니다',
    ending: '통화를 종료하는 중입니다',
    ended: '통화가 종료되었습니다',
  },
  endReason: {
    busy: '상대방이 통화 중입니다',
    no_answer: '상대방이 전화를 받지 않았습니다',
    rejected: '상대방이 전화를 거절했습니다',
    failed: '전화를 연결하지 못했습니다',
    cancelled: '전화 걸기를 취소했습니다',
    remote_hangup: '고객님께서 통화를 종료하셨습니다',
    local_hangup: '통화를 종료했습니다',
    transferred: '통화를 전환했습니다',
    server_lost: '전화 서버 연결이 끊겨 통화가 종료되었습니다',
    dialog_lost: '상대방 전화기가 통화를 더 이상 인식하지 못해 통화가 종료되었습니다',
  },
  edge: {
    refused: '전화 서버가 이 전화를 허가하지 않았습니다. 발신 허가가 만료되었거나 이미 사용되었습니다. 다음 고객으로 다시 시도하십시오.',
    unavailable: '전화 서버가 중앙 서버에 발신 허가를 확인할 수 없어 전화를 걸지 않았습니다. 잠시 후 다시 시도하고, 계속되면 관리자에게 알리십시오.',
    gateChanged: '발신 허가 뒤에 이 고객의 상태가 바뀌어(수신 거부, 동의 철회, 야간 시간 등) 전화를 걸지 않았습니다.',
    notAssigned: '발신 허가 뒤에 이 캠페인 배정에서 제외되어 전화를 걸지 않았습니다. 이 고객의 카드는 닫힙니다.',
  },
  notice: {
    server_lost: '전화 서버와의 연결이 끊겼습니다. 다시 연결하는 중입니다.',
    server_restored: '전화 서버에 다시 연결되었습니다.',
    call_signaling_lost: '전화 서버와의 연결이 끊겼습니다. 통화가 곧 끊길 수 있습니다.',
    server_unresponsive: '전화 서버가 응답하지 않습니다. 다시 연결하는 중입니다.',
    call_recovered: '통화 연결이 복구되었습니다.',
    call_dropped: '전화 서버 연결이 끊겨 통화가 종료되었습니다. 고객님께 다시 전화해 주십시오.',
    hold_refused: '상대방 전화기가 보류를 받아들이지 않았습니다. 통화는 계속 연결되어 있습니다.',
    call_dialog_lost: '상대방 전화기가 통화를 더 이상 인식하지 못해 통화를 종료했습니다. 고객님께 다시 전화해 주십시오.',
    remote_hold: '고객님이 통화를 보류했습니다. 지금은 상담원의 목소리가 고객님께 들리지 않습니다.',
    remote_resume: '고객님이 보류를 해제했습니다.',
    still_held_by_remote: '보류를 해제했지만 고객님이 아직 통화를 보류 중입니다. 고객님께는 아직 들리지 않습니다.',
    no_audio: '고객님 쪽 소리가 들어오지 않습니다. 들리시는지 여쭤보고, 계속 조용하면 통화를 끊고 다시 거십시오.',
    audio_restored: '고객님 쪽 소리가 다시 들어옵니다.',
    outbound_stopped: '상담원의 목소리가 전송되지 않고 있습니다. 마이크 연결을 확인하십시오.',
    outbound_restored: '상담원의 목소리가 다시 전송됩니다.',
    transfer_failed: '통화를 전환하지 못했습니다. 통화는 계속 연결되어 있습니다.',
    woke_from_sleep: '컴퓨터가 절전 모드에서 돌아왔습니다. 전화 연결을 확인하는 중입니다.',
    network_offline: '네트워크 연결이 끊겼습니다.',
    network_online: '네트워크에 다시 연결되었습니다.',
    output_device_lost: '선택한 스피커가 분리되어 기본 스피커로 전환했습니다.',
  },
  error: {
    not_registered: '전화 서버에 연결되어 있지 않습니다.',
    auth_failed: '전화 계정의 아이디 또는 비밀번호가 올바르지 않습니다.',
    unreachable: '전화 서버에 연결할 수 없습니다.',
    rejected: '전화 서버가 요청을 거절했습니다.',
    no_such_call: '해당 통화가 이미 종료되었습니다.',
    invalid_state: '지금은 그 기능을 사용할 수 없습니다.',
    invalid_target: '전화번호 형식이 올바르지 않습니다.',
    invalid_dtmf: '숫자, *, # 만 누를 수 있습니다.',
    hold_refused: '보류하지 못했습니다.',
    transfer_failed: '통화를 전환하지 못했습니다.',
    device_not_found: '선택한 장치를 찾을 수 없습니다.',
    media_unavailable: '마이크를 사용할 수 없습니다. 장치 연결과 권한을 확인하십시오.',
    request_pending: '이전 요청을 처리하는 중입니다. 잠시 후 다시 시도하십시오.',
  },
  quality: { good: '통화 품질 좋음', fair: '통화 품질 보통', poor: '통화 품질 나쁨', no_audio: '소리 없음' },
  qualityDetail: (mos, loss, jitter, rtt) =>
    `예상 품질 점수 ${mos.toFixed(1)}, 손실 ${loss}%, 지터 ${jitter}밀리초${rtt === null ? '' : `, 왕복 지연 ${rtt}밀리초`}`,
  callWarning: {
    heldByRemote: '고객님이 보류 중: 상담원의 목소리가 들리지 않습니다',
    heldBoth: '양쪽 모두 보류 중',
    noInboundAudio: '고객님 쪽 소리 없음: 들리시는지 여쭤보십시오',
    noOutboundAudio: '상담원의 목소리가 전송되지 않음: 마이크를 확인하십시오',
  },
  controls: {
    callControls: '통화 조작',
    answer: '전화 받기',
    hangUp: '통화 종료',
    decline: '전화 거절',
    cancel: '전화 걸기 취소',
    hold: '보류',
    resume: '보류 해제',
    mute: '마이크 끄기',
    transfer: '통화 전환',
    transferTarget: '전환할 번호 또는 내선',
    transferSubmit: '전환하기',
    dialPad: '다이얼 패드',
    dialKey: (key) => `${keyName(key, 'ko')} 누르기`,
    dtmfSent: '입력한 번호',
    devices: '오디오 장치',
    microphone: '마이크',
    speaker: '스피커',
    systemDefault: '시스템 기본 장치',
    unnamedDevice: (index) => `장치 ${index}`,
    outputNotSelectable: '이 환경에서는 스피커를 선택할 수 없습니다',
    callQuality: '통화 품질',
    noQualityYet: '통화 품질 측정 전',
    registrationStatus: '전화 연결 상태',
    signalingLost: '서버 연결 끊김: 통화가 곧 끊길 수 있습니다',
    retry: '다시 연결',
    muted: '마이크 꺼짐',
  },
};

const en: PhoneMessages = {
  registration: {
    unregistered: 'Phone not connected',
    registering: 'Connecting to the phone server',
    registered: 'Ready for calls',
    reconnecting: 'Reconnecting to the phone server',
    offline: 'Network connection lost',
    unregistering: 'Disconnecting the phone',
    failed: 'Could not sign in to the phone server',
  },
  nextAttempt: (seconds) => `Next attempt in ${seconds} s`,
  wrongPassword: 'The phone account user name or password is wrong. Please contact your administrator.',
  callState: {
    dialing: 'Calling',
    ringing: 'Ringing',
    incoming: 'Incoming call',
    answering: 'Connecting',
    active: 'In call',
    holding: 'Putting on hold',
    held: 'On hold',
    resuming: 'Resuming',
    ending: 'Hanging up',
    ended: 'Call ended',
  },
  endReason: {
    busy: 'The line is busy',
    no_answer: 'No answer',
    rejected: 'The call was declined',
    failed: 'The call could not be connected',
    cancelled: 'You cancelled the call',
    remote_hangup: 'The customer hung up',
    local_hangup: 'You hung up',
    transferred: 'The call was transferred',
    server_lost: 'The call dropped: the phone server was lost',
    dialog_lost: 'The call dropped: the other phone no longer knew the call',
  },
  edge: {
    refused: 'The phone server did not authorize this call: its dial permission expired or was already used. Try again from the next lead.',
    unavailable: 'The phone server could not check this call with the central server, so it did not place it. Try again shortly; tell your administrator if it keeps happening.',
    gateChanged: 'Not dialled: since the call was authorized, this person may no longer be called (an opt-out, a withdrawn consent, night time...).',
    notAssigned: "Not dialled: since the call was authorized, you were taken off this lead's campaign. The lead's card is closed.",
  },
  notice: {
    server_lost: 'Lost the connection to the phone server. Reconnecting.',
    server_restored: 'Connected to the phone server again.',
    call_signaling_lost: 'Lost the connection to the phone server. This call may drop.',
    server_unresponsive: 'The phone server stopped responding. Reconnecting.',
    call_recovered: 'The call connection was restored.',
    call_dropped: 'The call dropped because the phone server was lost. Please call the customer back.',
    hold_refused: 'The other phone did not accept the hold. The call is still connected.',
    call_dialog_lost: 'The other phone no longer knew this call, so it was ended. Please call the customer back.',
    remote_hold: 'The customer put the call on hold. They cannot hear you now.',
    remote_resume: 'The customer took the call off hold.',
    still_held_by_remote: 'You resumed the call, but the customer still has it on hold: they cannot hear you yet.',
    no_audio: 'No audio is coming from the customer. Ask whether they can hear you; if the line stays silent, hang up and call again.',
    audio_restored: 'Audio from the customer is back.',
    outbound_stopped: 'Your voice is not being sent. Check your microphone.',
    outbound_restored: 'Your voice is being sent again.',
    transfer_failed: 'The transfer failed. The call is still connected.',
    woke_from_sleep: 'The computer woke from sleep. Checking the phone connection.',
    network_offline: 'The network connection was lost.',
    network_online: 'The network is back.',
    output_device_lost: 'The selected speaker was disconnected; using the default speaker.',
  },
  error: {
    not_registered: 'The phone is not connected to the server.',
    auth_failed: 'The phone account user name or password is wrong.',
    unreachable: 'The phone server cannot be reached.',
    rejected: 'The phone server refused the request.',
    no_such_call: 'That call has already ended.',
    invalid_state: 'That is not possible right now.',
    invalid_target: 'That is not a valid number.',
    invalid_dtmf: 'Only digits, * and # can be sent.',
    hold_refused: 'The call could not be put on hold.',
    transfer_failed: 'The call could not be transferred.',
    device_not_found: 'The selected device was not found.',
    media_unavailable: 'The microphone is not available. Check the device and permissions.',
    request_pending: 'A previous request is still in progress. Please try again shortly.',
  },
  quality: { good: 'Call quality good', fair: 'Call quality fair', poor: 'Call quality poor', no_audio: 'No audio' },
  qualityDetail: (mos, loss, jitter, rtt) =>
    `Estimated score ${mos.toFixed(1)}, loss ${loss}%, jitter ${jitter} ms${rtt === null ? '' : `, round trip ${rtt} ms`}`,
  callWarning: {
    heldByRemote: 'On hold by the customer: they cannot hear you',
    heldBoth: 'On hold on both sides',
    noInboundAudio: 'No audio from the customer: ask whether they can hear you',
    noOutboundAudio: 'Your voice is not being sent: check your microphone',
  },
  controls: {
    callControls: 'Call controls',
    answer: 'Answer',
    hangUp: 'Hang up',
    decline: 'Decline',
    cancel: 'Cancel call',
    hold: 'Hold',
    resume: 'Resume',
    mute: 'Mute microphone',
    transfer: 'Transfer',
    transferTarget: 'Transfer to number or extension',
    transferSubmit: 'Transfer now',
    dialPad: 'Dial pad',
    dialKey: (key) => `Press ${keyName(key, 'en')}`,
    dtmfSent: 'Keys sent',
    devices: 'Audio devices',
    microphone: 'Microphone',
    speaker: 'Speaker',
    systemDefault: 'System default',
    unnamedDevice: (index) => `Device ${index}`,
    outputNotSelectable: 'The speaker cannot be chosen here',
    callQuality: 'Call quality',
    noQualityYet: 'Call quality not measured yet',
    registrationStatus: 'Phone connection status',
    signalingLost: 'Server connection lost: this call may drop',
    retry: 'Reconnect',
    muted: 'Microphone off',
  },
};

/** Spoken names of the keys a screen reader would otherwise read as punctuation. */
function keyName(key: string, locale: Locale): string {
  if (key === '*') return locale === 'ko' ? '별표' : 'star';
  if (key === '#') return locale === 'ko' ? '우물 정자' : 'pound';
  return key;
}

/** The phone's texts by locale. */
export const phoneMessages: Readonly<Record<Locale, PhoneMessages>> = { ko, en };

/** The text for how a call ended: the SIP edge's refusals (403, 503 on a failed call) get their own. */
export function callEndText(m: PhoneMessages, end: CallEnd): string {
  if (end.reason === 'failed' && end.sipStatus === 403) {
    if (end.edgeRefusal === 'gate-changed') return m.edge.gateChanged;
    if (end.edgeRefusal === 'not-assigned') return m.edge.notAssigned;
    return m.edge.refused;
  }
  if (end.reason === 'failed' && end.sipStatus === 503) return m.edge.unavailable;
  return m.endReason[end.reason];
}
