import type { ProblemFieldError } from '../../shared/api/problem';
import { LeadImportRowSchema, type LeadImportResponse } from '../../shared/api/leads';
import type { ConsentGrant } from '../../shared/domain/consent-grant';
import { newId } from '../../shared/domain/ids';
import type { Lead } from '../../shared/domain/lead';
import { toE164, PhoneNumberError } from '../../shared/domain/phone-number';
import type { AppContext } from '../context';
import { ApiError, fieldError, issuesToErrors } from '../http/api-error';
import { campaignById } from '../store/campaigns';
import { insertGrants, insertLeads } from '../store/leads';

type Report = LeadImportResponse['report'][number];

/**
 * Bulk lead import with a per-row report. Each row is validated on its own (schema, then the number
 * with libphonenumber in the campaign's country). Without `allowPartial`, one bad row rejects the
 * whole import (422 import-rejected naming every bad field) and nothing is written; with it, the good
 * rows are imported and the bad ones reported. Either way the write is one transaction.
 */
export async function importLeads(
  ctx: AppContext,
  req: { campaignId: string; allowPartial: boolean; rows: readonly Record<string, unknown>[] },
): Promise<LeadImportResponse> {
  const now = ctx.clock().toISOString();
  const campaign = await campaignById(ctx.store.db, req.campaignId);
  if (!campaign) throw new ApiError('unknown-reference', `no campaign ${req.campaignId}`, { errors: [fieldError('body', '/campaignId', 'unknown campaign')] });
  const country = campaign.profile === 'US' ? 'US' : 'KR';
  const leads: Lead[] = [];
  const grants: ConsentGrant[] = [];
  const report: Report[] = [];
  const allErrors: ProblemFieldError[] = [];
  req.rows.forEach((raw, row) => {
    const prefix = `/rows/${row}`;
    const parsed = LeadImportRowSchema.safeParse(raw);
    if (!parsed.success) {
      const errors = issuesToErrors('body', parsed.error.issues, prefix);
      report.push({ row, status: 'rejected', errors });
      allErrors.push(...errors);
      return;
    }
    let phoneE164: string;
    try {
      phoneE164 = toE164(parsed.data.phone, country);
    } catch (err) {
      const message = err instanceof PhoneNumberError ? err.message : 'not a phone number';
      const errors = [fieldError('body', `${prefix}/phone`, message)];
      report.push({ row, status: 'rejected', errors });
      allErrors.push(...errors);
      return;
    }
    const id = newId();
    const r = parsed.data;
    leads.push({
      id,
      campaignId: campaign.id,
      name: r.name,
      phoneE164,
      timeZone: r.timeZone,
      source: r.source,
      ...(r.businessRelationship ? { businessRelationship: r.businessRelationship } : {}),
    });
    for (const g of r.grants) grants.push({ ...g, id: newId(), leadId: id });
    report.push({ row, status: 'imported', leadId: id });
  });
  const rejected = report.filter((r) => r.status === 'rejected').length;
  if (rejected > 0 && !req.allowPartial) {
    throw new ApiError('import-rejected', `${rejected} of ${req.rows.length} rows are invalid; nothing was imported (send allowPartial: true to import the rest)`, {
      errors: allErrors.slice(0, 1000),
    });
  }
  await ctx.store.db.tx(async (sql) => {
    await insertLeads(sql, leads, now);
    await insertGrants(sql, grants);
  });
  return { imported: leads.length, rejected, report };
}
