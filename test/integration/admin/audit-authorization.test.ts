import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import { auditLogExport, auditLogPage } from '../../../src/admin/audit-log';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const entries = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));

/** An entry whose detail nobody but an admin may read. */
async function world() {
  const admin = await createUser(ctx, { role: 'admin', name: '管理员' });
  await ctx.deps.db.insert(auditLog).values({ at: ctx.clock.now() - 60_000, actorId: admin.id, action: 'entitlement.adjusted', targetType: 'user', targetId: '1', detail: { reason: '仅管理员可见的原因' }, ip: '203.0.113.5', requestId: 'r-private' });
}

const roles = ['anonymous', 'member', 'coordinator', 'lounge_staff', 'admin'] as const;
const requests: Array<{ name: string; method: string; path: string; admin: number }> = [
  { name: 'the log', method: 'GET', path: '/admin/audit', admin: 200 },
  { name: 'the log, filtered', method: 'GET', path: '/admin/audit?actor=system&action=tier.&from=2026-11-01', admin: 200 },
  { name: 'an older page', method: 'GET', path: '/admin/audit?before=1', admin: 200 },
  { name: 'a bad filter', method: 'GET', path: '/admin/audit?from=soon', admin: 422 },
  { name: 'the CSV', method: 'GET', path: '/admin/audit.csv', admin: 200 },
  { name: 'post to the log', method: 'POST', path: '/admin/audit', admin: 404 },
  { name: 'change an entry', method: 'PUT', path: '/admin/audit/1', admin: 404 },
  { name: 'delete an entry', method: 'DELETE', path: '/admin/audit/1', admin: 404 },
  { name: 'post a deletion', method: 'POST', path: '/admin/audit/1/delete', admin: 404 },
];

describe('who may read the audit log', () => {
  for (const role of roles) {
    it(`${role}: ${requests.length} requests; a refusal shows nothing and writes nothing`, async () => {
      await world();
      const client = new TestClient(ctx);
      if (role !== 'anonymous') await client.signIn((await createUser(ctx, { role })).phone);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const r of requests) {
        const before = await entries();
        const res = await client.request(r.path, { method: r.method, ...(r.method === 'GET' ? {} : { form: { action: 'member.enrolled' } }) });
        const body = await res.text();
        outcomes.push(`${r.name}: ${res.status}`);
        expected.push(`${r.name}: ${role === 'admin' ? r.admin : role === 'anonymous' ? 303 : 403}`);
        if (role === 'anonymous') expect(res.headers.get('location'), r.name).toMatch(/^\/login/);
        if (role !== 'admin') {
          expect(body, r.name).not.toContain('仅管理员可见的原因');
          expect(body, r.name).not.toContain('r-private');
        }
        // only an admin's export adds an entry (the export itself)
        const after = await entries();
        if (role === 'admin' && r.path.startsWith('/admin/audit.csv')) expect(after.slice(before.length).map((e) => e.action)).toEqual(['audit.log.exported']);
        else expect(after, `${role} ${r.name}`).toEqual(before);
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('the services refuse anyone but an admin, whatever the route', async () => {
    await world();
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      const actor = { id: (await createUser(ctx, { role })).id, role };
      const before = await entries();
      expect(await auditLogPage(ctx.deps, actor, {}, null)).toEqual({ ok: false, error: 'forbidden' });
      expect(await auditLogExport(ctx.deps, actor, {})).toEqual({ ok: false, error: 'forbidden' });
      expect(await entries()).toEqual(before);
    }
  });
});
