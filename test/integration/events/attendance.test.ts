import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, events, notifications, registrations, type RegistrationStatus } from '../../../db/schema';
import { runHousekeeping } from '../../../src/jobs/housekeeping';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** A member's registration written directly, checked in `checkedIn` of its seats `inAgo` minutes ago if given. */
async function party(
  eventId: number,
  status: RegistrationStatus,
  o: { name?: string; phone?: string; tierCode?: string | null; seats?: number; checkedIn?: number; at?: number; walkIn?: boolean; code?: string } = {},
) {
  const user = await createUser(ctx, { name: o.name ?? '会员', tierCode: o.tierCode === undefined ? 'gold' : o.tierCode, ...(o.phone ? { phone: o.phone } : {}) });
  const at = ctx.clock.now() - HOUR;
  const seats = o.seats ?? 1;
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({
      code: o.code ?? randomCode(8),
      eventId,
      userId: user.id,
      status,
      guests: seats - 1,
      children: [],
      seats,
      createdAt: at,
      queuedAt: at,
      confirmedAt: status === 'confirmed' ? at : null,
      cancelledAt: status === 'cancelled' ? at : null,
      checkedInSeats: o.checkedIn ?? 0,
      checkedInAt: o.checkedIn ? (o.at ?? ctx.clock.now()) : null,
      walkIn: o.walkIn ?? false,
    })
    .returning();
  return { user, row: row! };
}

async function desk() {
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '林协调' });
  const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
  const client = new TestClient(ctx);
  await client.signIn(coordinator.phone);
  return { coordinator, club, client };
}

const registration = async (id: number) => (await ctx.deps.db.select().from(registrations).where(eq(registrations.id, id)))[0]!;
const allRegistrations = () => ctx.deps.db.select().from(registrations).orderBy(asc(registrations.id));
const allAudit = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
/** The body as sent: Response.text() would drop a leading byte-order mark. */
const csvText = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());

/** The four headline numbers: confirmed seats, checked-in seats, no-shows, still waiting. */
const stats = (html: string) => [...html.matchAll(/<p class="stat-value">(\d+)<\/p>/g)].map((m) => Number(m[1]));
/** "tier confirmed checkedIn noShows" per row of the by-tier table. */
const tierRows = (html: string) =>
  [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => m.slice(1, 5).join(' '));
/** "name | tier | people | status | checked in at" per row of the list. */
const listRows = (html: string) =>
  [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1, 6).join(' | '));

describe('the attendance page', () => {
  it('shows confirmed parties and seats, checked-in seats, no-shows, the waitlist left, a by-tier table and the list with check-in times', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 10 });
    await party(event.id, 'confirmed', { name: '王芳', tierCode: 'diamond', seats: 3, checkedIn: 2, at: Date.UTC(2026, 10, 26, 1, 45) });
    await party(event.id, 'confirmed', { name: '陈静', tierCode: 'gold', seats: 2, checkedIn: 2, at: Date.UTC(2026, 10, 26, 1, 30), walkIn: true });
    await party(event.id, 'confirmed', { name: '李雷', tierCode: 'gold', seats: 1 });
    await party(event.id, 'confirmed', { name: '赵敏', tierCode: 'silver', seats: 2 });
    await party(event.id, 'waitlisted', { name: '候补甲', tierCode: 'platinum', seats: 2 });
    await party(event.id, 'waitlisted', { name: '候补乙', tierCode: 'gold', seats: 1 });
    await party(event.id, 'cancelled', { name: '已取消', tierCode: 'diamond', seats: 1 });
    const other = await createEvent(ctx, { clubId: club.id });
    await party(other.id, 'confirmed', { name: '别的活动' });

    const res = await client.get(`/coordinator/events/${event.id}/attendance`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<hgroup><h1>${event.titleZh}</h1><p>2026年12月3日周四 10:00–12:00</p></hgroup>`);
    expect(stats(html)).toEqual([8, 4, 0, 2]);
    expect(html).toContain('<p class="stat-label">已确认 · 4 组 / 8 人</p>');
    expect(html).toContain('<p class="callout">活动结束后，未签到的已确认报名会自动标记为未到场。</p>');
    // highest tier first; waitlisted and cancelled registrations are not in the tier table
    expect(tierRows(html)).toEqual(['钻石卡 1 1 0', '金卡 2 1 0', '银卡 1 0 0']);
    // checked in first, by time of arrival, then by name
    expect(listRows(html)).toEqual([
      '陈静 | 金卡 | 2 / 2 | 已签到 | 09:30',
      '王芳 | 钻石卡 | 2 / 3 | 已签到 | 09:45',
      '候补乙 | 金卡 | 1 | 候补中 | ',
      '候补甲 | 白金卡 | 2 | 候补中 | ',
      '李雷 | 金卡 | 1 | 已确认 | ',
      '赵敏 | 银卡 | 2 | 已确认 | ',
    ]);
    expect(html).not.toContain('已取消');
    expect(html).not.toContain('别的活动');
    expect(html).toContain(`<a href="/coordinator/events/${event.id}/attendance.csv" data-hx-boost="false" role="button" class="secondary" download="">导出 CSV</a>`);
    // looking is not exporting: nothing recorded
    expect(await allAudit()).toEqual([]);
    const en = await (await client.get(`/coordinator/events/${event.id}/attendance?lang=en`)).text();
    expect(en).toContain('<p class="stat-label">Confirmed · 4 parties / 8 people</p>');
    expect(tierRows(en)).toEqual(['Diamond 1 1 0', 'Gold 2 1 0', 'Silver 1 0 0']);
  });

  it('shows an empty report for an event nobody registered for', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    const html = await (await client.get(`/coordinator/events/${event.id}/attendance`)).text();
    expect(stats(html)).toEqual([0, 0, 0, 0]);
    expect(tierRows(html)).toEqual([]);
    expect(listRows(html)).toEqual([]);
  });
});

describe('the attendance CSV', () => {
  it('sends one row per registration as UTF-8 CSV with a BOM and CRLF, formulas neutralised, and records the export', async () => {
    const { coordinator, club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await party(event.id, 'confirmed', { name: '王芳', phone: '13900000011', tierCode: 'diamond', seats: 3, checkedIn: 2, at: Date.UTC(2026, 10, 26, 1, 45), code: 'K7M2Q9RT' });
    await party(event.id, 'confirmed', { name: '=HYPERLINK("http://x.example","点我")', phone: '13900000012', tierCode: 'gold', code: 'A2B3C4D5' });
    await party(event.id, 'confirmed', { name: '+86 会员', phone: '13900000013', tierCode: 'platinum', code: 'E6F7G8H9' });
    await party(event.id, 'waitlisted', { name: '@SUM(A1)', phone: '13900000014', tierCode: 'silver', seats: 2, code: 'J2K3M4N5' });
    await party(event.id, 'confirmed', { name: '-5', phone: '13900000015', tierCode: 'gold', code: 'P6Q7R8S9' });
    await ctx.deps.db.update(registrations).set({ noShowAt: ctx.clock.now() }).where(eq(registrations.code, 'P6Q7R8S9'));
    await party(event.id, 'cancelled', { name: '已取消', code: 'T2V3W4X5' });
    const res = await client.get(`/coordinator/events/${event.id}/attendance.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="attendance-${event.slug}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = [
      '姓名,手机号,等级,票号,人数,已签到,状态,签到时间',
      '王芳,13900000011,钻石卡,K7M2Q9RT,3,2,已签到,2026年11月26日周四 09:45',
      "'+86 会员,13900000013,白金卡,E6F7G8H9,1,0,已确认,",
      "'-5,13900000015,金卡,P6Q7R8S9,1,0,未到场,",
      `"'=HYPERLINK(""http://x.example"",""点我"")",13900000012,金卡,A2B3C4D5,1,0,已确认,`,
      "'@SUM(A1),13900000014,银卡,J2K3M4N5,2,0,候补中,",
    ];
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`\uFEFF${lines.join('\r\n')}\r\n`);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail, a.ip])).toEqual([
      ['event.attendance.exported', coordinator.id, 'event', String(event.id), { rows: 5 }, '198.51.100.7'],
    ]);
    expect(await ctx.deps.db.select().from(notifications)).toEqual([]);
  });

  it('heads the columns in the page language', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await party(event.id, 'confirmed', { name: 'Chen Yu', phone: '13900000021', tierCode: 'platinum', seats: 2, checkedIn: 2, at: Date.UTC(2026, 10, 26, 1, 45), code: 'K7M2Q9RT' });
    await party(event.id, 'waitlisted', { name: 'Li Na', phone: '13900000022', tierCode: 'silver', code: 'A2B3C4D5' });
    const csv = await csvText(await client.get(`/coordinator/events/${event.id}/attendance.csv?lang=en`));
    expect(csv).toBe(
      '\uFEFFName,Mobile,Tier,Ticket,People,Checked in,Status,Checked in at\r\nChen Yu,13900000021,Platinum,K7M2Q9RT,2,2,Checked in,"Thu, 26 Nov 2026, 09:45"\r\nLi Na,13900000022,Silver,A2B3C4D5,1,0,Waiting,\r\n',
    );
  });
});

describe('the no-show job', () => {
  async function endedEventWorld() {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 10 });
    const absent = await party(event.id, 'confirmed', { name: '缺席者', seats: 2 });
    const came = await party(event.id, 'confirmed', { name: '到场者', seats: 2, checkedIn: 2 });
    const partly = await party(event.id, 'confirmed', { name: '部分到场', seats: 3, checkedIn: 1 });
    const waiting = await party(event.id, 'waitlisted', { name: '候补者' });
    const cancelled = await party(event.id, 'cancelled', { name: '已取消者' });
    return { client, event, absent, came, partly, waiting, cancelled };
  }

  it('marks confirmed parties nobody checked in for, only once the event has ended', async () => {
    const w = await endedEventWorld();
    ctx.clock.set(w.event.endsAt - 1);
    expect(await runHousekeeping(ctx.deps)).toMatchObject({ sessions: 0, noShows: 0, loungeNoShows: 0, loungeReminders: 0 });
    expect((await allRegistrations()).every((r) => r.noShowAt === null)).toBe(true);
    ctx.clock.set(w.event.endsAt + 10 * MINUTE);
    expect(await runHousekeeping(ctx.deps)).toMatchObject({ sessions: 0, noShows: 1, loungeNoShows: 0, loungeReminders: 0 });
    expect((await allRegistrations()).map((r) => [r.id, r.noShowAt])).toEqual([
      [w.absent.row.id, w.event.endsAt + 10 * MINUTE],
      [w.came.row.id, null],
      [w.partly.row.id, null],
      [w.waiting.row.id, null],
      [w.cancelled.row.id, null],
    ]);
    // a second run finds nothing more and keeps the first time
    ctx.clock.advance(HOUR);
    expect(await runHousekeeping(ctx.deps)).toMatchObject({ sessions: 0, noShows: 0, loungeNoShows: 0, loungeReminders: 0 });
    expect((await registration(w.absent.row.id)).noShowAt).toBe(w.event.endsAt + 10 * MINUTE);
    expect((await allRegistrations()).filter((r) => r.noShowAt !== null)).toHaveLength(1);
  });

  it('marks each registration exactly once when two runs happen at the same time, in one process or two', async () => {
    const w = await endedEventWorld();
    const second = await party(w.event.id, 'confirmed', { name: '又一位缺席者' });
    ctx.clock.set(w.event.endsAt + HOUR);
    const runs = await Promise.all([runHousekeeping(ctx.deps), runHousekeeping(ctx.deps)]);
    expect(runs.map((r) => r.noShows).reduce((a, b) => a + b, 0)).toBe(2);
    expect(runs.map((r) => r.noShows).sort()).toEqual([0, 2]);
    const marked = (await allRegistrations()).filter((r) => r.noShowAt !== null).map((r) => r.id);
    expect(marked).toEqual([w.absent.row.id, second.row.id]);

    // another instance on the same database file, later event
    const later = await createEvent(ctx, { clubId: w.event.clubId, inDays: 8 });
    const a = await party(later.id, 'confirmed');
    const b = await party(later.id, 'confirmed');
    const sibling = await ctx.sibling();
    ctx.clock.set(later.endsAt);
    const both = await Promise.all([runHousekeeping(ctx.deps), runHousekeeping(sibling.deps), runHousekeeping(ctx.deps)]);
    expect(both.map((r) => r.noShows).reduce((x, y) => x + y, 0)).toBe(2);
    expect([(await registration(a.row.id)).noShowAt, (await registration(b.row.id)).noShowAt]).toEqual([later.endsAt, later.endsAt]);
    expect((await registration(w.absent.row.id)).noShowAt).toBe(w.event.endsAt + HOUR);
  });

  it('leaves cancelled events alone', async () => {
    const { club } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await party(event.id, 'confirmed');
    await ctx.deps.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, event.id));
    ctx.clock.set(event.endsAt + HOUR);
    expect(await runHousekeeping(ctx.deps)).toMatchObject({ sessions: 0, noShows: 0, loungeNoShows: 0, loungeReminders: 0 });
    expect((await allRegistrations())[0]!.noShowAt).toBeNull();
  });

  it('feeds the attendance report, and the member sees “未到场” on /me', async () => {
    const w = await endedEventWorld();
    const member = new TestClient(ctx);
    await member.signIn(w.absent.user.phone);
    ctx.clock.set(w.event.endsAt + HOUR);
    await runHousekeeping(ctx.deps);
    const html = await (await w.client.get(`/coordinator/events/${w.event.id}/attendance`)).text();
    expect(stats(html)).toEqual([7, 3, 1, 1]);
    expect(tierRows(html)).toEqual(['金卡 3 2 1']);
    expect(listRows(html)).toContain('缺席者 | 金卡 | 2 | 未到场 | ');
    expect(listRows(html)).toContain('部分到场 | 金卡 | 1 / 3 | 已签到 | 10:00');
    expect(html).not.toContain('<p class="callout">');
    const me = await (await member.get('/me')).text();
    expect(me).toContain(`${w.event.titleZh} · `);
    expect(me).toMatch(new RegExp(`${w.event.titleZh} · [^<]*未到场`));
    const cameClient = new TestClient(ctx);
    await cameClient.signIn(w.came.user.phone);
    const cameMe = await (await cameClient.get('/me')).text();
    expect(cameMe).toContain(w.event.titleZh);
    expect(cameMe).not.toContain('未到场');
  });
});
