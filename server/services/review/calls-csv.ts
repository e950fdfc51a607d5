import type { ReviewCallRow } from '../../../shared/api/review-calls';
import { wallClock } from './timeline';

/** The columns of the calls CSV, in order. Numbers appear only masked (`maskedNumber`). */
export const CALLS_CSV_COLUMNS = [
  'callId',
  'startedAtUtc',
  'startedAtCalleeLocal',
  'calleeTimeZone',
  'agentId',
  'agentName',
  'teamId',
  'campaignId',
  'leadId',
  'maskedNumber',
  'state',
  'outcome',
  'answeredAtUtc',
  'endedAtUtc',
  'durationSec',
  'callbackAtUtc',
  'eventCount',
  'flags',
  /** Dead air the desk reported, in ms (its claim; empty when none was reported). */
  'deskDeadAirMs',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text starting with
 * `= + - @` or a tab would run as a formula in a spreadsheet, so it gets a leading apostrophe (OWASP).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(row: ReviewCallRow): string {
  const cells: (string | number | null)[] = [
    row.id,
    row.startedAt,
    row.calleeTimeZone ? wallClock(row.startedAt, row.calleeTimeZone) : null,
    row.calleeTimeZone,
    row.agentId,
    row.agentName,
    row.teamId,
    row.campaignId,
    row.leadId,
    row.maskedNumber,
    row.state,
    row.outcome,
    row.answeredAt,
    row.endedAt,
    row.durationSec,
    row.callbackAt,
    row.eventCount,
    row.flags.join(';'),
    row.deadAirMs,
  ];
  return cells.map(csvField).join(',');
}

/** The CSV text: a UTF-8 BOM (so spreadsheet programs read Korean names right), a header, CRLF line ends. */
export function callsCsv(rows: Iterable<ReviewCallRow>): string {
  const lines = [CALLS_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(csvLine(r));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
