import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../db/schema';
import { sessionIdFromToken } from '../../../src/auth/session';
import { DAY } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient, sessionCookieOf } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

describe('sessions', () => {
  it('issues a new token at every sign-in (an old one is never reused)', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const first = sessionCookieOf(client)!;
    await client.signIn(member.phone);
    const second = sessionCookieOf(client)!;
    expect(second).not.toBe(first);
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(2);
  });

  it('ignores a token planted before sign-in (no fixation)', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    client.cookies.set('vip_session', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    await client.signIn(member.phone);
    expect(sessionCookieOf(client)).not.toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  });

  it('ends the session at sign-out: the old cookie no longer works', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const token = sessionCookieOf(client)!;
    const out = await client.request('/logout', { method: 'POST' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/');
    expect(out.headers.getSetCookie().some((c) => /^vip_session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.id, sessionIdFromToken(token)))).toHaveLength(0);
    // replaying the old cookie is treated as signed out
    const replay = await new TestClient(ctx).get('/me', { headers: { cookie: `vip_session=${token}` } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login?next=%2Fme');
    // and the landing page says so
    const landing = await client.get('/');
    expect(await landing.text()).toContain('您已安全退出。');
  });

  it('slides: a session with under 15 days left is extended to 30 days and the cookie re-sent', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const id = sessionIdFromToken(sessionCookieOf(client)!);
    ctx.clock.advance(10 * DAY);
    const untouched = await client.get('/me');
    expect(untouched.headers.getSetCookie().some((c) => c.startsWith('vip_session='))).toBe(false);
    ctx.clock.advance(6 * DAY); // 14 days left
    const renewed = await client.get('/me');
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().find((c) => c.startsWith('vip_session='))).toMatch(/Max-Age=2592000/);
    const row = (await ctx.deps.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
    expect(row.expiresAt).toBe(ctx.clock.now() + 30 * DAY);
  });

  it('expires after 30 idle days', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    ctx.clock.advance(30 * DAY);
    const res = await client.get('/me');
    expect(res.status).toBe(303);
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(0);
  });

  it('never outlives the absolute cap of 90 days, however active', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    const signedInAt = ctx.clock.now();
    await client.signIn(member.phone);
    for (const day of [14, 28, 42, 56, 70, 84, 89]) {
      ctx.clock.set(signedInAt + day * DAY);
      expect((await client.get('/me')).status).toBe(200);
    }
    const row = (await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, member.id)))[0]!;
    expect(row.expiresAt).toBe(signedInAt + 90 * DAY); // renewed, but only up to the cap
    ctx.clock.set(signedInAt + 90 * DAY);
    expect((await client.get('/me')).status).toBe(303);
  });
});
