// Dead air the desk reports (issue 13 item 1): stored on the call record as the desk's claim, flagged
// `dead_air`, and found by the review filter, on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_AIR_MAX_MS } from '../../../shared/api/calls';
import { DB_KINDS, openCall, startTestServer, type TestServer } from '../../support/server-harness';

describe.each(DB_KINDS)('dead air on the call record on %s', (kind) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startTestServer(kind);
  });
  afterEach(async () => {
    await s?.close();
  });

  const patch = (token: string, id: string, body: unknown) => s.request('PATCH', `/v1/calls/${id}`, { token, body });

  it('PATCH deadAirMs stores the desk-reported dead air and flags dead_air; the review filter returns exactly those calls', async () => {
    const t0 = s.clock().getTime();
    const at = (ms: number): string => new Date(t0 + ms).toISOString();
    const silent = await openCall(s, 'lead-kr-valid');
    const clean = await openCall(s, 'lead-kr-night');
    for (const c of [silent, clean]) expect((await patch(c.token, c.call.id, { answeredAt: at(2_000) })).status).toBe(200);

    const reported = await patch(silent.token, silent.call.id, { deadAirMs: 4_200 });
    expect(reported.status).toBe(200);
    expect(reported.json).toMatchObject({ deadAirMs: 4_200, flags: ['dead_air'] });
    const none = await patch(clean.token, clean.call.id, { deadAirMs: 0 });
    expect(none.json).toMatchObject({ deadAirMs: 0, flags: [] });

    // The wrap-up repeats it (the desk sends it with the end too): the record is final after that.
    const end = { endedAt: at(60_000), outcome: 'not_interested', deadAirMs: 4_200 };
    expect((await patch(silent.token, silent.call.id, end)).json).toMatchObject({ state: 'ended', deadAirMs: 4_200, flags: ['dead_air'] });
    expect((await patch(silent.token, silent.call.id, { deadAirMs: 4_200 })).status).toBe(200);
    expect((await patch(silent.token, silent.call.id, { deadAirMs: 9_000 })).status).toBe(409);

    // Review: the flag filter of the table (and of GET /v1/calls) finds the call, with its dead air.
    const lead = await s.login('lead1');
    const flagged = await s.request('GET', '/v1/review/calls?flag=dead_air&limit=50', { token: lead });
    expect(flagged.status).toBe(200);
    expect(flagged.json.items.map((r: { id: string }) => r.id)).toEqual([silent.call.id]);
    expect(flagged.json).toMatchObject({ total: 1, items: [{ deadAirMs: 4_200, flags: ['dead_air'] }] });
    const all = await s.request('GET', '/v1/review/calls?limit=50', { token: lead });
    expect(all.json.items.find((r: { id: string }) => r.id === clean.call.id)).toMatchObject({ deadAirMs: 0, flags: [] });
    const listed = await s.request('GET', '/v1/calls?flag=dead_air', { token: await s.login('admin') });
    expect(listed.json.items.map((r: { id: string }) => r.id)).toEqual([silent.call.id]);
    // The rollup counter the review figures read, kept by the triggers.
    const rolled = await s.ctx.store.db.get('SELECT SUM(flag_dead_air) AS n FROM review_rollup');
    expect(Number(rolled?.['n'])).toBe(1);
    // The CSV export carries it as the desk's figure.
    const csv = await s.request('POST', '/v1/review/exports/calls', { token: lead, body: { filter: { flag: 'dead_air' }, reason: 'dead air review test' } });
    expect(csv.status).toBe(200);
    const [header = '', row = '', rest = ''] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header.split(',').at(-1)).toBe('deskDeadAirMs');
    expect(row.split(',')[0]).toBe(silent.call.id);
    expect(row.split(',').at(-1)).toBe('4200');
    expect(rest).toBe('');
  });

  it('bad reports are refused with the field named and change nothing: unanswered call, negative, fractional, longer than a day, not a number', async () => {
    const { token, call } = await openCall(s, 'lead-kr-valid');
    const unanswered = await patch(token, call.id, { deadAirMs: 1_000 });
    expect(unanswered.status).toBe(400);
    expect(unanswered.json.errors[0].pointer).toBe('/deadAirMs');
    await patch(token, call.id, { answeredAt: new Date(s.clock().getTime() + 1_000).toISOString() });
    for (const deadAirMs of [-1, 1.5, DEAD_AIR_MAX_MS + 1, '300', null]) {
      const bad = await patch(token, call.id, { deadAirMs });
      expect(bad.status, JSON.stringify(deadAirMs)).toBe(400);
      expect(bad.json.errors[0].pointer).toBe('/deadAirMs');
    }
    const after = await s.request('GET', `/v1/calls/${call.id}`, { token });
    expect(after.json.call).toMatchObject({ deadAirMs: null, flags: [] });
  });
});
