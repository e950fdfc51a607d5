/**
 * Edge-observed call facts (issue 10 item 5): the SIP edge reports when it sent the INVITE to the trunk
 * (start), saw the trunk's 200 OK (answer) and saw the call end (BYE, CANCEL, failure). The desk
 * reports its own answer and end times; the edge's are the ones an agent cannot forge. This is the one
 * definition of when the two disagree (the review flag `edge_mismatch`).
 *
 * | desk            | edge                          | mismatch                |
 * |-----------------|-------------------------------|-------------------------|
 * | answered        | ended, never answered         | `answer_unseen_by_edge` |
 * | ended unanswered| answered                      | `answer_unseen_by_desk` |
 * | answered at a   | answered at b, abs(a-b) > tol | `answer_time`           |
 * | ended at a      | ended at b, abs(a-b) > tol    | `end_time`              |
 *
 * No edge report at all (no edge in front of this call, or not yet reported): no mismatch. A call the
 * edge has not seen end yet is not judged on the missing answer.
 */
export const EDGE_MISMATCHES = ['answer_unseen_by_edge', 'answer_unseen_by_desk', 'answer_time', 'end_time'] as const;
export type EdgeMismatch = (typeof EDGE_MISMATCHES)[number];

/** The default tolerance between the desk's and the edge's clocks and reports. */
export const DEFAULT_EDGE_TOLERANCE_MS = 5000;

export interface DeskTimes {
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
}

export interface EdgeTimes {
  readonly startedAt: string | null;
  readonly answeredAt: string | null;
  readonly endedAt: string | null;
}

export function edgeMismatches(desk: DeskTimes, edge: EdgeTimes | null, toleranceMs: number = DEFAULT_EDGE_TOLERANCE_MS): EdgeMismatch[] {
  if (!edge || (edge.startedAt === null && edge.answeredAt === null && edge.endedAt === null)) return [];
  const out: EdgeMismatch[] = [];
  const apart = (a: string, b: string): boolean => Math.abs(Date.parse(a) - Date.parse(b)) > toleranceMs;
  if (desk.answeredAt !== null && edge.answeredAt === null && edge.endedAt !== null) out.push('answer_unseen_by_edge');
  if (desk.answeredAt === null && desk.endedAt !== null && edge.answeredAt !== null) out.push('answer_unseen_by_desk');
  if (desk.answeredAt !== null && edge.answeredAt !== null && apart(desk.answeredAt, edge.answeredAt)) out.push('answer_time');
  if (desk.endedAt !== null && edge.endedAt !== null && apart(desk.endedAt, edge.endedAt)) out.push('end_time');
  return out;
}
