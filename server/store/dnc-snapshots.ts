import type { ProfileId } from '../../shared/domain/campaign';
import type { Row, Sql } from './sql';
import { int, text } from './rows';

export interface DncSnapshotRow {
  readonly id: string;
  readonly profile: ProfileId;
  readonly takenAt: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly numbers: number;
  readonly rejectedLines: number;
  /** File (in the data folder) holding the list as received, from which the lookup is rebuilt at start. */
  readonly fileName: string;
  readonly fileSha256: string;
}

function toSnapshot(r: Row): DncSnapshotRow {
  return {
    id: text(r, 'id'),
    profile: text(r, 'profile') as ProfileId,
    takenAt: text(r, 'taken_at'),
    importedAt: text(r, 'imported_at'),
    importedBy: text(r, 'imported_by'),
    numbers: int(r, 'numbers'),
    rejectedLines: int(r, 'rejected_lines'),
    fileName: text(r, 'file_name'),
    fileSha256: text(r, 'file_sha256'),
  };
}

export async function insertSnapshot(sql: Sql, s: DncSnapshotRow): Promise<void> {
  await sql.run(
    'INSERT INTO dnc_snapshots (id, profile, taken_at, imported_at, imported_by, numbers, rejected_lines, file_name, file_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [s.id, s.profile, s.takenAt, s.importedAt, s.importedBy, s.numbers, s.rejectedLines, s.fileName, s.fileSha256],
  );
}

/** The newest snapshot (by the date it was taken) of each profile. */
export async function latestSnapshots(sql: Sql): Promise<DncSnapshotRow[]> {
  const rows = await sql.all(
    `SELECT s.* FROM dnc_snapshots s
      WHERE NOT EXISTS (SELECT 1 FROM dnc_snapshots t WHERE t.profile = s.profile AND (t.taken_at > s.taken_at OR (t.taken_at = s.taken_at AND t.id > s.id)))`,
  );
  return rows.map(toSnapshot);
}
