import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../db/schema';
import { sessionIdFromToken } from '../../../src/auth/session';
import { DAY } from '../../../src/lib/clock';
import { setUserDisabled } from '../../../src/members/service';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient, sessionCookieOf } from '../../helpers/client';
import { TEST_PASSWORD, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

describe('sign-in', () => {
  it('signs a member in with a 303 to their home and a safe session cookie', async () => {
    const member = await createUser(ctx, { tierCode: 'diamond' });
    const client = new TestClient(ctx);
    const res = await client.post('/login', { phone: member.phone, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vip_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=2592000/); // 30 days
    const token = sessionCookieOf(client)!;
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    // only the hash of the token is stored
    const rows = await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, member.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(sessionIdFromToken(token));
    expect(rows[0]!.id).not.toContain(token);
    expect(rows[0]!.expiresAt).toBe(ctx.clock.now() + 30 * DAY);

    const home = await client.get('/');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('钻石卡');
    expect(html).toContain(member.name);
  });

  it('accepts the phone typed with spaces or +86', async () => {
    const member = await createUser(ctx, { phone: '13912345678' });
    const client = new TestClient(ctx);
    const res = await client.post('/login', { phone: '+86 139 1234 5678', password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    void member;
  });

  it('sends each role to its own home', async () => {
    const cases = [
      ['coordinator', '/coordinator'],
      ['lounge_staff', '/desk'],
      ['admin', '/admin'],
    ] as const;
    for (const [role, home] of cases) {
      const user = await createUser(ctx, { role });
      const res = await new TestClient(ctx).post('/login', { phone: user.phone, password: TEST_PASSWORD });
      expect(res.headers.get('location')).toBe(home);
    }
  });

  it('returns to a local "next" page but never to another site', async () => {
    const member = await createUser(ctx);
    const ok = await new TestClient(ctx).post('/login', { phone: member.phone, password: TEST_PASSWORD, next: '/events?city=sanya' });
    expect(ok.headers.get('location')).toBe('/events?city=sanya');
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await new TestClient(ctx).post('/login', { phone: member.phone, password: TEST_PASSWORD, next });
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('gives the same answer and status for an unknown phone and a wrong password', async () => {
    const member = await createUser(ctx);
    const wrong = await new TestClient(ctx).post('/login', { phone: member.phone, password: 'not-the-password' });
    const unknown = await new TestClient(ctx).post('/login', { phone: '13111111111', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.text();
    const b = await unknown.text();
    const message = (html: string) => html.match(/<p class="form-error" role="alert">([^<]*)<\/p>/)?.[1];
    expect(message(a)).toBe('手机号或服务密码不正确。');
    expect(message(b)).toBe(message(a));
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('vip_session='))).toBe(false);
    // the phone is kept in the form, the password never echoed
    expect(a).toContain(`value="${member.phone}"`);
    expect(a).not.toContain('not-the-password');
  });

  it('re-renders the form with field messages (422) when fields are missing', async () => {
    const res = await new TestClient(ctx).post('/login', { phone: '', password: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('请输入手机号。');
    expect(html).toContain('请输入服务密码。');
  });

  it('refuses a disabled account, and disabling ends its sessions', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    expect((await client.get('/me')).status).toBe(200);
    const admin = await createUser(ctx, { role: 'admin' });
    const result = await setUserDisabled(ctx.deps, { id: admin.id, role: 'admin' }, member.id, true);
    expect(result.ok).toBe(true);
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(0);
    const after = await client.get('/me');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/login?next=%2Fme');
    const again = await new TestClient(ctx).post('/login', { phone: member.phone, password: TEST_PASSWORD });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('此账户已停用');
  });
});
