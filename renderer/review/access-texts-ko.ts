import type { accessReviewEn } from './access-texts-en';

/** 개인정보 접근 월간 점검(KR-ACCESS) 화면의 한국어 문구 (../i18n/ko.ts의 `accessReview`). */
export const accessReviewKo: typeof accessReviewEn = {
  title: '개인정보 접근기록 월간 점검',
  intro: '이번 달 누가 개인정보를 열람했는지 보여 줍니다: 발신을 위해 열람한 전체 전화번호, 증거 자료, 내보내기, 녹음 (KR-ACCESS). 매월 점검하십시오.',
  month: '점검 월',
  loading: '접근기록 점검을 불러오는 중…',
  loadFailed: '접근기록 점검을 불러오지 못했습니다: {{message}}',
  summary: {
    title: '요약',
    accesses: '이번 달 접근 건수',
    users: '개인정보를 열람한 사용자',
    median: '전체 번호 열람 중앙값',
    outliers: '이상 사용자',
    retention: '접근기록 보관 기간',
    retentionValue: '{{days}}일 (보유 정보주체 {{persons}}명)',
  },
  table: {
    title: '사용자별 열람',
    caption: '{{month}} 사용자별 개인정보 열람 (이상 사용자 먼저)',
    user: '사용자',
    numberReads: '전체 번호 열람',
    persons: '정보주체 수',
    accesses: '전체 접근',
    byAction: '종류별',
    status: '판정',
    outlier: '이상',
    normal: '정상 범위',
    none: '이번 달 개인정보를 열람한 사용자가 없습니다.',
  },
  outlierRule: '이상 사용자: 번호를 열람한 사용자 중앙값의 3배를 넘고 {{min}}건 이상 열람한 경우입니다. 해당 사용자에게 사유를 확인하고 기록하십시오.',
  outlierAlert_one: '이번 달 이상 사용자 {{count}}명: 열람 사유를 확인하십시오.',
  outlierAlert_other: '이번 달 이상 사용자 {{count}}명: 열람 사유를 확인하십시오.',
  actions: {
    dial_target: '발신용 번호',
    evidence_bundle: '증거 자료',
    export: '내보내기',
    recording_play: '녹음 재생',
    recording_export: '녹음 내보내기',
    live_listen: '실시간 청취',
    live_whisper: '귓속말',
  },
};
