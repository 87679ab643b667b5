import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { importBatches } from '../../../db/schema';
import { getImport, importErrors, importProgress, listImports, runImport, uploadImport } from '../../../src/admin/import';
import type { Actor } from '../../../src/auth/policy';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { snapshot, uploadAndPreview } from './import-helpers';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const CSV = 'phone,name,tier\n13600000501,新会员,gold\n12,坏,gold';

/** An admin's batch waiting to be imported (with the digest of its preview), and one person of every role. */
async function world() {
  const admin = await createUser(ctx, { role: 'admin' });
  const adminClient = new TestClient(ctx);
  await adminClient.signIn(admin.phone);
  const { id, digest } = await uploadAndPreview(adminClient, CSV);
  const people = {
    member: await createUser(ctx, { role: 'member' }),
    coordinator: await createUser(ctx, { role: 'coordinator' }),
    'lounge staff': await createUser(ctx, { role: 'lounge_staff' }),
    admin: await createUser(ctx, { role: 'admin' }),
  };
  return { id, digest, people };
}

type Who = 'signed out' | 'member' | 'coordinator' | 'lounge staff' | 'admin';
const WHO: Who[] = ['signed out', 'member', 'coordinator', 'lounge staff', 'admin'];

interface Route {
  name: string;
  send: (client: TestClient, w: Awaited<ReturnType<typeof world>>) => Promise<Response>;
  /** what an admin gets */
  admin: number;
}

const multipart = () => {
  const form = new FormData();
  form.set('file', new File([CSV], 'again.csv', { type: 'text/csv' }));
  return form;
};

// In order: the import itself comes last, after everything that only reads.
const ROUTES: Route[] = [
  { name: 'GET /admin/import', send: (c) => c.get('/admin/import'), admin: 200 },
  { name: 'GET /admin/import/template.csv', send: (c) => c.get('/admin/import/template.csv'), admin: 200 },
  { name: 'GET /admin/import/:id', send: (c, w) => c.get(`/admin/import/${w.id}`), admin: 200 },
  { name: 'GET /admin/import/:id/progress', send: (c, w) => c.get(`/admin/import/${w.id}/progress`), admin: 200 },
  { name: 'GET /admin/import/:id/errors.csv', send: (c, w) => c.get(`/admin/import/${w.id}/errors.csv`), admin: 200 },
  { name: 'GET /admin/import/999999', send: (c) => c.get('/admin/import/999999'), admin: 404 },
  { name: 'POST /admin/import', send: (c) => c.request('/admin/import', { method: 'POST', body: multipart() }), admin: 303 },
  { name: 'POST /admin/import/:id', send: (c, w) => c.post(`/admin/import/${w.id}`, { digest: w.digest }), admin: 200 },
];

describe('import authorization: every route × every role', () => {
  for (const who of WHO) {
    it(`${who}: ${who === 'admin' ? 'may do everything' : 'is refused everything and writes nothing'}`, async () => {
      const w = await world();
      const client = new TestClient(ctx);
      if (who !== 'signed out') await client.signIn(w.people[who].phone);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const route of ROUTES) {
        const before = await snapshot(ctx);
        const res = await route.send(client, w);
        const body = await res.text();
        outcomes.push(`${route.name}: ${res.status}`);
        expected.push(`${route.name}: ${who === 'admin' ? route.admin : who === 'signed out' ? 303 : 403}`);
        if (who === 'signed out') expect(res.headers.get('location'), route.name).toMatch(/^\/login\?next=/);
        if (who !== 'admin') {
          expect(await snapshot(ctx), `${route.name} wrote something`).toEqual(before);
          expect(body, route.name).not.toContain('新会员');
        }
      }
      expect(outcomes).toEqual(expected);
      const [batch] = await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, w.id));
      expect(batch!.status).toBe(who === 'admin' ? 'done' : 'previewed');
    });
  }

  it('is checked in the services too, whatever the route', async () => {
    const w = await world();
    const before = await snapshot(ctx);
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      const actor: Actor = { id: w.people.member.id, role };
      expect(await uploadImport(ctx.deps, actor, { name: 'x.csv', type: 'text/csv', bytes: new TextEncoder().encode(CSV) })).toEqual({ ok: false, error: 'forbidden' });
      expect(await runImport(ctx.deps, actor, w.id, w.digest)).toEqual({ ok: false, error: 'forbidden' });
      expect(await getImport(ctx.deps, actor, w.id)).toEqual({ ok: false, error: 'forbidden' });
      expect(await importProgress(ctx.deps, actor, w.id)).toEqual({ ok: false, error: 'forbidden' });
      expect(await importErrors(ctx.deps, actor, w.id)).toEqual({ ok: false, error: 'forbidden' });
      expect(await listImports(ctx.deps, actor)).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await snapshot(ctx)).toEqual(before);
  });
});
