import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { auditLog, clubMemberships, entitlementLedger, loungeBookings, outbox, registrations, sessions, users } from '../../../db/schema';
import { DAY } from '../../../src/lib/clock';
import { formatCode } from '../../../src/lib/codes';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser, TEST_PASSWORD } from '../../helpers/factories';
import { addBooking, addMembership, addRegistration } from '../feedback/fixtures';

let ctx: TestContext;
let admin: TestClient;
let adminId: number;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin', name: '管理员' });
  adminId = user.id;
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

/** A gold member, signed in on two devices, with an event registration, a lounge booking and a club place. */
async function bookedMember() {
  const member = await createUser(ctx, { name: '王芳', phone: '13912340042', tierCode: 'gold', locale: 'en' });
  const phoneA = new TestClient(ctx);
  await phoneA.signIn(member.phone);
  const phoneB = new TestClient(ctx);
  await phoneB.signIn(member.phone);
  const club = await createClub(ctx);
  await addMembership(ctx, club.id, member.id);
  const event = await createEvent(ctx, { clubId: club.id, inDays: 5 });
  const registration = await addRegistration(ctx, { eventId: event.id, userId: member.id });
  const lounge = await createLounge(ctx);
  const booking = await addBooking(ctx, { loungeId: lounge.id, userId: member.id, slotStart: ctx.clock.now() + 2 * DAY });
  return { member, phoneA, phoneB, club, event, registration, lounge, booking };
}

const userRow = async (id: number) => (await ctx.deps.db.select().from(users).where(eq(users.id, id)))[0]!;
const audits = async (action: string) => ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, action));

describe('a person’s page', () => {
  it('shows a member’s account, lounge visits, what is booked, and the actions', async () => {
    const w = await bookedMember();
    const html = await (await admin.get(`/admin/members/${w.member.id}`)).text();
    expect(html).toContain('<h1>王芳</h1>');
    expect(html).toContain('<dd>13912340042</dd>');
    expect(html).toContain('<dd>金卡</dd>');
    expect(html).toContain('<dd id="active-sessions">2 个</dd>');
    expect(html).toContain('<dd>登记后未修改</dd>');
    expect(html).toContain('<h2 id="lounge-title">2026年贵宾厅权益</h2>');
    expect(html).toContain('剩余 4 次（全年 4 次，已预约 0 次，已使用 0 次）');
    expect(html).toContain(`<strong>${w.event.titleZh}</strong>`);
    expect(html).toContain(`<strong>${w.lounge.nameZh}</strong>`);
    expect(html).toContain(`<strong>${w.club.nameZh}</strong> · 已加入`);
    expect(html).toContain('停用账户不会取消其中任何一项。');
    expect(html).toContain(`action="/admin/members/${w.member.id}/tier"`);
    expect(html).toContain('<small id="tier-note">新等级从下一次预约起生效，已有的预约保持不变');
    expect(html).toContain(`href="/admin/members/${w.member.id}/disable"`);
    expect(html).toContain(`href="/admin/members/${w.member.id}/password"`);
    expect(html).toContain('<span lang="en">English</span>');
  });

  it('answers 404 for someone who does not exist, and for an id that is not a number', async () => {
    expect((await admin.get('/admin/members/999999')).status).toBe(404);
    expect((await admin.get('/admin/members/abc')).status).toBe(404);
    expect((await admin.post('/admin/members/999999/disable', {})).status).toBe(404);
    expect((await admin.post('/admin/members/999999/password', {})).status).toBe(404);
  });

  it('offers an admin no way to disable themselves or re-issue their own password', async () => {
    const html = await (await admin.get(`/admin/members/${adminId}`)).text();
    expect(html).toContain('这是您自己的账户：不能在这里停用或重新发放密码。');
    expect(html).not.toContain(`/admin/members/${adminId}/disable"`);
    const res = await admin.post(`/admin/members/${adminId}/disable`, {});
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('不能停用您自己的账户。');
    const reissue = await admin.post(`/admin/members/${adminId}/password`, {});
    expect(reissue.status).toBe(409);
    expect(await reissue.text()).toContain('不能为自己重新发放初始密码');
    expect((await userRow(adminId)).disabledAt).toBeNull();
    expect(await ctx.deps.db.select().from(outbox)).toEqual([]);
    expect((await admin.get('/admin')).status).toBe(200); // still signed in
  });
});

describe('changing a member’s tier', () => {
  it('moves this year’s allowance with a ledger line and keeps existing bookings as they are', async () => {
    const w = await bookedMember();
    const bookingBefore = (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.id, w.booking.id)))[0];
    const res = await admin.post(`/admin/members/${w.member.id}/tier`, { tier: 'diamond' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/members/${w.member.id}`);
    expect((await userRow(w.member.id)).tierCode).toBe('diamond');
    const ledger = await ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, w.member.id)).orderBy(asc(entitlementLedger.id));
    expect(ledger.map((l) => [l.type, l.allowanceDelta])).toEqual([
      ['grant', 4],
      ['tier_change', 8],
    ]);
    expect((await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.id, w.booking.id)))[0]).toEqual(bookingBefore);
    expect((await ctx.deps.db.select().from(registrations).where(eq(registrations.id, w.registration.id)))[0]!.status).toBe('confirmed');
    expect(await audits('member.tier.changed')).toMatchObject([{ actorId: adminId, targetId: String(w.member.id), detail: { from: 'gold', to: 'diamond' } }]);
    const page = await (await admin.get(`/admin/members/${w.member.id}`)).text();
    expect(page).toContain('等级已变更为钻石卡，本年度还可使用贵宾厅 12 次。已有的预约保持不变。');
    expect(page).toContain('<dd>钻石卡</dd>');
  });

  it('says so when the tier is the same, and refuses an unknown tier or a staff account with 422', async () => {
    const w = await bookedMember();
    const same = await admin.post(`/admin/members/${w.member.id}/tier`, { tier: 'gold' });
    expect(same.status).toBe(303);
    expect(await (await admin.get(`/admin/members/${w.member.id}`)).text()).toContain('已经是这个等级，未作变更。');
    const unknown = await admin.post(`/admin/members/${w.member.id}/tier`, { tier: 'titanium' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('内容无效，请检查。');
    const empty = await admin.post(`/admin/members/${w.member.id}/tier`, { tier: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('此项必填。');
    const staff = await createUser(ctx, { role: 'coordinator' });
    const refused = await admin.post(`/admin/members/${staff.id}/tier`, { tier: 'gold' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('只有会员有等级。');
    expect((await userRow(staff.id)).tierCode).toBeNull();
    expect(await ctx.deps.db.select().from(entitlementLedger)).toEqual([]);
    expect(await audits('member.tier.changed')).toEqual([]);
  });
});

describe('disabling and enabling an account', () => {
  it('confirms first, listing what stays booked and that sessions end now', async () => {
    const w = await bookedMember();
    const res = await admin.get(`/admin/members/${w.member.id}/disable?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('王芳 will be signed out everywhere at once (2 sessions now) and cannot sign in until the account is enabled again.');
    expect(html).toContain('Nothing is cancelled. All of these stay as they are:');
    expect(html).toContain(`<strong>${w.event.titleEn}</strong>`);
    expect(html).toContain(`<strong>${w.lounge.nameEn}</strong>`);
    expect(html).toContain(`<code>${formatCode(w.booking.code)}</code>`);
    expect(html).toContain(`<strong>${w.club.nameEn}</strong> · member`);
    expect(html).toContain(`<form method="post" action="/admin/members/${w.member.id}/disable" class="button-row"><input type="hidden" name="_once" value="`);
    expect(html).toContain(`"><button type="submit">Disable now</button><a href="/admin/members/${w.member.id}" role="button"`);
    // looking writes nothing
    expect((await userRow(w.member.id)).disabledAt).toBeNull();
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, w.member.id))).toHaveLength(2);
  });

  it('ends every session at once, cancels nothing, and shows the admin what stays booked', async () => {
    const w = await bookedMember();
    const res = await admin.post(`/admin/members/${w.member.id}/disable`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/members/${w.member.id}`);
    expect((await userRow(w.member.id)).disabledAt).toBe(ctx.clock.now());
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, w.member.id))).toEqual([]);
    for (const device of [w.phoneA, w.phoneB]) {
      const me = await device.get('/me');
      expect(me.status).toBe(303);
      expect(me.headers.get('location')).toBe('/login?next=%2Fme');
    }
    const login = await new TestClient(ctx).post('/login', { phone: w.member.phone, password: TEST_PASSWORD });
    expect(login.status).toBe(403);
    // nothing cancelled
    expect((await ctx.deps.db.select().from(registrations).where(eq(registrations.id, w.registration.id)))[0]!.status).toBe('confirmed');
    expect((await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.id, w.booking.id)))[0]!.status).toBe('booked');
    expect((await ctx.deps.db.select().from(clubMemberships).where(and(eq(clubMemberships.userId, w.member.id), eq(clubMemberships.clubId, w.club.id))))[0]!.status).toBe('active');
    expect(await audits('user.disabled')).toMatchObject([{ actorId: adminId, targetId: String(w.member.id), detail: { sessionsEnded: 2 } }]);

    const page = await (await admin.get(`/admin/members/${w.member.id}`)).text();
    expect(page).toContain('账户已停用，结束了 2 个登录会话；没有取消任何报名或预约。');
    expect(page).toContain('<h2 id="booked-title">仍保留的报名和预约</h2>');
    expect(page).toContain(`<strong>${w.event.titleZh}</strong>`);
    expect(page).toContain('<dd id="active-sessions">0 个</dd>');
    expect(page).toContain(`action="/admin/members/${w.member.id}/enable"`);
    expect(page).not.toContain(`href="/admin/members/${w.member.id}/password"`);

    // a second disable changes nothing and records nothing
    expect((await admin.post(`/admin/members/${w.member.id}/disable`, {})).status).toBe(303);
    expect(await audits('user.disabled')).toHaveLength(1);
    const confirm = await admin.get(`/admin/members/${w.member.id}/disable`);
    expect(confirm.status).toBe(303);

    // enabling lets them sign in again with their password
    expect((await admin.post(`/admin/members/${w.member.id}/enable`, {})).status).toBe(303);
    expect((await userRow(w.member.id)).disabledAt).toBeNull();
    expect(await (await admin.get(`/admin/members/${w.member.id}`)).text()).toContain('账户已重新启用。');
    expect(await audits('user.enabled')).toHaveLength(1);
    expect((await new TestClient(ctx).post('/login', { phone: w.member.phone, password: TEST_PASSWORD })).status).toBe(303);
  });
});

describe('re-issuing the initial password', () => {
  it('confirms first, then shows a new 6-digit password once: the old one stops working, sessions end, a change is forced, and it is texted', async () => {
    const w = await bookedMember();
    const confirm = await (await admin.get(`/admin/members/${w.member.id}/password`)).text();
    expect(confirm).toContain('新密码会以短信发送到 13912340042，并在下一页只显示一次。');
    expect(await ctx.deps.db.select().from(outbox)).toEqual([]);

    ctx.clock.advance(60_000);
    const res = await admin.post(`/admin/members/${w.member.id}/password`, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const password = html.match(/<p class="secret-value"><code>(\d{6})<\/code><\/p>/)![1]!;
    expect(html).toContain('王芳（13912340042）的原密码已失效，所有设备已退出登录。');
    expect(html).toContain('密码同时以短信发送到该手机号。');

    const row = await userRow(w.member.id);
    expect(row).toMatchObject({ mustChangePassword: true, passwordChangedAt: ctx.clock.now() });
    expect(row.passwordHash).not.toContain(password);
    expect(await ctx.deps.db.select().from(sessions).where(eq(sessions.userId, w.member.id))).toEqual([]);
    expect((await w.phoneA.get('/me')).status).toBe(303);
    expect((await new TestClient(ctx).post('/login', { phone: w.member.phone, password: TEST_PASSWORD })).status).toBe(401);
    const fresh = new TestClient(ctx);
    const login = await fresh.post('/login', { phone: w.member.phone, password });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account/password');
    expect((await fresh.get('/me')).headers.get('location')).toBe('/account/password');

    // texted in the member's language, in the same transaction
    const [sms] = await ctx.deps.db.select().from(outbox);
    expect(sms).toMatchObject({ userId: w.member.id, channel: 'sms', destination: '13912340042', notificationId: null, status: 'pending' });
    expect(sms!.body).toBe(`Your GoTone VIP password has been reset. Your new initial password is ${password}; you must change it when you sign in. If you did not ask for this, call 10086.`);
    expect(await audits('user.password.reissued')).toMatchObject([{ actorId: adminId, targetId: String(w.member.id), detail: { sessionsEnded: 2 } }]);

    // shown once: the account page never shows it
    const page = await (await admin.get(`/admin/members/${w.member.id}`)).text();
    expect(page).not.toContain(password);
    expect(page).toContain('初始密码尚未修改（2026年11月26日周四 10:01发出）');
  });

  it('is refused for a disabled account, writing nothing', async () => {
    const member = await createUser(ctx, { disabledAt: ctx.clock.now() });
    const before = await userRow(member.id);
    const page = await (await admin.get(`/admin/members/${member.id}/password`)).text();
    expect(page).toContain('账户已停用，请先重新启用再发放密码。');
    expect(page).not.toContain(`action="/admin/members/${member.id}/password"`);
    const res = await admin.post(`/admin/members/${member.id}/password`, {});
    expect(res.status).toBe(409);
    expect(await userRow(member.id)).toEqual(before);
    expect(await ctx.deps.db.select().from(outbox)).toEqual([]);
    expect(await audits('user.password.reissued')).toEqual([]);
  });
});
