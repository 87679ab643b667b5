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
  it('allows five failures for a phone from one address, then answers 429 with Retry-After and growing delays', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 5; i++) expect((await fail(client, member.phone)).status).toBe(401);
    // the 6th failure is counted and starts a 1 s block
    expect((await fail(client, member.phone)).status).toBe(401);
    const blocked = await fail(client, member.phone);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(await blocked.text()).toContain('尝试次数过多，为保护您的账户，请 1 秒后再试。');
    // even the right password is refused while blocked, from that address on a browser that has not signed in before
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

  it('clears the bucket of the phone at that address on success, but keeps the address and the phone-wide buckets', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 4; i++) await fail(client, member.phone);
    await client.signIn(member.phone);
    const failures = async (key: string) => (await ctx.deps.db.select().from(loginThrottles).where(eq(loginThrottles.key, key)))[0]?.failures;
    expect(await failures(`pair:${member.phone}@198.51.100.7`)).toBeUndefined();
    expect(await failures('ip:198.51.100.7')).toBe(4);
    expect(await failures(`phone:${member.phone}`)).toBe(4);
  });

  it('forgets failures older than an hour', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    for (let i = 0; i < 6; i++) await fail(client, member.phone);
    ctx.clock.advance(HOUR + MINUTE);
    expect((await fail(client, member.phone)).status).toBe(401);
    const row = (await ctx.deps.db.select().from(loginThrottles).where(eq(loginThrottles.key, `pair:${member.phone}@198.51.100.7`)))[0]!;
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

describe('the owner is not locked out by a stranger (OWASP: throttling must not become a denial of service)', () => {
  const right = (client: TestClient, phone: string, password = TEST_PASSWORD) => client.post('/login', { phone, password });
  /** one wrong password from each of `n` fresh addresses, on browsers that never signed in */
  const spread = async (phone: string, n: number, from = 0) => {
    const statuses: number[] = [];
    for (let i = from; i < from + n; i++) statuses.push((await fail(new TestClient(ctx, { address: `10.${Math.floor(i / 250)}.${i % 250}.9` }), phone)).status);
    return statuses;
  };

  it('six wrong from address A, then the right password from address B signs in; A stays throttled', async () => {
    const member = await createUser(ctx);
    const attacker = new TestClient(ctx, { address: '203.0.113.66' });
    for (let i = 0; i < 6; i++) expect((await fail(attacker, member.phone)).status).toBe(401);
    expect((await fail(attacker, member.phone)).status).toBe(429);

    const owner = new TestClient(ctx, { address: '198.51.100.20' });
    expect((await right(owner, member.phone)).status).toBe(303);
    expect((await owner.get('/me')).status).toBe(200);
    // the owner's success cleared only the owner's own bucket: the stranger at A is still held back, and the delays grow
    expect((await fail(attacker, member.phone)).status).toBe(429);
    ctx.clock.advance(1000);
    expect((await fail(attacker, member.phone)).status).toBe(401);
    expect((await fail(attacker, member.phone)).headers.get('retry-after')).toBe('2');
    // and a stranger who keeps going at A for hours still does not stop the owner signing in from a new browser at B
    for (let i = 0; i < 10; i++) {
      ctx.clock.advance(15 * MINUTE);
      expect((await fail(attacker, member.phone)).status).toBe(401);
    }
    expect((await right(new TestClient(ctx, { address: '198.51.100.20' }), member.phone)).status).toBe(303);
  });

  it('a guess spread over many addresses on one phone gets slowed: after 50 failures, every browser without a device cookie waits', async () => {
    const member = await createUser(ctx);
    expect(await spread(member.phone, 51)).toEqual(Array(51).fill(401));
    // the 51st started a 1 s block for the phone from anywhere: a new address, even with the right password, waits
    const blocked = await right(new TestClient(ctx, { address: '192.0.2.200' }), member.phone);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    ctx.clock.advance(1000);
    expect(await spread(member.phone, 1, 51)).toEqual([401]);
    expect((await fail(new TestClient(ctx, { address: '192.0.2.201' }), member.phone)).headers.get('retry-after')).toBe('2');
    // another phone is not affected
    const other = await createUser(ctx);
    expect((await right(new TestClient(ctx, { address: '192.0.2.202' }), other.phone)).status).toBe(303);
  });

  it('the owner with a device cookie gets through even then — from another address, or from the attacker\'s own', async () => {
    const member = await createUser(ctx);
    const owner = new TestClient(ctx, { address: '198.51.100.20' });
    await owner.signIn(member.phone);
    expect(owner.cookies.get('vip_device')).toMatch(new RegExp(`^${member.phone}\\.`));
    await owner.post('/logout', {});

    // a stranger at one address (that the owner may share: carrier-grade NAT) blocks the phone there…
    const attacker = new TestClient(ctx, { address: '100.64.0.1' });
    for (let i = 0; i < 6; i++) expect((await fail(attacker, member.phone)).status).toBe(401);
    expect((await fail(attacker, member.phone)).status).toBe(429);
    // …and many more spread the guessing: the 51st failure for the phone blocks every browser without a device cookie
    expect(await spread(member.phone, 50)).toEqual([...Array(45).fill(401), ...Array(5).fill(429)]);
    expect((await right(new TestClient(ctx, { address: '198.51.100.20' }), member.phone)).status).toBe(429);

    expect((await right(owner, member.phone)).status).toBe(303);
    await owner.post('/logout', {});
    // roaming: the same browser on another network, or behind the attacker's address (carrier-grade NAT)
    expect((await owner.post('/login', { phone: member.phone, password: TEST_PASSWORD }, { address: '192.0.2.99' })).status).toBe(303);
    await owner.post('/logout', {});
    expect((await owner.post('/login', { phone: member.phone, password: TEST_PASSWORD }, { address: '100.64.0.1' })).status).toBe(303);
    // the stranger there is still held back, and the owner's sign-in there left the stranger's count alone
    expect((await fail(attacker, member.phone)).status).toBe(429);
    const pair = await ctx.deps.db.select().from(loginThrottles).where(eq(loginThrottles.key, `pair:${member.phone}@100.64.0.1`));
    expect(pair[0]?.failures).toBe(6);
  });

  it('a forged device cookie, one for another phone, or one from before a password change does not help', async () => {
    const member = await createUser(ctx);
    const neighbour = await createUser(ctx);
    const owner = new TestClient(ctx, { address: '198.51.100.20' });
    await owner.signIn(member.phone);
    const genuine = owner.cookies.get('vip_device')!;
    const [phone, at, nonce, mac] = genuine.split('.') as [string, string, string, string];
    const neighbourBrowser = new TestClient(ctx, { address: '198.51.100.21' });
    await neighbourBrowser.signIn(neighbour.phone);
    await neighbourBrowser.post('/logout', {});

    // the owner changes their password: the browser gets a new token, the old one is worth nothing
    const changed = await owner.post('/account/password', { current: TEST_PASSWORD, next: 'new-harbour-lights-43', confirm: 'new-harbour-lights-43' });
    expect(changed.status).toBe(303);
    expect(owner.cookies.get('vip_device')).not.toBe(genuine);
    await owner.post('/logout', {});

    expect(await spread(member.phone, 51)).toEqual(Array(51).fill(401));
    const withCookie = (value: string) => {
      const client = new TestClient(ctx, { address: '192.0.2.50' });
      client.cookies.set('vip_device', value);
      return right(client, member.phone, 'new-harbour-lights-43');
    };
    expect((await withCookie(`${phone}.${at}.${nonce}.${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`)).status).toBe(429);
    expect((await withCookie(`${phone}.${Number(at) + 1}.${nonce}.${mac}`)).status).toBe(429);
    expect((await withCookie(genuine)).status).toBe(429); // signed with the old password's hash
    expect((await withCookie(neighbourBrowser.cookies.get('vip_device')!)).status).toBe(429); // the neighbour's own, valid token
    const swapped = neighbourBrowser.cookies.get('vip_device')!.replace(neighbour.phone, member.phone);
    expect((await withCookie(swapped)).status).toBe(429);
    // the owner's browser, with the token issued at the password change, gets in
    expect((await right(owner, member.phone, 'new-harbour-lights-43')).status).toBe(303);
  });

  it('a trusted device is slowed by its own failures, and nobody else\'s', async () => {
    const member = await createUser(ctx);
    const laptop = new TestClient(ctx, { address: '198.51.100.20' });
    const phone = new TestClient(ctx, { address: '198.51.100.20' });
    await laptop.signIn(member.phone);
    await phone.signIn(member.phone);
    await laptop.post('/logout', {});
    await phone.post('/logout', {});
    for (let i = 0; i < 6; i++) expect((await fail(laptop, member.phone)).status).toBe(401);
    expect((await right(laptop, member.phone)).status).toBe(429);
    expect((await right(phone, member.phone)).status).toBe(303);
    // its failures were counted in its own bucket only
    const keys = (await ctx.deps.db.select({ key: loginThrottles.key }).from(loginThrottles)).map((r) => r.key);
    expect(keys).toEqual([expect.stringMatching(new RegExp(`^device:${member.phone}:[a-z2-7]{26}$`))]);
  });

  it('issues the device cookie HttpOnly, SameSite=Strict, for 180 days, and keeps one per phone', async () => {
    const a = await createUser(ctx);
    const b = await createUser(ctx);
    const client = new TestClient(ctx);
    const res = await client.signIn(a.phone);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vip_device='))!;
    expect(cookie).toMatch(/; Max-Age=15552000; Path=\/; HttpOnly; SameSite=Strict$/);
    await client.post('/logout', {});
    await client.signIn(b.phone);
    await client.post('/logout', {});
    await client.signIn(a.phone);
    expect(client.cookies.get('vip_device')!.split('~').map((t) => t.split('.')[0])).toEqual([a.phone, b.phone]);
    // a wrong password issues nothing
    const wrong = await fail(new TestClient(ctx), a.phone);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('vip_device='))).toBe(false);
  });
});
