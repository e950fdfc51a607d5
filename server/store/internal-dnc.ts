import type { Sql } from './sql';

/** The company's own do-not-call list (KR-DNC own list, US-IDNC): numbers that asked not to be called. */
export async function isOnInternalDnc(sql: Sql, phoneE164: string): Promise<boolean> {
  return (await sql.get('SELECT 1 AS x FROM internal_dnc WHERE phone_e164 = ?', [phoneE164])) !== undefined;
}

/** Adds the number; returns false when it was already listed (the first listing time is kept). */
export async function addToInternalDnc(sql: Sql, phoneE164: string, leadId: string, at: string, channel: string): Promise<boolean> {
  const r = await sql.run('INSERT INTO internal_dnc (phone_e164, lead_id, listed_at, channel) VALUES (?, ?, ?, ?) ON CONFLICT (phone_e164) DO NOTHING', [
    phoneE164,
    leadId,
    at,
    channel,
  ]);
  return r.changes > 0;
}

export async function internalDncListedAt(sql: Sql, phoneE164: string): Promise<string | undefined> {
  const r = await sql.get('SELECT listed_at FROM internal_dnc WHERE phone_e164 = ?', [phoneE164]);
  return r ? String(r['listed_at']) : undefined;
}
