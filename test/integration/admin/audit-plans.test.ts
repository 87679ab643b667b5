import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import { AUDIT_CSV_MAX_ROWS, auditQuery, readAuditFilter, type AuditFilter } from '../../../src/admin/audit-log';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

/**
 * The audit log grows without end, so every filter must be an index range, never a walk through the table. A
 * table of 50,000 entries (one statement) is enough for SQLite to plan as it would on a big one.
 */

const ROWS = 50_000;
const ZONE = 'Asia/Shanghai';
let ctx: TestContext;
let actorIds: number[];
let admin: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const people = [];
  for (const role of ['admin', 'coordinator', 'lounge_staff', 'coordinator', 'admin'] as const) people.push(await createUser(ctx, { role }));
  actorIds = people.map((p) => p.id);
  admin = new TestClient(ctx);
  await admin.signIn(people[0]!.phone);
  const actions = ['member.enrolled', 'member.tier.changed', 'club.member.approved', 'club.member.removed', 'event.checkin.recorded', 'lounge.checkin.recorded', 'tier.allowance.changed', 'entitlement.adjusted'];
  const types = ['user', 'user', 'club_membership', 'club_membership', 'registration', 'lounge_booking', 'tier', 'user'];
  // one minute apart, ending at the fixed clock; every 10th by the system (no actor)
  await ctx.deps.client.execute({
    sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO audit_log (at, actor_id, action, target_type, target_id, detail, ip, request_id)
      SELECT ? - (${ROWS} - i) * 60000,
        CASE WHEN i % 10 = 0 THEN NULL ELSE json_extract(?, '$[' || (i % 5) || ']') END,
        json_extract(?, '$[' || (i % 8) || ']'),
        json_extract(?, '$[' || (i % 8) || ']'),
        CAST(i % 997 AS TEXT),
        json_object('n', i),
        '198.51.100.' || (i % 250),
        'req-' || i
      FROM n`,
    args: [FIXED_NOW, JSON.stringify(actorIds), JSON.stringify(actions), JSON.stringify(types)],
  });
}, 60_000);
afterAll(() => ctx.close());

async function plan(filter: AuditFilter, cursor: { at: number; id: number } | null): Promise<string[]> {
  const query = auditQuery(ctx.deps.db, filter, cursor, 51).toSQL();
  const res = await ctx.deps.client.execute({ sql: `EXPLAIN QUERY PLAN ${query.sql}`, args: query.params as never });
  return res.rows.map((r) => String(r.detail));
}

const filter = (query: Record<string, string>, actor: AuditFilter['actor'] = null): AuditFilter => {
  const read = readAuditFilter(query, ZONE);
  expect(read.problems).toEqual({});
  return { ...read.filter, actor };
};

const DATES = { from: '2026-10-01', to: '2026-10-31' };
/** name, filter, the index expected, and whether the index gives the order too (no sort of the matches) */
const cases: Array<[string, () => AuditFilter, string, 'ordered' | 'sorted']> = [
  ['no filter', () => filter({}), 'audit_at_idx', 'ordered'],
  ['one actor', () => filter({}, { ids: [actorIds[1]!] }), 'audit_actor_idx', 'ordered'],
  ['several actors (a name)', () => filter({}, { ids: [actorIds[1]!, actorIds[3]!] }), 'audit_actor_idx', 'sorted'],
  ['the system', () => filter({}, 'system'), 'audit_actor_idx', 'ordered'],
  ['an exact action', () => filter({ action: 'member.tier.changed' }), 'audit_action_idx', 'ordered'],
  ['an action prefix', () => filter({ action: 'club.' }), 'audit_action_idx', 'sorted'],
  ['a target type', () => filter({ targetType: 'tier' }), 'audit_target_idx', 'sorted'],
  ['a target', () => filter({ targetType: 'user', targetId: '42' }), 'audit_target_idx', 'sorted'],
  ['dates', () => filter(DATES), 'audit_at_idx', 'ordered'],
  ['actor and dates', () => filter(DATES, { ids: [actorIds[2]!] }), 'audit_actor_idx', 'ordered'],
  ['action and dates', () => filter({ action: 'lounge.checkin.recorded', ...DATES }), 'audit_action_idx', 'ordered'],
  ['target and dates', () => filter({ targetType: 'registration', targetId: '7', ...DATES }), 'audit_target_idx', 'sorted'],
  ['actor and target', () => filter({ targetType: 'user', targetId: '42' }, { ids: [actorIds[0]!] }), 'audit_target_idx', 'sorted'],
  ['action and target', () => filter({ action: 'member.', targetType: 'user', targetId: '42' }), 'audit_target_idx', 'sorted'],
  ['everything', () => filter({ action: 'member.', targetType: 'user', targetId: '42', ...DATES }, { ids: [actorIds[0]!] }), 'audit_target_idx', 'sorted'],
];

describe('query plans on a big log', () => {
  for (const [name, make, index, order] of cases) {
    it(`${name}: ${index}, on the first page and on a later one`, async () => {
      for (const cursor of [null, { at: FIXED_NOW - 20_000 * 60_000, id: 30_000 }]) {
        const lines = await plan(make(), cursor);
        const all = lines.join(' | ');
        const onLog = lines.filter((l) => /\baudit_log\b/.test(l));
        // "SCAN audit_log" without an index would read the whole table
        expect(onLog, all).toEqual([expect.stringMatching(new RegExp(`^(SEARCH|SCAN) audit_log USING INDEX ${index}\\b`))]);
        // the person's name comes from one primary-key look-up per row
        expect(lines.filter((l) => /\busers\b/.test(l)), all).toEqual(['SEARCH users USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN']);
        expect(lines.includes('USE TEMP B-TREE FOR ORDER BY'), all).toBe(order === 'sorted');
      }
    });
  }

  it('a prefix and dates: one of the two ranges', async () => {
    const lines = await plan(filter({ action: 'member.', ...DATES }), null);
    expect(lines.filter((l) => /\baudit_log\b/.test(l))).toEqual([expect.stringMatching(/^SEARCH audit_log USING INDEX (audit_at_idx|audit_action_idx) /)]);
  });
});

describe('pages and exports of a big log', () => {
  it('walks 50 at a time by keyset', async () => {
    const first = await (await admin.get('/admin/audit')).text();
    expect([...first.matchAll(/请求 req-(\d+)/g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 50 }, (_, i) => ROWS - i));
    const older = first.match(/href="\/admin\/audit\?before=(\d+)" rel="next"/)![1]!;
    const second = await (await admin.get(`/admin/audit?before=${older}`)).text();
    expect([...second.matchAll(/请求 req-(\d+)/g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 50 }, (_, i) => ROWS - 50 - i));
  });

  it(`exports at most ${AUDIT_CSV_MAX_ROWS} rows, newest first, and says it stopped`, async () => {
    const before = (await ctx.deps.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'audit.log.exported')))[0]!.n;
    const res = await admin.get('/admin/audit.csv?action=club.');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-audit-truncated')).toBe('true');
    const lines = (await res.text()).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(AUDIT_CSV_MAX_ROWS + 1);
    expect(lines[1]).toContain('club.member');
    const exported = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'audit.log.exported'));
    expect(exported).toHaveLength(before + 1);
    expect(exported.at(-1)!.detail).toEqual({ rows: AUDIT_CSV_MAX_ROWS, action: 'club.' });
  });
});
