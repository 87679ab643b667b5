import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loginThrottles } from '../../../db/schema';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { TEST_PASSWORD, createUser, nextPhone } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const fail = (client: TestClient, phone: string, address?: string) =>
  client.post('/login', { phone, password: 'wrong-password-1' }, address ? { address } : {});

describe('sign-in throttling (kept in the database)', () => {
  it('allows five failures for a phone, then answers 429 with Retry-After and growing delays', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 5; i++) expect((await fail(client, member.phone)).status).toBe(401);
    // the 6th failure is counted and starts a 1 s block
    expect((await fail(client, member.phone)).status).toBe(401);
    const blocked = await fail(client, member.phone);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(await blocked.text()).toContain('尝试次数过多，为保护您的账户，请 1 秒后再试。');
    // even the right password is refused while blocked
    const right = await client.post('/login', { phone: member.phone, password: TEST_PASSWORD });
    expect(right.status).toBe(429);

    ctx.clock.advance(1000);
    expect((await fail(client, member.phone)).status).toBe(401); // 7th failure → 2 s
    const second = await fail(client, member.phone);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    ctx.clock.advance(2000);
    expect((await fail(client, member.phone)).status).toBe(401); // 8th → 4 s
    expect((await fail(client, member.phone)).headers.get('retry-after')).toBe('4');
  });

  it('throttles an unknown phone exactly like a known one', async () => {
    const client = new TestClient(ctx);
    const phone = nextPhone();
    for (let i = 0; i < 6; i++) expect((await fail(client, phone)).status).toBe(401);
    expect((await fail(client, phone)).status).toBe(429);
  });

  it('blocks one phone without blocking another', async () => {
    const a = await createUser(ctx);
    const b = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 6; i++) await fail(client, a.phone);
    expect((await fail(client, a.phone)).status).toBe(429);
    expect((await client.post('/login', { phone: b.phone, password: TEST_PASSWORD })).status).toBe(303);
  });

  it('limits one address trying many phones', async () => {
    const client = new TestClient(ctx, { address: '203.0.113.9' });
    for (let i = 0; i < 31; i++) expect((await fail(client, nextPhone())).status).toBe(401);
    const res = await fail(client, nextPhone());
    expect(res.status).toBe(429);
    // a different address is unaffected
    expect((await fail(new TestClient(ctx, { address: '203.0.113.10' }), nextPhone())).status).toBe(401);
  });

  it('cannot be reset by sending X-Forwarded-For when no proxy is trusted', async () => {
    const client = new TestClient(ctx, { address: '203.0.113.9' });
    for (let i = 0; i < 31; i++) await fail(client, nextPhone());
    const spoofed = await client.post('/login', { phone: nextPhone(), password: 'x-wrong-1' }, { headers: { 'x-forwarded-for': '10.9.8.7' } });
    expect(spoofed.status).toBe(429);
  });

  it('clears the phone bucket on success but keeps the address bucket', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 4; i++) await fail(client, member.phone);
    await client.signIn(member.phone);
    expect(await ctx.deps.db.select().from(loginThrottles).where(eq(loginThrottles.key, `phone:${member.phone}`))).toHaveLength(0);
    const address = await ctx.deps.db.select().from(loginThrottles).where(eq(loginThrottles.key, 'ip:198.51.100.7'));
    expect(address[0]!.failures).toBe(4);
  });

  it('forgets failures older than an hour', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 6; i++) await fail(client, member.phone);
    ctx.clock.advance(HOUR + MINUTE);
    expect((await fail(client, member.phone)).status).toBe(401);
    const row = (await ctx.deps.db.select().from(loginThrottles).where(eq(loginThrottles.key, `phone:${member.phone}`)))[0]!;
    expect(row.failures).toBe(1);
  });

  it('holds across app instances sharing the database', async () => {
    const member = await createUser(ctx);
    // a second app with its own connection to the same file: the throttle is in rows, not in memory
    const second = await ctx.sibling();
    for (let i = 0; i < 6; i++) await fail(new TestClient(ctx), member.phone);
    expect((await fail(new TestClient(second), member.phone)).status).toBe(429);
  });
});
