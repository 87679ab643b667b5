import { and, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clubMemberships, feedbackTickets, loungeBookings, outbox } from '../../../db/schema';
import { getAdminOverview } from '../../../src/admin/service';
import { HOUR } from '../../../src/lib/clock';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { createUser } from '../../helpers/factories';
import { seedProgramme, type Programme } from './reports-fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** The text of the dashboard card with this heading id. */
function card(html: string, id: string): string {
  const m = new RegExp(`<article aria-labelledby="${id}">([\\s\\S]*?)</article>`).exec(html);
  if (!m) throw new Error(`no card ${id}`);
  return m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('admin dashboard', () => {
  let w: Programme;
  beforeEach(async () => {
    w = await seedProgramme(ctx);
  });

  it('shows today’s events with check-ins so far, each lounge now, club requests, overdue feedback and outbox failures', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const res = await client.get('/admin?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();

    expect(card(html, 'dash-events')).toBe(`Today’s events ${w.events.e6.titleEn} Thu, 26 Nov 2026, 19:00–21:00 1 checked in of 3 confirmed seats (capacity 8)`);
    expect(html).toContain(`href="/coordinator/events/${w.events.e6.id}/attendance"`);
    expect(card(html, 'dash-lounges')).toBe(`Lounges now ${w.hak.nameEn} Inside now: 2 / 20 (10%) ${w.syx.nameEn} Inside now: 0 / 10 (0%)`);
    expect(card(html, 'dash-pending')).toBe(`Club requests 2 waiting for a decision ${w.golf.nameEn}: 1 ${w.music.nameEn}: 1 Capacity of every club`);
    expect(html).toContain(`href="/coordinator/clubs/${w.golf.id}?status=pending"`);
    expect(card(html, 'dash-feedback')).toBe('Feedback and complaints 2 overdue without a reply 1 more due within 6 hours. Open the feedback queue');
    expect(card(html, 'dash-outbox')).toBe('SMS and e-mail delivery 2 failed 1 waiting to be sent, for 1 hour. Open the outbox');

    // the same figures, counted directly from the tables
    const now = ctx.clock.now();
    const db = ctx.deps.db;
    const [[pending], [overdue], [failed], [inside]] = await Promise.all([
      db.select({ n: count() }).from(clubMemberships).where(eq(clubMemberships.status, 'pending')),
      db.select({ n: count() }).from(feedbackTickets).where(and(eq(feedbackTickets.status, 'open'), isNull(feedbackTickets.firstResponseAt), lt(feedbackTickets.dueAt, now))),
      db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'failed')),
      db.select({ n: sql<number>`sum(1 + ${loungeBookings.companionsArrived})` }).from(loungeBookings).where(and(eq(loungeBookings.loungeId, w.hak.id), eq(loungeBookings.status, 'checked_in'))),
    ]);
    const data = await getAdminOverview(ctx.deps, { id: w.admin.id, role: 'admin' });
    if (!data.ok) throw new Error(data.error);
    expect(data.value.pending.total).toBe(pending!.n);
    expect(data.value.feedback.overdue).toBe(overdue!.n);
    expect(data.value.feedback.dueSoon).toBe(1);
    expect(data.value.outbox.failed).toBe(failed!.n);
    expect(data.value.outbox.oldestPendingAgeMs).toBe(90 * 60_000);
    expect(data.value.loungesNow.find((l) => l.id === w.hak.id)!.inside).toBe(Number(inside!.n));
    expect(data.value.todaysEvents).toEqual([
      { id: w.events.e6.id, titleZh: w.events.e6.titleZh, titleEn: w.events.e6.titleEn, startsAt: w.events.e6.startsAt, endsAt: w.events.e6.endsAt, capacity: 8, confirmedSeats: 3, checkedInSeats: 1 },
    ]);
    // members by tier leave out the disabled account; staff and the rest
    expect(data.value.membersByTier.map((r) => [r.code, r.members])).toEqual([
      ['silver', 1],
      ['gold', 2],
      ['platinum', 1],
      ['diamond', 1],
    ]);
    expect(data.value.staff).toEqual({ coordinators: 1, loungeStaff: 1, admins: 1 });
    expect(data.value.disabledAccounts).toBe(1);
    expect([data.value.clubs, data.value.lounges, data.value.upcomingEvents]).toEqual([2, 2, 3]);
  });

  it('moves with the clock: a ticket due in 3 h becomes overdue, tomorrow’s events replace today’s', async () => {
    ctx.clock.advance(4 * HOUR);
    const later = await getAdminOverview(ctx.deps, { id: w.admin.id, role: 'admin' });
    expect(later.ok && later.value.feedback).toEqual({ overdue: 3, dueSoon: 0 });
    ctx.clock.advance(16 * HOUR); // 06:00 on Friday 27 November in Shanghai
    const tomorrow = await getAdminOverview(ctx.deps, { id: w.admin.id, role: 'admin' });
    expect(tomorrow.ok && tomorrow.value.todaysEvents).toEqual([]);
  });

  it('links to every admin page, in both languages', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const en = await (await client.get('/admin?lang=en')).text();
    for (const [href, label] of [
      ['/admin/members/new', 'Enrol a member'],
      ['/admin/members', 'Members'],
      ['/admin/import', 'Import'],
      ['/admin/tiers', 'Tiers'],
      ['/admin/audit', 'Audit log'],
      ['/admin/reports', 'Reports'],
      ['/admin/capacity', 'Capacity'],
      ['/admin/feedback', 'Feedback and complaints'],
      ['/admin/satisfaction', 'Satisfaction'],
      ['/admin/outbox', 'Outgoing SMS and e-mail'],
    ]) {
      expect(en, href).toMatch(new RegExp(`<a href="${href}" role="button"[^>]*>${label}</a>`));
    }
    const zh = await (await client.get('/admin?lang=zh')).text();
    for (const label of ['会员与员工', '批量导入', '会员等级', '审计日志', '报表', '容量总览']) expect(zh).toContain(`>${label}</a>`);
    expect(zh).toContain('2 件已超时未回复');
  });
});

describe('admin dashboard on an empty programme', () => {
  it('says there is nothing rather than showing blanks', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    const html = await (await client.get('/admin?lang=en')).text();
    expect(card(html, 'dash-events')).toBe('Today’s events No events today.');
    expect(card(html, 'dash-lounges')).toBe('Lounges now No lounges yet.');
    expect(card(html, 'dash-pending')).toBe('Club requests 0 waiting for a decision Capacity of every club');
    expect(card(html, 'dash-feedback')).toBe('Feedback and complaints 0 overdue without a reply 0 more due within 6 hours. Open the feedback queue');
    expect(card(html, 'dash-outbox')).toBe('SMS and e-mail delivery 0 failed Nothing waiting to be sent. Open the outbox');
  });

  it('refuses anyone but an admin at the service', async () => {
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) expect(await getAdminOverview(ctx.deps, { id: 1, role })).toEqual({ ok: false, error: 'forbidden' });
  });
});
