import type { ProblemFieldError } from '../../shared/api/problem';
import { LeadImportRowSchema, type LeadImportResponse } from '../../shared/api/leads';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import { newId } from '../../shared/domain/ids';
import type { Lead } from '../../shared/domain/lead';
import { toE164, PhoneNumberError } from '../../shared/domain/phone-number';
import { profileFor } from '../../shared/compliance/profiles';
import type { CountryCode } from 'libphonenumber-js/max';
import type { AppContext } from '../context';
import { locateNumber } from '../phone/number-location';
import { ApiError, fieldError, issuesToErrors } from '../http/api-error';
import { campaignById } from '../store/campaigns';
import { insertGrants, insertLeads } from '../store/leads';

type Report = LeadImportResponse['report'][number];

/**
 * Bulk lead import with a per-row report. Each row is validated on its own (schema, then the number
 * with libphonenumber in the campaign's country). The number decides, not the row:
 * - its country must be one the campaign's profile covers (a US number in a KR campaign is refused);
 * - its time zone comes from libphonenumber's metadata (KR, GB, DE: one zone; US/CA: the area code's);
 *   a row zone that does not fit the number is refused with the row number and why; where the number
 *   may be in several zones the lead keeps all of them and the gate applies the strictest window;
 * - its US state or Canadian province (`region`), for per-state rules (US-RECNOTICE).
 * Without `allowPartial`, one bad row rejects the whole import (422 import-rejected naming every bad
 * field) and nothing is written; with it, the good rows are imported and the bad ones reported. Either
 * way the write is one transaction.
 */
export async function importLeads(
  ctx: AppContext,
  req: { campaignId: string; allowPartial: boolean; rows: readonly Record<string, unknown>[] },
): Promise<LeadImportResponse> {
  const now = ctx.clock().toISOString();
  const campaign = await campaignById(ctx.store.db, req.campaignId);
  if (!campaign) throw new ApiError('unknown-reference', `no campaign ${req.campaignId}`, { errors: [fieldError('body', '/campaignId', 'unknown campaign')] });
  const profile = profileFor(campaign.profile);
  const country = (profile.countries[0] ?? 'KR') as CountryCode;
  const leads: Lead[] = [];
  const grants: ConsentGrant[] = [];
  const report: Report[] = [];
  const allErrors: ProblemFieldError[] = [];
  const reject = (row: number, errors: ProblemFieldError[]) => {
    report.push({ row, status: 'rejected', errors });
    allErrors.push(...errors);
  };
  for (const [row, raw] of req.rows.entries()) {
    const prefix = `/rows/${row}`;
    const parsed = LeadImportRowSchema.safeParse(raw);
    if (!parsed.success) {
      reject(row, issuesToErrors('body', parsed.error.issues, prefix));
      continue;
    }
    let phoneE164: string;
    try {
      phoneE164 = toE164(parsed.data.phone, country);
    } catch (err) {
      reject(row, [fieldError('body', `${prefix}/phone`, err instanceof PhoneNumberError ? err.message : 'not a phone number')]);
      continue;
    }
    const r = parsed.data;
    const where = await locateNumber(phoneE164);
    if (where === undefined || !profile.countries.includes(where.country)) {
      const what = where === undefined ? 'a number of no known country' : `a ${where.country} number`;
      reject(row, [fieldError('body', `${prefix}/phone`, `row ${row}: ${what}; campaign ${campaign.id} (profile ${profile.id}) calls only ${profile.countries.join(', ')} numbers (CG-INPUT)`)]);
      continue;
    }
    const zone = zoneOf(row, r.timeZone, where.zones);
    if ('error' in zone) {
      reject(row, [fieldError('body', `${prefix}/timeZone`, zone.error)]);
      continue;
    }
    const id = newId();
    leads.push({
      id,
      campaignId: campaign.id,
      name: r.name,
      phoneE164,
      timeZone: zone.timeZone,
      ...(zone.candidates.length > 1 ? { candidateTimeZones: [...zone.candidates] } : {}),
      ...(where.region !== undefined ? { region: where.region } : {}),
      source: r.source,
      ...(r.businessRelationship ? { businessRelationship: r.businessRelationship } : {}),
    });
    for (const g of r.grants) grants.push({ ...g, id: newId(), leadId: id });
    report.push({ row, status: 'imported', leadId: id });
  }
  const rejected = report.filter((r) => r.status === 'rejected').length;
  if (rejected > 0 && !req.allowPartial) {
    throw new ApiError('import-rejected', `${rejected} of ${req.rows.length} rows are invalid; nothing was imported (send allowPartial: true to import the rest)`, {
      errors: allErrors.slice(0, 1000),
    });
  }
  await ctx.store.db.tx(async (sql) => {
    await insertLeads(sql, leads, now);
    await insertGrants(sql, grants, profile, ctx.clock());
  });
  return { imported: leads.length, rejected, report };
}

/**
 * The lead's zone from the number's zones and the row's: the row's must be one of the number's (when the
 * metadata knows any); without a row zone, the number's first. Several zones stay candidates.
 */
function zoneOf(row: number, rowZone: string | undefined, numberZones: readonly string[]): { timeZone: string; candidates: readonly string[] } | { error: string } {
  if (numberZones.length === 0) {
    return rowZone !== undefined ? { timeZone: rowZone, candidates: [] } : { error: `row ${row}: the number does not tell its time zone; give timeZone` };
  }
  if (rowZone === undefined) return { timeZone: numberZones[0] ?? '', candidates: numberZones };
  if (!numberZones.includes(rowZone)) {
    return { error: `row ${row}: timeZone ${rowZone} does not fit the number, which is in ${numberZones.join(' or ')}` };
  }
  return { timeZone: rowZone, candidates: numberZones };
}
