import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, outbox, users } from '../../../db/schema';
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

const secret = (html: string) => html.match(/<p class="secret-value"><code>(\d{6})<\/code><\/p>/)![1]!;
const texts = () => ctx.deps.db.select().from(outbox).orderBy(asc(outbox.id));

describe('the initial password is texted as well as shown', () => {
  it('queues one SMS in the member’s language with the enrolment, never as an inbox message', async () => {
    const zh = await admin.post('/admin/members', { phone: '13655551234', name: '陈小雨', tier: 'gold', locale: 'zh' });
    const en = await admin.post('/admin/members', { phone: '13655554321', name: 'Chen Yu', tier: 'silver', locale: 'en' });
    const [p1, p2] = [secret(await zh.text()), secret(await en.text())];
    const [a, b] = await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.role, 'member')).orderBy(asc(users.id));
    expect(await texts()).toMatchObject([
      { userId: a!.id, channel: 'sms', destination: '13655551234', notificationId: null, status: 'pending', body: `您的全球通VIP初始服务密码为 ${p1}，首次登录后须修改。` },
      { userId: b!.id, channel: 'sms', destination: '13655554321', notificationId: null, status: 'pending', body: `Your GoTone VIP initial service password is ${p2}. You must change it when you first sign in.` },
    ]);
  });

  it('links to the new person’s page, which never shows the password', async () => {
    const res = await admin.post('/admin/members', { phone: '13655551234', name: '陈小雨', tier: 'gold', locale: 'zh' });
    const html = await res.text();
    const password = secret(html);
    const [row] = await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.phone, '13655551234'));
    expect(html).toContain(`<a href="/admin/members/${row!.id}" role="button">打开账户页面</a>`);
    const page = await (await admin.get(`/admin/members/${row!.id}`)).text();
    expect(page).toContain('<dd>初始密码尚未修改</dd>');
    expect(page).not.toContain(password);
  });
});

describe('creating a staff account', () => {
  it('has its own form, with a role and no tier', async () => {
    const html = await (await admin.get('/admin/staff/new?lang=en')).text();
    expect(html).toContain('<h1>New staff account</h1>');
    expect(html).toContain('<form method="post" action="/admin/staff" novalidate="">');
    expect(html).toContain('<option value="coordinator" selected="">Club coordinator</option><option value="lounge_staff">Lounge staff</option><option value="admin">Administrator</option>');
    expect(html).not.toContain('name="tier"');
    const members = await (await admin.get('/admin/members/new?lang=en')).text();
    expect(members).toContain('<a href="/admin/staff/new">New staff account</a>');
  });

  for (const role of ['coordinator', 'lounge_staff', 'admin'] as const) {
    it(`creates a ${role} with a one-time password that must be changed at first sign-in`, async () => {
      const res = await admin.post('/admin/staff', { phone: '186 0000 1111', name: '新同事', role, locale: 'zh' });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      const password = secret(html);
      expect(html).toContain('<h1>工作人员账户已建立</h1>');
      const [row] = await ctx.deps.db.select().from(users).where(eq(users.phone, '18600001111'));
      expect(row).toMatchObject({ name: '新同事', role, tierCode: null, mustChangePassword: true, disabledAt: null });
      expect(row!.passwordHash).not.toContain(password);
      expect(await texts()).toMatchObject([{ userId: row!.id, destination: '18600001111', body: `您的全球通VIP工作账户初始密码为 ${password}，首次登录后须修改。` }]);
      expect(await ctx.deps.db.select().from(auditLog)).toMatchObject([{ action: 'staff.enrolled', targetId: String(row!.id), detail: { role } }]);

      const colleague = new TestClient(ctx);
      const login = await colleague.post('/login', { phone: '18600001111', password });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/account/password');
    });
  }

  it('refuses a member role, an unknown role, a tier, a taken phone and bad input, keeping the form and writing nothing', async () => {
    await createUser(ctx, { phone: '18600002222' });
    const before = await ctx.deps.db.select().from(users);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ phone: '18600003333', name: '甲', role: 'member', locale: 'zh' }, 422, '内容无效'],
      [{ phone: '18600003333', name: '甲', role: 'superuser', locale: 'zh' }, 422, '内容无效'],
      [{ phone: '18600003333', name: '甲', role: 'coordinator', locale: 'zh', tier: 'gold' }, 422, '表单包含无法识别的内容'],
      [{ phone: '18600002222', name: '重复', role: 'coordinator', locale: 'zh' }, 409, '该手机号已登记。'],
      [{ phone: '123', name: '甲', role: 'coordinator', locale: 'zh' }, 422, '请输入11位手机号码。'],
      [{ phone: '18600003333', name: '<b>甲</b>', role: 'coordinator', locale: 'zh' }, 422, '不能包含 &lt; 或 &gt; 字符。'],
    ];
    for (const [form, status, message] of cases) {
      const res = await admin.post('/admin/staff', form);
      expect(res.status, JSON.stringify(form)).toBe(status);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('<h1>新建工作人员账户</h1>');
      expect(html).not.toContain('class="secret-value"');
    }
    expect(await ctx.deps.db.select().from(users)).toEqual(before);
    expect(await texts()).toEqual([]);
    expect(await ctx.deps.db.select().from(auditLog)).toEqual([]);
  });
});
