import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, lounges, notifications } from '../../../db/schema';
import { runHousekeeping } from '../../../src/jobs/housekeeping';
import { MINUTE } from '../../../src/lib/clock';
import { addZonedDays, atMinuteOfDay, startOfZonedDay } from '../../../src/lib/time';
import { markLoungeNoShows, sendLoungeReminders } from '../../../src/lounges/jobs';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const ZONE = 'Asia/Shanghai';
/** `hour`:00 local on 2026-11-26 (the day of the fixed clock) plus `days`. */
const at = (hour: number, days = 0) => atMinuteOfDay(addZonedDays(startOfZonedDay(ctx.clock.now(), ZONE), days, ZONE), hour * 60, ZONE);

async function member(name = '王芳', tierCode = 'gold') {
  const user = await createUser(ctx, { name, tierCode });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function book(m: { client: TestClient }, loungeId: number, slotStart: number, companions = 0) {
  const res = await m.client.post(`/lounges/${loungeId}/bookings`, { slot: String(slotStart), companions: String(companions) });
  expect(res.status).toBe(303);
  const code = res.headers.get('location')!.split('/').pop()!;
  return (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.code, code)))[0]!;
}

async function loungeWithPolicy(noShowPolicy: 'release' | 'use', staffIds: number[] = []) {
  const lounge = await createLounge(ctx, { staffIds });
  await ctx.deps.db.update(lounges).set({ noShowPolicy }).where(eq(lounges.id, lounge.id));
  return { ...lounge, noShowPolicy };
}

const bookingRow = async (id: number) => (await ctx.deps.db.select().from(loungeBookings).where(eq(loungeBookings.id, id)))[0]!;
const ledgerOf = (userId: number) => ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id));
const noticesOf = (kind: string, userId?: number) =>
  ctx.deps.db
    .select()
    .from(notifications)
    .where(userId === undefined ? eq(notifications.kind, kind) : and(eq(notifications.kind, kind), eq(notifications.userId, userId)))
    .orderBy(asc(notifications.id));
async function balanceOf(userId: number) {
  const lines = await ledgerOf(userId);
  const allowance = lines.reduce((s, l) => s + l.allowanceDelta, 0);
  const reserved = lines.reduce((s, l) => s + l.reservedDelta, 0);
  const used = lines.reduce((s, l) => s + l.usedDelta, 0);
  return { allowance, reserved, used, remaining: allowance - reserved - used };
}
/** The statement rows: what happened, the change and the balance after it. */
const statementRows = (html: string) =>
  [...html.matchAll(/<tr><td data-label="时间">[^<]*<\/td><td data-label="明细">([^<]*?)(?: <a [^>]*><small>[A-Z0-9]{4}-[A-Z0-9]{4}<\/small><\/a>)?<\/td><td class="num" data-label="变动">([^<]*)<\/td><td class="num" data-label="剩余">(\d+)<\/td><\/tr>/g)].map((m) => m.slice(1, 4));

describe('lounge no-shows', () => {
  it('with the release policy: 30 minutes after the slot ends the visit is returned, the member told, once', async () => {
    const lounge = await loungeWithPolicy('release');
    const wang = await member();
    const booking = await book(wang, lounge.id, at(11), 1);
    expect(await balanceOf(wang.user.id)).toEqual({ allowance: 4, reserved: 1, used: 0, remaining: 3 });

    ctx.clock.set(at(12) + 29 * MINUTE);
    expect(await markLoungeNoShows(ctx.deps)).toBe(0);
    expect((await bookingRow(booking.id)).status).toBe('booked');

    ctx.clock.set(at(12) + 30 * MINUTE);
    expect(await markLoungeNoShows(ctx.deps)).toBe(1);
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'no_show', noShowAt: at(12) + 30 * MINUTE });
    const lines = await ledgerOf(wang.user.id);
    expect(lines.map((l) => l.type)).toEqual(['grant', 'reserve', 'no_show']);
    expect(lines[2]).toMatchObject({ year: 2026, at: at(12) + 30 * MINUTE, allowanceDelta: 0, reservedDelta: -1, usedDelta: 0, bookingId: booking.id, actorId: null });
    expect(lines[2]!.params).toEqual({ loungeZh: lounge.nameZh, loungeEn: lounge.nameEn, slotStart: at(11), policy: 'release' });
    expect(await balanceOf(wang.user.id)).toEqual({ allowance: 4, reserved: 0, used: 0, remaining: 4 });
    const notes = await noticesOf('lounge.noShow', wang.user.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ link: '/me/statement', createdAt: at(12) + 30 * MINUTE });
    expect(notes[0]!.params).toEqual({ loungeZh: lounge.nameZh, loungeEn: lounge.nameEn, slotStart: at(11), policy: 'release' });

    // idempotent: again, and from another connection (another process)
    const sibling = await ctx.sibling();
    expect(await markLoungeNoShows(ctx.deps)).toBe(0);
    expect(await markLoungeNoShows(sibling.deps)).toBe(0);
    ctx.clock.advance(60 * MINUTE);
    expect(await runHousekeeping(sibling.deps)).toMatchObject({ loungeNoShows: 0, loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0 });
    expect((await ledgerOf(wang.user.id)).map((l) => l.type)).toEqual(['grant', 'reserve', 'no_show']);
    expect(await noticesOf('lounge.noShow')).toHaveLength(1);

    const statement = await (await wang.client.get('/me/statement')).text();
    expect(statementRows(statement)).toEqual([
      ['2026 年度权益：金卡 4 次', '+4', '4'],
      [`预约 ${lounge.nameZh}（2026年11月26日周四 11:00）`, '-1', '3'],
      [`${lounge.nameZh}（2026年11月26日周四 11:00）未到场，按规定返还次数`, '+1', '4'],
    ]);
    const me = await (await wang.client.get('/me')).text();
    expect(me).toContain(`<summary>往期到访</summary><ul class="plain-list history-list"><li>2026年11月26日周四 · ${lounge.nameZh} · 未到场 · <a href="/me/feedback/new?about=booking:`);
    expect(me).not.toContain('/me/ratings/new?booking='); // nothing to rate about a visit that did not happen
    expect(me).toContain('<strong>2026 年剩余 4 次</strong>');
    expect(await (await wang.client.get('/inbox')).text()).toContain(`您预约的 ${lounge.nameZh}（2026年11月26日周四 11:00）未到场。`);
  });

  it('with the use policy the visit counts as used; run by housekeeping, on two instances', async () => {
    const lounge = await loungeWithPolicy('use');
    const wang = await member();
    const booking = await book(wang, lounge.id, at(11));
    ctx.clock.set(at(12) + 30 * MINUTE);
    expect(await runHousekeeping(ctx.deps)).toEqual({ sessions: 0, noShows: 0, loungeNoShows: 1, loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0, submissionsPruned: 0 });
    expect((await bookingRow(booking.id)).status).toBe('no_show');
    const lines = await ledgerOf(wang.user.id);
    expect(lines.map((l) => [l.type, l.allowanceDelta, l.reservedDelta, l.usedDelta])).toEqual([
      ['grant', 4, 0, 0],
      ['reserve', 0, 1, 0],
      ['no_show', 0, -1, 1],
    ]);
    expect(await balanceOf(wang.user.id)).toEqual({ allowance: 4, reserved: 0, used: 1, remaining: 3 });
    expect((await noticesOf('lounge.noShow', wang.user.id))[0]!.params).toMatchObject({ policy: 'use' });

    const sibling = await ctx.sibling();
    expect(await Promise.all([runHousekeeping(ctx.deps), runHousekeeping(sibling.deps)])).toEqual([
      { sessions: 0, noShows: 0, loungeNoShows: 0, loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0, submissionsPruned: 0 },
      { sessions: 0, noShows: 0, loungeNoShows: 0, loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0, submissionsPruned: 0 },
    ]);
    expect((await ledgerOf(wang.user.id)).filter((l) => l.type === 'no_show')).toHaveLength(1);

    const statement = await (await wang.client.get('/me/statement')).text();
    expect(statementRows(statement)[2]).toEqual([`${lounge.nameZh}（2026年11月26日周四 11:00）未到场，按规定扣除次数`, '±0', '3']);
    expect(statement).toMatch(/<p class="stat-value">1<\/p><p class="stat-label">已使用<\/p>/);
  });

  it('leaves checked-in, checked-out and cancelled bookings alone', async () => {
    const staff = await createUser(ctx, { role: 'lounge_staff', name: '周服务' });
    const lounge = await loungeWithPolicy('use', [staff.id]);
    const desk = new TestClient(ctx);
    await desk.signIn(staff.phone);
    const inside = await member('王芳');
    const left = await member('李雷');
    const cancelled = await member('陈静');
    const a = await book(inside, lounge.id, at(11));
    const b = await book(left, lounge.id, at(11));
    const c = await book(cancelled, lounge.id, at(11));
    expect((await cancelled.client.post(`/lounges/passes/${c.code}/cancel`, {})).status).toBe(303);
    ctx.clock.set(at(11));
    expect((await desk.post(`/desk/lounges/${lounge.id}/bookings/${a.id}/checkin`, {})).status).toBe(303);
    expect((await desk.post(`/desk/lounges/${lounge.id}/bookings/${b.id}/checkin`, {})).status).toBe(303);
    expect((await desk.post(`/desk/lounges/${lounge.id}/bookings/${b.id}/checkout`, {})).status).toBe(303);

    ctx.clock.set(at(0, 1));
    expect(await markLoungeNoShows(ctx.deps)).toBe(0);
    expect([(await bookingRow(a.id)).status, (await bookingRow(b.id)).status, (await bookingRow(c.id)).status]).toEqual(['checked_in', 'checked_out', 'cancelled']);
    expect([(await bookingRow(a.id)).noShowAt, (await bookingRow(b.id)).noShowAt, (await bookingRow(c.id)).noShowAt]).toEqual([null, null, null]);
    expect(await ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.type, 'no_show'))).toHaveLength(0);
    expect(await noticesOf('lounge.noShow')).toHaveLength(0);
    expect(await balanceOf(cancelled.user.id)).toEqual({ allowance: 4, reserved: 0, used: 0, remaining: 4 });
  });
});

describe('lounge reminders', () => {
  it('reminds once of a visit starting within 24 hours, and not yet of one in 25 hours', async () => {
    const lounge = await createLounge(ctx);
    const wang = await member('王芳');
    const li = await member('李雷');
    const soon = await book(wang, lounge.id, at(9, 1)); // in 23 h
    const later = await book(li, lounge.id, at(11, 1)); // in 25 h
    const dropped = await book(li, lounge.id, at(12));
    expect((await li.client.post(`/lounges/passes/${dropped.code}/cancel`, {})).status).toBe(303);

    expect(await sendLoungeReminders(ctx.deps)).toBe(1);
    const first = await noticesOf('lounge.reminder');
    expect(first.map((n) => [n.userId, n.link, n.params])).toEqual([[wang.user.id, `/lounges/passes/${soon.code}`, { loungeZh: lounge.nameZh, loungeEn: lounge.nameEn, slotStart: at(9, 1) }]]);
    expect((await bookingRow(soon.id)).remindedAt).toBe(at(10));
    expect((await bookingRow(later.id)).remindedAt).toBeNull();
    expect(await (await wang.client.get('/inbox')).text()).toContain(`提醒：您预约了 ${lounge.nameZh}，到达时段 2026年11月27日周五 09:00。`);

    // a second run, here or on another instance, sends nothing more
    const sibling = await ctx.sibling();
    expect(await sendLoungeReminders(ctx.deps)).toBe(0);
    expect(await sendLoungeReminders(sibling.deps)).toBe(0);
    expect(await noticesOf('lounge.reminder')).toHaveLength(1);

    // an hour later the 11:00 visit is 24 hours away
    ctx.clock.set(at(11));
    expect(await runHousekeeping(sibling.deps)).toMatchObject({ loungeReminders: 1 });
    expect((await noticesOf('lounge.reminder')).map((n) => [n.userId, n.link])).toEqual([
      [wang.user.id, `/lounges/passes/${soon.code}`],
      [li.user.id, `/lounges/passes/${later.code}`],
    ]);
    expect(await runHousekeeping(ctx.deps)).toMatchObject({ loungeReminders: 0, eventReminders: 0, lapseReminders: 0, overdueFeedback: 0, outboxPruned: 0 });
  });
});

describe('the no-show policy shown before booking', () => {
  it('is on the lounge page and the confirmation page, for both policies', async () => {
    const released = await loungeWithPolicy('release');
    const counted = await loungeWithPolicy('use');
    const wang = await member();
    const page = async (path: string) => {
      const res = await wang.client.get(path);
      expect(res.status).toBe(200);
      return res.text();
    };
    expect(await page(`/lounges/${released.id}`)).toContain('<dt>预约未到</dt><dd>返还次数</dd>');
    expect(await page(`/lounges/${counted.id}`)).toContain('<dt>预约未到</dt><dd>扣除一次</dd>');
    expect(await page(`/lounges/${released.id}/book?slot=${at(11)}`)).toContain('如未到场，次数将在时段结束 30 分钟后返还。');
    expect(await page(`/lounges/${counted.id}/book?slot=${at(11)}`)).toContain('如未到场，将扣除本次次数。');
    // in English too (the choice of language is kept)
    expect(await page(`/lounges/${counted.id}?lang=en`)).toContain('<dt>If you do not show up</dt><dd>The visit counts as used</dd>');
    expect(await page(`/lounges/${released.id}/book?slot=${at(11)}`)).toContain('<li>If you do not come, the visit is returned 30 minutes after your slot ends.</li>');
    // nothing was booked by looking
    expect(await ctx.deps.db.select().from(loungeBookings)).toHaveLength(0);
  });
});
