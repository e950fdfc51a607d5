/**
 * CSV lead import columns (header row required; one lead a row):
 * `name, phone, timeZone, sourceKind (own_customer|third_party), sourceDescription,
 *  lastTransactionAt, sameKindOfGoods (true|false), providerCompanyId, providerName,
 *  providerConsentDate, providerReference, grants (a JSON array of grants, optional)`.
 * A row becomes the JSON import row; the same schema then validates it, so errors name the same paths.
 */
export function csvRowToImportRow(r: Record<string, string>): Record<string, unknown> {
  const opt = (k: string): string | undefined => (r[k] === undefined || r[k] === '' ? undefined : r[k]);
  const source =
    r['sourceKind'] === 'third_party'
      ? {
          kind: 'third_party',
          providerCompanyId: opt('providerCompanyId'),
          providerName: opt('providerName'),
          consentDate: opt('providerConsentDate'),
          reference: opt('providerReference'),
          description: opt('sourceDescription'),
        }
      : {
          kind: opt('sourceKind'),
          description: opt('sourceDescription'),
          ...(opt('lastTransactionAt') ? { lastTransactionAt: opt('lastTransactionAt') } : {}),
          ...(opt('sameKindOfGoods') ? { sameKindOfGoods: r['sameKindOfGoods'] === 'true' } : {}),
        };
  let grants: unknown = [];
  const rawGrants = opt('grants');
  if (rawGrants) {
    try {
      grants = JSON.parse(rawGrants);
    } catch {
      grants = 'not valid JSON';
    }
  }
  return { name: opt('name'), phone: opt('phone'), timeZone: opt('timeZone'), source: dropUndefined(source), grants };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
