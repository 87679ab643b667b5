import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, entitlementLedger, registrations, tiers } from '../../../db/schema';
import { saveTierSettings, tierSettingsPage } from '../../../src/admin/tiers';
import { HOUR } from '../../../src/lib/clock';
import { atMinuteOfDay, createTimeFormat, zonedToInstant } from '../../../src/lib/time';
import { createBooking } from '../../../src/lounges/booking';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createEvent, createLounge, createUser } from '../../helpers/factories';

const ZONE = 'Asia/Shanghai';
const zh = createTimeFormat('zh', ZONE);
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

const tierRow = async (code: string) => (await ctx.deps.db.select().from(tiers).where(eq(tiers.code, code)))[0]!;
const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const auditRows = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
/** Everything a tier form could change. */
const snapshot = async () => ({
  tiers: await ctx.deps.db.select().from(tiers).orderBy(asc(tiers.rank)),
  ledger: await ctx.deps.db.select().from(entitlementLedger).orderBy(asc(entitlementLedger.id)),
  audit: await auditRows(),
});

/** A gold member who has booked a visit, so this year's allowance is written. */
async function goldIntoYear() {
  const member = await createUser(ctx, { tierCode: 'gold', name: '金卡会员' });
  const lounge = await createLounge(ctx);
  const booked = await createBooking(ctx.deps, { id: member.id, role: 'member' }, { loungeId: lounge.id, slotStart: SLOT, companions: 0, flightNo: null });
  if (!booked.ok) throw new Error(booked.error);
  return member;
}

const form = (o: Partial<Record<'visits' | 'companions' | 'earlyAccess', string>> = {}) => ({ visits: '4', companions: '1', earlyAccess: '24', ...o });

describe('the tiers page', () => {
  it('shows each tier’s three settings, when a change takes effect and what it would touch now', async () => {
    await goldIntoYear();
    await createUser(ctx, { tierCode: 'gold' });
    await createEvent(ctx, { opensInHours: 10 });
    await createEvent(ctx, { opensInHours: 10, minTier: 'platinum' });
    await createEvent(ctx, { opensInHours: -10 });
    const res = await admin.get('/admin/tiers');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>会员等级设置</h1>');
    for (const [code, visits, companions, early] of [['silver', 2, 0, 0], ['gold', 4, 1, 24], ['platinum', 8, 1, 48], ['diamond', 12, 2, 72]] as const) {
      expect(html).toContain(`<form method="post" action="/admin/tiers/${code}" novalidate="">`);
      expect(html).toMatch(new RegExp(`<input id="f-${code}-visits" name="visits" type="number" value="${visits}"`));
      expect(html).toMatch(new RegExp(`<input id="f-${code}-companions" name="companions" type="number" value="${companions}"`));
      expect(html).toMatch(new RegExp(`<input id="f-${code}-earlyAccess" name="earlyAccess" type="number" value="${early}"`));
    }
    expect(html).toContain('立即生效：本年度已开始使用权益的会员，明细中会增加一条差额记录；已有的预约保持不变。');
    expect(html).toContain('立即生效：尚未对所有人开放报名的活动，本等级会员可提前这么多小时报名。');
    // one gold member into 2026; two events still ahead for gold and silver, three for platinum and diamond
    expect(html.match(/目前 (\d+) 位本等级会员已开始使用 2026 年度权益/g)).toEqual(['目前 0 位本等级会员已开始使用 2026 年度权益', '目前 1 位本等级会员已开始使用 2026 年度权益', '目前 0 位本等级会员已开始使用 2026 年度权益', '目前 0 位本等级会员已开始使用 2026 年度权益']);
    expect([...html.matchAll(/(\d+) 场活动尚未对所有人开放报名/g)].map((m) => Number(m[1]))).toEqual([1, 1, 2, 2]);
  });

  it('is wholly in English when asked, and has no untranslated key in Chinese', async () => {
    const en = await (await admin.get('/admin/tiers?lang=en')).text();
    expect(en).toContain('<h1>Tier settings</h1>');
    expect(en).toContain('Applies now: members already into this year’s allowance get a ledger line for the difference; bookings already made are kept.');
    const text = (html: string) => html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replaceAll('测试员工', '');
    expect(text(en).match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/)?.[0]).toBeUndefined();
    const zhPage = await (await admin.get('/admin/tiers?lang=zh')).text();
    expect(text(zhPage).match(/\b[a-z]+\.[a-zA-Z_.]+[a-z]\b/g)?.filter((k) => !/^(demo-pass|vip\.)/.test(k)) ?? []).toEqual([]);
  });

  it('is the one place tiers are changed: the entitlements page shows the figures read-only and links here', async () => {
    const html = await (await admin.get('/admin/entitlements')).text();
    expect(html).toContain('<a href="/admin/tiers">会员等级设置</a>');
    expect(html).toContain('<tr><th scope="row">金卡</th><td>4</td><td>1</td></tr>');
    expect(html).not.toContain('/allowance"');
    // the old form's address is gone
    expect((await admin.post('/admin/tiers/gold/allowance', { visits: '9', companions: '1' })).status).toBe(404);
    expect(await tierRow('gold')).toMatchObject({ loungeVisitsPerYear: 4, companionsPerVisit: 1 });
  });
});

describe('saving a tier', () => {
  it('visits and companions: through the allowance rule, with a ledger line for a member already into the year', async () => {
    const member = await goldIntoYear();
    const res = await admin.post('/admin/tiers/gold', form({ visits: '6', companions: '2' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/tiers#tier-gold');
    expect(await tierRow('gold')).toMatchObject({ loungeVisitsPerYear: 6, companionsPerVisit: 2, earlyAccessHours: 24 });
    expect((await ledgerOf(member.id)).map((l) => [l.type, l.allowanceDelta, l.year])).toEqual([
      ['grant', 4, 2026],
      ['reserve', 0, 2026],
      ['adjust', 2, 2026],
    ]);
    expect(await admin.get('/admin/tiers').then((r) => r.text())).toContain('金卡的设置已保存；1 位会员的本年度明细已更新。');
    expect(await auditRows()).toMatchObject([
      { action: 'tier.allowance.changed', actorId: adminId, targetType: 'tier', targetId: 'gold', detail: { from: { visits: 4, companions: 1 }, to: { loungeVisitsPerYear: 6, companionsPerVisit: 2 }, membersAdjusted: 1 }, ip: '198.51.100.7' },
    ]);
  });

  it('early access alone: the tier row and one audit entry, nothing on anyone’s statement', async () => {
    const member = await goldIntoYear();
    const before = await ledgerOf(member.id);
    expect((await admin.post('/admin/tiers/gold', form({ earlyAccess: '48' }))).status).toBe(303);
    expect(await tierRow('gold')).toMatchObject({ loungeVisitsPerYear: 4, companionsPerVisit: 1, earlyAccessHours: 48 });
    expect(await ledgerOf(member.id)).toEqual(before);
    expect(await auditRows()).toMatchObject([{ action: 'tier.earlyAccess.changed', actorId: adminId, targetType: 'tier', targetId: 'gold', detail: { from: 24, to: 48 } }]);
  });

  it('all three in one go: two audit entries from the same request', async () => {
    expect((await admin.post('/admin/tiers/diamond', { visits: '0', companions: '9', earlyAccess: '720' })).status).toBe(303);
    expect(await tierRow('diamond')).toMatchObject({ loungeVisitsPerYear: 0, companionsPerVisit: 9, earlyAccessHours: 720 });
    const rows = await auditRows();
    expect(rows.map((r) => r.action)).toEqual(['tier.allowance.changed', 'tier.earlyAccess.changed']);
    expect(rows[0]!.requestId).toBeTruthy();
    expect(rows[1]!.requestId).toBe(rows[0]!.requestId);
  });

  it('the same figures again: nothing written, and it says so', async () => {
    const before = await snapshot();
    const res = await admin.post('/admin/tiers/gold', form());
    expect(res.status).toBe(303);
    expect(await snapshot()).toEqual(before);
    expect(await admin.get('/admin/tiers').then((r) => r.text())).toContain('金卡的设置没有变化。');
  });

  it('moves when a silver member may register for an event, at once, keeping registrations already made', async () => {
    const event = await createEvent(ctx, { opensInHours: 24 });
    const first = await createUser(ctx, { tierCode: 'silver', name: '银卡甲' });
    const second = await createUser(ctx, { tierCode: 'silver', name: '银卡乙' });
    const [a, b] = [new TestClient(ctx), new TestClient(ctx)];
    await a.signIn(first.phone);
    await b.signIn(second.phone);
    const now = ctx.clock.now();
    const opensFor = async (client: TestClient) => (await (await client.get(`/events/${event.id}`)).text()).match(/您的报名开放时间：([^<]*)/)?.[1];

    expect(await opensFor(a)).toBe(zh.dateTime(now + 24 * HOUR));
    expect((await a.post(`/events/${event.id}/register`, { guests: '0' })).status).not.toBe(303);

    expect((await admin.post('/admin/tiers/silver', { visits: '2', companions: '0', earlyAccess: '48' })).status).toBe(303);
    expect(await opensFor(a)).toBe(zh.dateTime(now - 24 * HOUR));
    const registered = await a.post(`/events/${event.id}/register`, { guests: '0' });
    expect(registered.status).toBe(303);
    expect(registered.headers.get('location')).toMatch(/^\/tickets\//);

    // lowering it again puts the opening back for those not yet registered; the registration stays
    expect((await admin.post('/admin/tiers/silver', { visits: '2', companions: '0', earlyAccess: '0' })).status).toBe(303);
    expect(await opensFor(b)).toBe(zh.dateTime(now + 24 * HOUR));
    expect((await b.post(`/events/${event.id}/register`, { guests: '0' })).status).not.toBe(303);
    expect(await ctx.deps.db.select({ userId: registrations.userId, status: registrations.status }).from(registrations).where(eq(registrations.eventId, event.id))).toEqual([{ userId: first.id, status: 'confirmed' }]);
  });
});

describe('refusing bad input', () => {
  const bad: Array<[string, Record<string, string>, string, string]> = [
    ['negative visits', form({ visits: '-1' }), 'visits', '不能小于 0。'],
    ['too many visits', form({ visits: '366' }), 'visits', '不能大于 365。'],
    ['visits that are not a number', form({ visits: 'abc' }), 'visits', '请输入整数。'],
    ['empty visits', form({ visits: '' }), 'visits', '此项必填。'],
    ['ten companions', form({ companions: '10' }), 'companions', '不能大于 9。'],
    ['a fraction of an hour', form({ earlyAccess: '1.5' }), 'earlyAccess', '请输入整数。'],
    ['more than 30 days of early access', form({ earlyAccess: '721' }), 'earlyAccess', '不能大于 720。'],
  ];
  for (const [name, body, field, message] of bad) {
    it(`${name}: 422, the form back as typed with the message, nothing changed`, async () => {
      await goldIntoYear();
      const before = await snapshot();
      const res = await admin.post('/admin/tiers/gold', body);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<small id="f-gold-${field}-error" class="field-error">${message}</small>`);
      expect(html).toMatch(new RegExp(`<input id="f-gold-${field}" name="${field}" type="number" value="${body[field]!.replace('.', '\\.')}"[^>]*aria-invalid="true"`));
      expect(html).toContain('金卡的设置未保存，请修改标出的项目。');
      // the other tiers' forms show their saved figures
      expect(html).toMatch(/<input id="f-silver-visits" name="visits" type="number" value="2"/);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('an unexpected field: 422 with a message for the form, nothing changed', async () => {
    const before = await snapshot();
    const res = await admin.post('/admin/tiers/gold', { ...form({ visits: '9' }), rank: '1' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('表单包含无法识别的内容，请刷新页面后重试。');
    expect(await snapshot()).toEqual(before);
  });

  it('an unknown tier: 404, nothing changed', async () => {
    const before = await snapshot();
    expect((await admin.post('/admin/tiers/obsidian', form())).status).toBe(404);
    expect((await admin.post('/admin/tiers/obsidian', form({ visits: 'x' }))).status).toBe(404);
    expect((await admin.post('/admin/tiers/..%2Fgold', form())).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});

describe('who may see and change tiers', () => {
  const roles = ['anonymous', 'member', 'coordinator', 'lounge_staff', 'admin'] as const;
  const requests: Array<{ name: string; method: 'GET' | 'POST'; path: string; form?: Record<string, string>; admin: number }> = [
    { name: 'tiers page', method: 'GET', path: '/admin/tiers', admin: 200 },
    { name: 'save a tier', method: 'POST', path: '/admin/tiers/gold', form: { visits: '9', companions: '3', earlyAccess: '100' }, admin: 303 },
    { name: 'save a tier with bad input', method: 'POST', path: '/admin/tiers/gold', form: { visits: '-9', companions: '3', earlyAccess: '100' }, admin: 422 },
    { name: 'save an unknown tier', method: 'POST', path: '/admin/tiers/obsidian', form: form(), admin: 404 },
  ];
  for (const role of roles) {
    it(`${role}: ${requests.length} requests, and a refusal changes nothing`, async () => {
      await goldIntoYear();
      const client = new TestClient(ctx);
      if (role !== 'anonymous') await client.signIn((await createUser(ctx, { role, tierCode: role === 'member' ? 'diamond' : null })).phone);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const r of requests) {
        const before = await snapshot();
        const res = r.method === 'GET' ? await client.get(r.path) : await client.post(r.path, r.form!);
        const status = role === 'admin' ? r.admin : role === 'anonymous' ? 303 : 403;
        outcomes.push(`${r.name}: ${res.status}`);
        expected.push(`${r.name}: ${status}`);
        if (role === 'anonymous') expect(res.headers.get('location'), r.name).toMatch(/^\/login/);
        if (role !== 'admin') expect(await snapshot(), `${role} ${r.name}`).toEqual(before);
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('the services refuse anyone but an admin, whatever the route', async () => {
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      const actor = { id: (await createUser(ctx, { role })).id, role };
      const before = await snapshot();
      expect(await saveTierSettings(ctx.deps, actor, 'gold', { loungeVisitsPerYear: 99, companionsPerVisit: 9, earlyAccessHours: 700 })).toEqual({ ok: false, error: 'forbidden' });
      expect(await tierSettingsPage(ctx.deps, actor)).toEqual({ ok: false, error: 'forbidden' });
      expect(await snapshot()).toEqual(before);
    }
  });
});
