import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, entitlementLedger, tiers, users } from '../../../db/schema';
import { maskPhone } from '../../../src/lib/phone';
import { atMinuteOfDay, zonedToInstant } from '../../../src/lib/time';
import { createBooking } from '../../../src/lounges/booking';
import { balanceFor } from '../../../src/lounges/entitlements';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

const ZONE = 'Asia/Shanghai';
/** 09:00 tomorrow (2026-11-27): a slot a member can book under the fixed clock. */
const SLOT = atMinuteOfDay(zonedToInstant({ year: 2026, month: 11, day: 27 }, ZONE), 9 * 60, ZONE);

let ctx: TestContext;
let admin: TestClient;
let adminId: number;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin' });
  adminId = user.id;
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

async function member(o: { tierCode?: string; name?: string } = {}) {
  const user = await createUser(ctx, { tierCode: o.tierCode ?? 'gold', name: o.name ?? '测试会员' });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** A booking for tomorrow 09:00, which writes the year's grant line and a reservation. */
async function bookOnce(userId: number) {
  const lounge = await createLounge(ctx);
  const result = await createBooking(ctx.deps, { id: userId, role: 'member' }, { loungeId: lounge.id, slotStart: SLOT, companions: 0, flightNo: null });
  if (!result.ok) throw new Error(`booking refused: ${result.error}`);
  return result.value.booking;
}

const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const tierRow = async (code: string) => (await ctx.deps.db.select().from(tiers).where(eq(tiers.code, code)))[0]!;
const tierOf = async (userId: number) => (await ctx.deps.db.select({ tierCode: users.tierCode }).from(users).where(eq(users.id, userId)))[0]!.tierCode;
const balance = async (userId: number) => balanceFor(ctx.deps.db, userId, 2026, await tierRow((await tierOf(userId))!));
const auditRows = (action: string) => ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const stats = (html: string) => [...html.matchAll(/<p class="stat-value">([^<]*)<\/p>/g)].map((m) => Number(m[1]));

describe('tier allowances', () => {
  it('shows every tier with its visits and companions, changed on the tier settings page', async () => {
    const res = await admin.get('/admin/entitlements');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const [name, visits, companions] of [['银卡', 2, 0], ['金卡', 4, 1], ['白金卡', 8, 1], ['钻石卡', 12, 2]] as const) {
      expect(html).toContain(`<tr><th scope="row">${name}</th><td>${visits}</td><td>${companions}</td></tr>`);
    }
    expect(html).toContain('<a href="/admin/tiers">会员等级设置</a>');
  });

  it('changes a tier; members whose year has started get a line for the difference, the others just the new figure', async () => {
    const started = await member({ name: '已预约会员' });
    const booking = await bookOnce(started.user.id);
    const fresh = await member({ name: '新会员' });
    const platinum = await member({ tierCode: 'platinum' });
    await bookOnce(platinum.user.id);

    const res = await admin.post('/admin/tiers/gold', { visits: '6', companions: '1', earlyAccess: '24' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/tiers#tier-gold');
    expect(await tierRow('gold')).toMatchObject({ loungeVisitsPerYear: 6, companionsPerVisit: 1 });
    expect(await (await admin.get('/admin/entitlements')).text()).toContain('<tr><th scope="row">金卡</th><td>6</td><td>1</td></tr>');

    const lines = await ledgerOf(started.user.id);
    expect(lines.map((l) => [l.type, l.allowanceDelta, l.reservedDelta])).toEqual([
      ['grant', 4, 0],
      ['reserve', 0, 1],
      ['adjust', 2, 0],
    ]);
    expect(lines[2]).toMatchObject({ year: 2026, at: ctx.clock.now(), actorId: adminId, params: { kind: 'tierAllowance', tierZh: '金卡', tierEn: 'Gold', from: 4, to: 6 } });
    expect(await balance(started.user.id)).toEqual({ allowance: 6, reserved: 1, used: 0, remaining: 5 });

    expect(await ledgerOf(fresh.user.id)).toEqual([]);
    expect(await balance(fresh.user.id)).toEqual({ allowance: 6, reserved: 0, used: 0, remaining: 6 });
    expect((await ledgerOf(platinum.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);

    const statement = await (await started.client.get('/me/statement')).text();
    expect(statement).toContain('金卡年度次数由 4 次调整为 6 次');
    expect(statement).toContain(booking.code);
    expect(stats(statement)).toEqual([6, 1, 0, 5]);
    const freshStatement = await (await fresh.client.get('/me/statement')).text();
    expect(freshStatement).toContain('2026 年度权益：金卡 6 次');
    expect(stats(freshStatement)).toEqual([6, 0, 0, 6]);

    expect(await auditRows('tier.allowance.changed')).toMatchObject([
      { actorId: adminId, targetType: 'tier', targetId: 'gold', detail: { from: { visits: 4, companions: 1 }, to: { loungeVisitsPerYear: 6, companionsPerVisit: 1 }, membersAdjusted: 1 } },
    ]);
  });

  for (const [visits, message] of [['-1', '不能小于 0。'], ['abc', '请输入整数。'], ['', '此项必填。']] as const) {
    it(`refuses visits '${visits}' with a message and changes nothing`, async () => {
      const started = await member();
      await bookOnce(started.user.id);
      const res = await admin.post('/admin/tiers/gold', { visits, companions: '1', earlyAccess: '24' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toMatch(new RegExp(`<input id="f-gold-visits" name="visits" type="number"[^>]*value="${visits}"`));
      expect(await tierRow('gold')).toMatchObject({ loungeVisitsPerYear: 4, companionsPerVisit: 1 });
      expect((await ledgerOf(started.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve']);
      expect(await auditRows('tier.allowance.changed')).toEqual([]);
    });
  }
});

describe('one member’s statement', () => {
  it('finds a member by phone with their balance and ledger', async () => {
    const { user } = await member({ name: '查询会员' });
    const booking = await bookOnce(user.id);
    const res = await admin.get(`/admin/entitlements?phone=${user.phone}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`查询会员 <small>${maskPhone(user.phone)}</small> · 金卡 · 2026`);
    expect(stats(html)).toEqual([4, 1, 0, 3]);
    expect(html).toContain('2026 年度权益：金卡 4 次');
    expect(html).toContain(booking.code);
    expect(html).toContain(`action="/admin/entitlements/${user.id}/adjust"`);
    expect(html).not.toContain('没有这个手机号的会员。');

    // typed as people write it: with the country code and spaces
    const typed = `+86 ${user.phone.slice(0, 3)} ${user.phone.slice(3, 7)} ${user.phone.slice(7)}`;
    expect(await (await admin.get(`/admin/entitlements?phone=${encodeURIComponent(typed)}`)).text()).toContain(`查询会员 <small>${maskPhone(user.phone)}</small>`);

    const unknown = await (await admin.get('/admin/entitlements?phone=13999999999')).text();
    expect(unknown).toContain('没有这个手机号的会员。');
    expect(unknown).not.toContain('/adjust"');
  });

  it('records an adjustment with its reason, which the member reads on their statement', async () => {
    const { user, client } = await member();
    const res = await admin.post(`/admin/entitlements/${user.id}/adjust`, { year: '2026', delta: '+2', reason: '航班延误补偿' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/entitlements?phone=${user.phone}&year=2026`);
    const lines = await ledgerOf(user.id);
    expect(lines.map((l) => [l.type, l.allowanceDelta])).toEqual([
      ['grant', 4],
      ['adjust', 2],
    ]);
    expect(lines[1]).toMatchObject({ year: 2026, reason: '航班延误补偿', actorId: adminId });
    expect(await balance(user.id)).toEqual({ allowance: 6, reserved: 0, used: 0, remaining: 6 });
    expect(await auditRows('entitlement.adjusted')).toMatchObject([{ actorId: adminId, targetType: 'user', targetId: String(user.id), detail: { year: 2026, delta: 2, reason: '航班延误补偿' } }]);
    expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('已记录调整，剩余 6 次。');

    const statement = await (await client.get('/me/statement')).text();
    expect(statement).toContain('人工调整：航班延误补偿');
    expect(stats(statement)).toEqual([6, 0, 0, 6]);
  });

  const bad: Array<[string, Record<string, string>, string, string]> = [
    ['a change of 0', { delta: '0', reason: '航班延误补偿' }, 'delta', '调整数不能为 0。'],
    ['a change that is not a number', { delta: 'x', reason: '航班延误补偿' }, 'delta', '请输入 -100 到 +100 之间的整数。'],
    ['an empty reason', { delta: '+2', reason: '' }, 'reason', '此项必填。'],
  ];
  for (const [what, form, field, message] of bad) {
    it(`refuses ${what} with the form kept`, async () => {
      const { user } = await member();
      const res = await admin.post(`/admin/entitlements/${user.id}/adjust`, { year: '2026', ...form });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<small id="f-${field}-error" class="field-error">${message}</small>`);
      expect(html).toMatch(new RegExp(`<input id="f-reason" name="reason" type="text" value="${escapeRe(form.reason!)}"`));
      expect(html).toMatch(new RegExp(`<input id="f-delta" name="delta" type="text" value="${escapeRe(form.delta!)}"`));
      expect(await ledgerOf(user.id)).toEqual([]);
      expect(await auditRows('entitlement.adjusted')).toEqual([]);
    });
  }
});

describe('changing a member’s tier', () => {
  it('moves the allowance with the tier and keeps what is reserved', async () => {
    const { user, client } = await member();
    await bookOnce(user.id);
    const res = await admin.post(`/admin/entitlements/${user.id}/tier`, { tier: 'platinum' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/entitlements?phone=${user.phone}`);
    expect(await tierOf(user.id)).toBe('platinum');
    const lines = await ledgerOf(user.id);
    expect(lines.map((l) => [l.type, l.allowanceDelta, l.reservedDelta])).toEqual([
      ['grant', 4, 0],
      ['reserve', 0, 1],
      ['tier_change', 4, 0],
    ]);
    expect(lines[0]!.params).toMatchObject({ tierZh: '金卡', visits: 4 });
    expect(lines[2]).toMatchObject({ actorId: adminId, params: { fromZh: '金卡', fromEn: 'Gold', toZh: '白金卡', toEn: 'Platinum' } });
    expect(await balance(user.id)).toEqual({ allowance: 8, reserved: 1, used: 0, remaining: 7 });
    expect(await auditRows('member.tier.changed')).toMatchObject([{ targetId: String(user.id), detail: { from: 'gold', to: 'platinum' } }]);
    expect(await (await admin.get(res.headers.get('location')!)).text()).toContain('等级已变更为白金卡，本年剩余 7 次。');

    const statement = await (await client.get('/me/statement')).text();
    expect(statement).toContain('等级变更：金卡 → 白金卡');
    expect(stats(statement)).toEqual([8, 1, 0, 7]);
  });

  it('writes the old tier’s allowance first for a member whose year has not started', async () => {
    const { user } = await member({ tierCode: 'silver' });
    expect((await admin.post(`/admin/entitlements/${user.id}/tier`, { tier: 'gold' })).status).toBe(303);
    expect((await ledgerOf(user.id)).map((l) => [l.type, l.allowanceDelta])).toEqual([
      ['grant', 2],
      ['tier_change', 2],
    ]);
    expect(await balance(user.id)).toEqual({ allowance: 4, reserved: 0, used: 0, remaining: 4 });
  });

  it('says so for the same tier and refuses an unknown one, writing nothing', async () => {
    const { user } = await member();
    const same = await admin.post(`/admin/entitlements/${user.id}/tier`, { tier: 'gold' });
    expect(same.status).toBe(303);
    expect(await (await admin.get(same.headers.get('location')!)).text()).toContain('会员已是这个等级。');
    const unknown = await admin.post(`/admin/entitlements/${user.id}/tier`, { tier: 'obsidian' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('<small id="f-tier-error" class="field-error">内容无效，请检查。</small>');
    expect(await tierOf(user.id)).toBe('gold');
    expect(await ledgerOf(user.id)).toEqual([]);
    expect(await auditRows('member.tier.changed')).toEqual([]);
  });
});

describe('near the year end, with next year already booked', () => {
  /** 2026-12-20 10:00: members may already book early January 2027, which writes their 2027 allowance. */
  async function bookedIntoNextYear() {
    ctx.clock.set(zonedToInstant({ year: 2026, month: 12, day: 20, hour: 10 }, ZONE));
    await admin.signIn((await ctx.deps.db.select({ phone: users.phone }).from(users).where(eq(users.id, adminId)))[0]!.phone);
    const { user } = await member();
    const lounge = await createLounge(ctx);
    const slot = atMinuteOfDay(zonedToInstant({ year: 2027, month: 1, day: 5 }, ZONE), 9 * 60, ZONE);
    const booked = await createBooking(ctx.deps, { id: user.id, role: 'member' }, { loungeId: lounge.id, slotStart: slot, companions: 0, flightNo: null });
    expect(booked.ok).toBe(true);
    expect((await ledgerOf(user.id)).map((l) => [l.year, l.type, l.allowanceDelta])).toEqual([
      [2027, 'grant', 4],
      [2027, 'reserve', 0],
    ]);
    return user;
  }
  const balance2027 = async (userId: number) => balanceFor(ctx.deps.db, userId, 2027, await tierRow((await tierOf(userId))!));

  it('a new tier allowance also reaches a year whose allowance is already written', async () => {
    const user = await bookedIntoNextYear();
    expect((await admin.post('/admin/tiers/gold', { visits: '6', companions: '1', earlyAccess: '24' })).status).toBe(303);
    expect(await balance(user.id)).toMatchObject({ allowance: 6 });
    expect(await balance2027(user.id)).toEqual({ allowance: 6, reserved: 1, used: 0, remaining: 5 });
  });

  it('a tier change also reaches a year whose allowance is already written', async () => {
    const user = await bookedIntoNextYear();
    expect((await admin.post(`/admin/entitlements/${user.id}/tier`, { tier: 'platinum' })).status).toBe(303);
    expect(await balance(user.id)).toMatchObject({ allowance: 8 });
    expect(await balance2027(user.id)).toEqual({ allowance: 8, reserved: 1, used: 0, remaining: 7 });
  });
});

describe('who may correct entitlements', () => {
  it('answers 403 to a member and to lounge staff, and writes nothing', async () => {
    const target = await member();
    for (const role of ['member', 'lounge_staff'] as const) {
      const user = await createUser(ctx, { role });
      const client = new TestClient(ctx);
      await client.signIn(user.phone);
      expect((await client.get(`/admin/entitlements?phone=${target.user.phone}`)).status, role).toBe(403);
      expect((await client.post(`/admin/entitlements/${target.user.id}/adjust`, { year: '2026', delta: '+5', reason: '自己加' })).status, role).toBe(403);
      expect((await client.post(`/admin/entitlements/${target.user.id}/tier`, { tier: 'diamond' })).status, role).toBe(403);
    }
    expect(await ledgerOf(target.user.id)).toEqual([]);
    expect(await tierOf(target.user.id)).toBe('gold');
    expect(await ctx.deps.db.select().from(auditLog)).toEqual([]);
  });
});
