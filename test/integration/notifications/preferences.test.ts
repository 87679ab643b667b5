import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, notifications, outbox, users } from '../../../db/schema';
import { dispatchNotifications } from '../../../src/notifications/outbox';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(role: 'member' | 'coordinator' | 'lounge_staff' | 'admin' = 'member') {
  const user = await createUser(ctx, { role });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const channelsOf = async (id: number) =>
  (await ctx.deps.db.select({ email: users.email, sms: users.notifySms, emailEnabled: users.notifyEmail }).from(users).where(eq(users.id, id)))[0]!;

const input = (html: string, name: string) => new RegExp(`<input id="f-${name}"[^>]*>`).exec(html)?.[0] ?? '';

describe('notification preferences', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const get = await new TestClient(ctx).get('/account/notifications');
    expect(get.status).toBe(303);
    expect(get.headers.get('location')).toBe('/login?next=%2Faccount%2Fnotifications');
    const post = await new TestClient(ctx).post('/account/notifications', { sms: 'on' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/login?next=%2F');
  });

  it('is open to every signed-in role, showing SMS on and e-mail off at first', async () => {
    for (const role of ['member', 'coordinator', 'lounge_staff', 'admin'] as const) {
      const { user, client } = await signedIn(role);
      const res = await client.get('/account/notifications');
      expect(res.status, role).toBe(200);
      const html = await res.text();
      expect(html).toContain('<h1>通知方式</h1>');
      expect(input(html, 'sms')).toContain(' checked');
      expect(input(html, 'email_enabled')).not.toContain('checked');
      expect(input(html, 'email')).toContain('type="email"');
      expect(html).toContain(`发送到 ${user.phone.slice(0, 3)}****${user.phone.slice(7)}`);
      expect(html).not.toContain(user.phone);
    }
  });

  it('is linked from the account page', async () => {
    const { client } = await signedIn();
    const html = await (await client.get('/account')).text();
    expect(html).toContain('<a href="/account/notifications" role="button" class="secondary">设置通知方式</a>');
  });

  it('saves an address and both channels, with a message and an audit entry', async () => {
    const { user, client } = await signedIn();
    const res = await client.post('/account/notifications', { email: '  member@example.com ', sms: 'on', email_enabled: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/notifications');
    expect(await channelsOf(user.id)).toEqual({ email: 'member@example.com', sms: true, emailEnabled: true });
    const html = await (await client.get('/account/notifications?lang=en')).text();
    expect(html).toContain('Your notification settings are saved.');
    expect(input(html, 'email')).toContain('value="member@example.com"');
    expect(input(html, 'email_enabled')).toContain(' checked');
    const [entry] = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'user.notifications.changed'));
    expect(entry).toMatchObject({ actorId: user.id, targetId: String(user.id), detail: { sms: true, email: true, addressChanged: true } });
    expect(JSON.stringify(entry!.detail)).not.toContain('member@example.com');
  });

  it('turns everything off, and then nothing but the inbox is written', async () => {
    const { user, client } = await signedIn();
    expect((await client.post('/account/notifications', { email: '' })).status).toBe(303);
    expect(await channelsOf(user.id)).toEqual({ email: null, sms: false, emailEnabled: false });
    await ctx.deps.db.insert(notifications).values({ userId: user.id, kind: 'club.promoted', params: { clubZh: '甲', clubEn: 'A' }, createdAt: ctx.clock.now() });
    await dispatchNotifications(ctx.deps);
    expect(await ctx.deps.db.select().from(outbox)).toEqual([]);
  });

  it('refuses e-mail without an address (422), keeping what was chosen', async () => {
    const { user, client } = await signedIn();
    const res = await client.post('/account/notifications', { email: '   ', email_enabled: 'on' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('开启邮件通知前，请先填写电子邮箱地址。');
    expect(input(html, 'email_enabled')).toContain(' checked');
    expect(input(html, 'sms')).not.toContain('checked');
    expect(input(html, 'email')).toContain('aria-invalid="true"');
    expect(await channelsOf(user.id)).toEqual({ email: null, sms: true, emailEnabled: false });
  });

  it('uses the app’s inline messages, not the browser’s bubbles: the form is novalidate, the error at the field (issue 13)', async () => {
    const { client } = await signedIn();
    const page = await (await client.get('/account/notifications')).text();
    expect(page).toMatch(/<form method="post" action="\/account\/notifications" novalidate="">/);
    const bad = await client.post('/account/notifications', { email: 'x@', email_enabled: 'on' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/<form method="post" action="\/account\/notifications" novalidate="">/);
    expect(html).toContain('<small id="f-email-error" class="field-error">请输入有效的电子邮箱地址。</small>');
    expect(input(html, 'email')).toContain('value="x@"');
  });

  it('refuses a malformed or over-long address (422), keeping the input', async () => {
    const { user, client } = await signedIn();
    const bad = await client.post('/account/notifications', { email: 'not-an-address', sms: 'on', email_enabled: 'on' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<small id="f-email-error" class="field-error">请输入有效的电子邮箱地址。</small>');
    expect(input(html, 'email')).toContain('value="not-an-address"');
    expect(input(html, 'sms')).toContain(' checked');
    expect(input(html, 'email_enabled')).toContain(' checked');
    const long = await client.post('/account/notifications', { email: `${'a'.repeat(250)}@example.com`, email_enabled: 'on' });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('254');
    expect(await channelsOf(user.id)).toEqual({ email: null, sms: true, emailEnabled: false });
  });

  it('changes only the signed-in person’s own settings', async () => {
    const { user, client } = await signedIn();
    const other = await createUser(ctx);
    // no way to name someone else: an extra field is refused outright
    const sneaky = await client.post('/account/notifications', { userId: String(other.id), email: 'x@example.com', email_enabled: 'on' });
    expect(sneaky.status).toBe(422);
    expect(await channelsOf(other.id)).toEqual({ email: null, sms: true, emailEnabled: false });
    expect(await channelsOf(user.id)).toEqual({ email: null, sms: true, emailEnabled: false });
    expect((await client.post('/account/notifications', { email: 'mine@example.com', email_enabled: 'on' })).status).toBe(303);
    expect(await channelsOf(other.id)).toEqual({ email: null, sms: true, emailEnabled: false });
    const all = await ctx.deps.db.select({ id: users.id, email: users.email }).from(users).orderBy(asc(users.id));
    expect(all.filter((u) => u.email !== null)).toEqual([{ id: user.id, email: 'mine@example.com' }]);
  });

  it('has no Chinese text in English', async () => {
    const { client } = await signedIn();
    const html = await (await client.get('/account/notifications?lang=en')).text();
    const text = html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replace('测试会员', '');
    expect(text.match(/[\u3400-\u9fff]/)).toBeNull();
  });
});
