import type { Campaign } from '../../shared/domain/campaign';
import type { Company } from '../../shared/domain/company';
import type { Sql } from './sql';
import { json } from './rows';

export async function insertCompany(sql: Sql, c: Company): Promise<void> {
  await sql.run('INSERT INTO companies (id, body) VALUES (?, ?)', [c.id, JSON.stringify(c)]);
}

export async function listCompanies(sql: Sql): Promise<Company[]> {
  return (await sql.all('SELECT body FROM companies ORDER BY id')).map((r) => json<Company>(r, 'body'));
}

export async function insertCampaign(sql: Sql, c: Campaign, createdAt: string): Promise<void> {
  await sql.run('INSERT INTO campaigns (id, body, created_at) VALUES (?, ?, ?)', [c.id, JSON.stringify(c), createdAt]);
}

export async function listCampaigns(sql: Sql): Promise<Campaign[]> {
  return (await sql.all('SELECT body FROM campaigns ORDER BY created_at, id')).map((r) => json<Campaign>(r, 'body'));
}

export async function campaignById(sql: Sql, id: string): Promise<Campaign | undefined> {
  const r = await sql.get('SELECT body FROM campaigns WHERE id = ?', [id]);
  return r ? json<Campaign>(r, 'body') : undefined;
}

export async function companyById(sql: Sql, id: string): Promise<Company | undefined> {
  const r = await sql.get('SELECT body FROM companies WHERE id = ?', [id]);
  return r ? json<Company>(r, 'body') : undefined;
}
