import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog, users } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin' });
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

const memberCount = async () => (await ctx.deps.db.select({ n: count() }).from(users).where(eq(users.role, 'member')))[0]!.n;

describe('enrolling a member', () => {
  it('shows a 6-digit initial password once, uncached, and stores only its hash', async () => {
    const res = await admin.post('/admin/members', { phone: '136 5555 1234', name: '陈小雨', tier: 'platinum', locale: 'en' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const password = html.match(/<p class="secret-value"><code>(\d{6})<\/code><\/p>/)![1]!;
    const row = (await ctx.deps.db.select().from(users).where(eq(users.phone, '13655551234')))[0]!;
    expect(row).toMatchObject({ name: '陈小雨', role: 'member', tierCode: 'platinum', locale: 'en', mustChangePassword: true });
    // a one-time 6-digit code gets the lighter initial-password profile; it is replaced at full cost at first sign-in
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=2048,t=1,p=1\$/);
    expect(row.passwordHash).not.toContain(password);
    expect(row.cardCode).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
    const audit = await ctx.deps.db.select().from(auditLog);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'member.enrolled', targetType: 'user', targetId: String(row.id), ip: '198.51.100.7' });
  });

  it('refuses a phone that is already enrolled (409), keeping the form', async () => {
    await createUser(ctx, { phone: '13655550000' });
    const before = await memberCount();
    const res = await admin.post('/admin/members', { phone: '13655550000', name: '重复', tier: 'gold', locale: 'zh' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('该手机号已登记。');
    expect(html).toContain('value="重复"');
    expect(await memberCount()).toBe(before);
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ['an invalid phone', { phone: '12345', name: '张三', tier: 'gold', locale: 'zh' }, '请输入11位手机号码。'],
    ['an empty name', { phone: '13655550001', name: '   ', tier: 'gold', locale: 'zh' }, '此项必填。'],
    ['markup in the name', { phone: '13655550002', name: '<script>alert(1)</script>', tier: 'gold', locale: 'zh' }, '不能包含 &lt; 或 &gt; 字符。'],
    ['an over-long name', { phone: '13655550003', name: '长'.repeat(41), tier: 'gold', locale: 'zh' }, '最多 40 个字符。'],
    ['an unknown tier', { phone: '13655550004', name: '张三', tier: 'titanium', locale: 'zh' }, '内容无效'],
    ['an unknown language', { phone: '13655550005', name: '张三', tier: 'gold', locale: 'fr' }, '内容无效'],
  ];
  for (const [name, form, message] of bad) {
    it(`refuses ${name} with 422 and writes nothing`, async () => {
      const before = await memberCount();
      const res = await admin.post('/admin/members', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(await memberCount()).toBe(before);
    });
  }

  it('is refused to anyone but an admin, even when posted directly', async () => {
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      const user = await createUser(ctx, { role });
      const client = new TestClient(ctx);
      await client.signIn(user.phone);
      const before = await memberCount();
      const res = await client.post('/admin/members', { phone: '13655559999', name: '偷偷', tier: 'diamond', locale: 'zh' });
      expect(res.status, role).toBe(403);
      expect(await memberCount()).toBe(before);
    }
    const anonymous = await new TestClient(ctx).post('/admin/members', { phone: '13655559999', name: '偷偷', tier: 'diamond', locale: 'zh' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2F');
  });
});
