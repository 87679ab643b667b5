import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { sessions, users } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { TEST_PASSWORD, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function sessionCount() {
  return (await ctx.deps.db.select({ n: count() }).from(sessions))[0]!.n;
}

describe('CSRF: state-changing requests must come from our own pages', () => {
  it('accepts a same-origin form post', async () => {
    const member = await createUser(ctx);
    const res = await new TestClient(ctx).post('/login', { phone: member.phone, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(await sessionCount()).toBe(1);
  });

  it('accepts Sec-Fetch-Site: same-origin without an Origin header', async () => {
    const member = await createUser(ctx);
    const res = await new TestClient(ctx).post('/login', { phone: member.phone, password: TEST_PASSWORD }, { headers: { origin: '', 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(303);
  });

  const forged: Array<[string, Record<string, string>]> = [
    ['no Origin and no fetch metadata', { origin: '' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null with cross-site fetch metadata', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['a look-alike origin', { origin: 'http://127.0.0.1:3000.evil.example' }],
    ['same-site (not same-origin) fetch metadata', { origin: '', 'sec-fetch-site': 'same-site' }],
  ];

  for (const [name, headers] of forged) {
    it(`refuses sign-in with ${name}: 403, no session, no cookie`, async () => {
      const member = await createUser(ctx);
      const res = await new TestClient(ctx).post('/login', { phone: member.phone, password: TEST_PASSWORD }, { headers });
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('vip_session='))).toBe(false);
      expect(await sessionCount()).toBe(0);
      const html = await res.text();
      expect(html).toContain('<h1 id="error-title">无权访问</h1>');
    });

    it(`refuses a password change with ${name}: nothing written`, async () => {
      const member = await createUser(ctx);
      const client = new TestClient(ctx);
      await client.signIn(member.phone);
      const before = (await ctx.deps.db.select().from(users).where(eq(users.id, member.id)))[0]!.passwordHash;
      const res = await client.post('/account/password', { current: TEST_PASSWORD, next: 'sea-breeze-lantern-7', confirm: 'sea-breeze-lantern-7' }, { headers });
      expect(res.status).toBe(403);
      const after = (await ctx.deps.db.select().from(users).where(eq(users.id, member.id)))[0]!.passwordHash;
      expect(after).toBe(before);
      expect(await sessionCount()).toBe(1);
    });
  }

  it('refuses a cross-site sign-out (the session survives)', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const res = await client.request('/logout', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await sessionCount()).toBe(1);
    expect((await client.get('/me')).status).toBe(200);
  });

  it('refuses non-form bodies with 415 even from our origin (hono/csrf only inspects form types)', async () => {
    const member = await createUser(ctx);
    const res = await new TestClient(ctx).request('/login', {
      method: 'POST',
      body: JSON.stringify({ phone: member.phone, password: TEST_PASSWORD }),
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    expect(res.status).toBe(415);
    expect(await sessionCount()).toBe(0);
  });

  it('answers GET requests without any origin check', async () => {
    const res = await new TestClient(ctx).get('/login', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
  });
});
