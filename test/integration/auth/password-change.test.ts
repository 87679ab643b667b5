import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, sessions, users } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { TEST_PASSWORD, createTiers, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const NEW_PASSWORD = 'coconut-palm-sunrise-8';

/** Enrols through the admin screen and reads the one-time password off the page, as an admin would. */
async function enrolThroughAdmin(phone: string) {
  await createTiers(ctx);
  const admin = await createUser(ctx, { role: 'admin' });
  const adminClient = new TestClient(ctx, { address: '192.0.2.1' });
  await adminClient.signIn(admin.phone);
  const res = await adminClient.post('/admin/members', { phone, name: '陈小雨', tier: 'gold', locale: 'zh' });
  expect(res.status).toBe(201);
  const html = await res.text();
  return html.match(/<p class="secret-value"><code>(\d{6})<\/code><\/p>/)![1]!;
}

describe('first sign-in with the initial service password', () => {
  it('forces a new password before anything else, then lets the member in', async () => {
    const initial = await enrolThroughAdmin('13655556666');
    const member = new TestClient(ctx);
    const login = await member.post('/login', { phone: '13655556666', password: initial, next: '/events' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account/password');

    for (const path of ['/', '/me', '/events', '/clubs', '/account']) {
      const res = await member.get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/account/password');
    }
    const form = await member.get('/account/password');
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('请设置您的新密码');
    expect(formHtml).not.toContain('class="main-nav"'); // nothing to wander off to

    // the new password must follow the rules; the form comes back with the message
    const weak = await member.post('/account/password', { current: initial, next: '12345678', confirm: '12345678' });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('这个密码太常见');
    // nor the demo accounts' password, which the README publishes
    const demo = await member.post('/account/password', { current: initial, next: 'demo-pass-2026', confirm: 'demo-pass-2026' });
    expect(demo.status).toBe(422);
    expect(await demo.text()).toContain('这个密码太常见');

    const done = await member.post('/account/password', { current: initial, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/');
    const home = await member.get('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('密码已更新');

    const row = (await ctx.deps.db.select().from(users).where(eq(users.phone, '13655556666')))[0]!;
    expect(row.mustChangePassword).toBe(false);
    // the initial password stops working, the new one works
    expect((await new TestClient(ctx).post('/login', { phone: '13655556666', password: initial })).status).toBe(401);
    expect((await new TestClient(ctx).post('/login', { phone: '13655556666', password: NEW_PASSWORD })).status).toBe(303);
    const actions = (await ctx.deps.db.select().from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(['member.enrolled', 'user.password.changed']);
  });

  it('lets a member sign out while forced to change', async () => {
    const initial = await enrolThroughAdmin('13655557777');
    const member = new TestClient(ctx);
    await member.post('/login', { phone: '13655557777', password: initial });
    const out = await member.request('/logout', { method: 'POST' });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/');
  });
});

describe('changing a password', () => {
  it('signs out every other device and keeps this one signed in with a new token', async () => {
    const member = await createUser(ctx);
    const laptop = new TestClient(ctx);
    const phone = new TestClient(ctx);
    await laptop.signIn(member.phone);
    await phone.signIn(member.phone);
    const oldToken = laptop.cookies.get('vip_session');
    const res = await laptop.post('/account/password', { current: TEST_PASSWORD, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect(laptop.cookies.get('vip_session')).not.toBe(oldToken);
    expect((await laptop.get('/me')).status).toBe(200);
    expect((await phone.get('/me')).status).toBe(303);
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(1);
  });

  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['a wrong current password', { current: 'nope-nope-1', next: NEW_PASSWORD, confirm: NEW_PASSWORD }, 'current', '当前密码不正确。'],
    ['a short new password', { current: TEST_PASSWORD, next: 'short1', confirm: 'short1' }, 'next', '密码至少需要 8 个字符。'],
    ['a new password over 128 characters', { current: TEST_PASSWORD, next: 'x'.repeat(129), confirm: 'x'.repeat(129) }, 'next', '密码最多 128 个字符。'],
    ['a mismatched confirmation', { current: TEST_PASSWORD, next: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x` }, 'confirm', '两次输入的新密码不一致。'],
    ['the same password again', { current: TEST_PASSWORD, next: TEST_PASSWORD, confirm: TEST_PASSWORD }, 'next', '新密码不能与当前密码相同。'],
    ['a common password', { current: TEST_PASSWORD, next: 'password123', confirm: 'password123' }, 'next', '这个密码太常见'],
    ['the demo accounts’ published password', { current: TEST_PASSWORD, next: 'demo-pass-2026', confirm: 'demo-pass-2026' }, 'next', '这个密码太常见'],
    ['the phone number inside', { current: TEST_PASSWORD, next: 'x13700000000y', confirm: 'x13700000000y' }, 'next', '密码不能包含您的手机号。'],
  ];
  for (const [name, form, field, message] of cases) {
    it(`refuses ${name} with 422, a message at the field, and nothing changed`, async () => {
      const member = await createUser(ctx, { phone: '13700000000' });
      const client = new TestClient(ctx);
      await client.signIn(member.phone);
      const before = (await ctx.deps.db.select().from(users).where(eq(users.id, member.id)))[0]!.passwordHash;
      const res = await client.post('/account/password', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<small id="f-${field}-error" class="field-error">${message}`);
      expect(html).toContain(`aria-invalid="true"`);
      expect((await ctx.deps.db.select().from(users).where(eq(users.id, member.id)))[0]!.passwordHash).toBe(before);
    });
  }

  it('accepts a long passphrase of 128 characters (nothing truncated)', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const long = 'sea-and-sky-'.repeat(10) + 'palmtree'; // 128 characters
    expect(long.length).toBe(128);
    expect((await client.post('/account/password', { current: TEST_PASSWORD, next: long, confirm: long })).status).toBe(303);
    // a password equal to the first 127 characters must not open the account
    expect((await new TestClient(ctx).post('/login', { phone: member.phone, password: long.slice(0, 127) })).status).toBe(401);
    expect((await new TestClient(ctx).post('/login', { phone: member.phone, password: long })).status).toBe(303);
  });
});
