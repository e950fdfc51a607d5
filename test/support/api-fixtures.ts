// Talking to a running central API from tests: login, campaigns, importing leads made for a test.
import type { CampaignListResponse } from '../../shared/api/campaigns';
import { localTimeIn } from '../../shared/domain/time-zone';
import { DEMO_PASSWORD } from './api-process';

export async function api<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(base: string, username: string, password = DEMO_PASSWORD): Promise<{ token: string; userId: string }> {
  const res = await api<{ token: string; user: { id: string } }>(base, 'POST', '/v1/auth/login', undefined, { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${JSON.stringify(res.json)}`);
  return { token: res.json.token, userId: res.json.user.id };
}

export async function campaigns(base: string, token: string): Promise<CampaignListResponse> {
  const res = await api<CampaignListResponse>(base, 'GET', '/v1/campaigns', token);
  if (res.status !== 200) throw new Error(`campaigns: HTTP ${res.status}`);
  return res.json;
}

/**
 * Takes `leadId` the way the desk does before a dial (next-lead by id in its campaign), so it is held for
 * this caller: an agent may authorize a dial only for a lead held for them (issue 10 item 4).
 */
export async function takeLead(base: string, token: string, leadId: string): Promise<void> {
  for (const c of (await campaigns(base, token)).campaigns) {
    if ((await api(base, 'POST', `/v1/campaigns/${c.id}/next-lead`, token, { leadId })).status === 200) return;
  }
  throw new Error(`next-lead did not hand ${leadId} to this caller`);
}

/** Takes `leadId` (as the desk does) and asks for a dial authorization. */
export async function authorizeDial<T>(base: string, token: string, leadId: string): Promise<{ status: number; json: T }> {
  await takeLead(base, token, leadId);
  return api<T>(base, 'POST', `/v1/leads/${leadId}/dial-authorizations`, token, {});
}

/** A time zone where it is night (22:00-06:59) right now, so KR-NIGHT applies to a lead living there. */
export function nightZone(now = new Date()): string {
  const zones = ['Asia/Seoul', 'America/New_York', 'Europe/London', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Honolulu', 'Europe/Moscow', 'America/Sao_Paulo', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
  const found = zones.find((z) => {
    const h = localTimeIn(now, z).hour;
    return h >= 22 || h < 7;
  });
  if (!found) throw new Error('no candidate zone is at night now');
  return found;
}

export interface TestLead {
  readonly name: string;
  readonly phone: string;
  readonly timeZone?: string;
  /** Give the separate night-call consent (KR-NIGHT), so the lead is callable at any hour. */
  readonly nightConsent?: boolean;
}

/** Imports own-customer leads with a marketing consent naming the campaign's calling company. */
export async function importLeads(base: string, adminToken: string, campaignId: string, leads: readonly TestLead[]): Promise<string[]> {
  const list = await campaigns(base, adminToken);
  const campaign = list.campaigns.find((c) => c.id === campaignId);
  if (!campaign) throw new Error(`no campaign ${campaignId}`);
  const grantedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const grant = (kind: string) => ({
    kind,
    recipients: [campaign.callingCompanyId],
    purpose: '상품 안내',
    items: ['name', 'phone'],
    retention: '2 years',
    grantedAt,
    evidenceRef: `test-${kind}`,
  });
  const rows = leads.map((l) => ({
    name: l.name,
    phone: l.phone,
    timeZone: l.timeZone ?? 'Asia/Seoul',
    source: { kind: 'own_customer', description: '2026년 3월 온라인 쇼핑몰 회원 가입', sameKindOfGoods: false },
    grants: [grant('marketing_call'), ...(l.nightConsent ? [grant('night_call')] : [])],
  }));
  const res = await api<{ imported: number; report: { leadId?: string; errors?: unknown }[] }>(base, 'POST', '/v1/leads', adminToken, { campaignId, rows });
  if (res.status !== 201 || res.json.imported !== leads.length) throw new Error(`import: HTTP ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.report.map((r) => r.leadId ?? '');
}
