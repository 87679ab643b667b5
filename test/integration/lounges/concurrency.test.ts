import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { entitlementLedger, loungeBookings, loungeStaff, lounges, type Role } from '../../../db/schema';
import { openDatabase, type Db } from '../../../src/db';
import { systemClock } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { addZonedDays, atMinuteOfDay, createTimeFormat, startOfZonedDay, zonedParts } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { signedInPeople } from '../../helpers/people';
import { startServer, type RunningServer } from '../../helpers/server';

const ZONE = 'Asia/Shanghai';
const SLOT_FULL = '这个时段的预约已满，请选择其他时段（部分座位留给现场到访）。';
const noVisitsLeft = (year: number) => `您 ${year} 年的贵宾厅次数已用完（或都已预约）。`;
const LOUNGE_FULL = '贵宾厅已满，暂时无法入厅。';
const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

interface Answer {
  status: number;
  location: string | null;
  body: string;
}

/** Where the requests go: one app, two apps on one database file, or two server processes. */
interface Rig {
  db: Db;
  now(): number;
  /** a POST by the session `token` to instance `i % instances` */
  post(i: number, token: string, path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Answer>;
  /** runs task(0) … task(count − 1), where task(i) talks to instance `i % instances` */
  rush(count: number, task: (i: number) => Promise<Answer>): Promise<Answer[]>;
}

const allAtOnce = (count: number, task: (i: number) => Promise<Answer>) => Promise.all(Array.from({ length: count }, (_, i) => task(i)));

/** In blocks of ten: the first instance's requests of the block at once, then the second's. */
async function inTurns(count: number, task: (i: number) => Promise<Answer>): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let start = 0; start < count; start += 10) {
    for (const instance of [0, 1]) {
      const ids = Array.from({ length: Math.min(10, count - start) }, (_, k) => start + k).filter((i) => i % 2 === instance);
      const answers = await Promise.all(ids.map(task));
      ids.forEach((i, k) => (out[i] = answers[k]!));
    }
  }
  return out;
}

function inProcessRig(primary: TestContext, apps: TestContext[], mode: 'all at once' | 'in turns'): Rig {
  return {
    rush: mode === 'all at once' ? allAtOnce : inTurns,
    db: primary.deps.db,
    now: () => primary.clock.now(),
    async post(i, token, path, form, headers = {}) {
      const client = new TestClient(apps[i % apps.length]!);
      client.cookies.set('vip_session', token);
      const res = await client.post(path, form, { headers });
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    },
  };
}

function serverRig(db: Db, servers: RunningServer[]): Rig {
  return {
    rush: allAtOnce,
    db,
    now: () => systemClock.now(),
    async post(i, token, path, form, headers = {}) {
      const server = servers[i % servers.length]!;
      const res = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: server.baseUrl, cookie: `vip_session=${token}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form),
      });
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    },
  };
}

/** People with sessions made directly (checking 50 passwords would only slow the test down). */
const people = (rig: Rig, count: number, o: { role?: Role; tierCode?: string | null; name?: string } = {}) => signedInPeople(rig.db, { now: rig.now }, count, o);

let codeSeq = 0;
async function lounge(rig: Rig, o: { capacity: number; prebookSharePct?: number; slotMinutes?: number; staffIds?: number[] }) {
  codeSeq += 1;
  const [row] = await rig.db
    .insert(lounges)
    .values({
      code: `RACE-${codeSeq}`,
      airportCode: 'TST',
      terminal: 'T1',
      nameZh: `抢位贵宾厅${codeSeq}`,
      nameEn: `Race Lounge ${codeSeq}`,
      locationZh: '安检后',
      locationEn: 'After security',
      descriptionZh: '测试',
      descriptionEn: 'Test',
      amenities: ['wifi'],
      capacity: o.capacity,
      opensAt: 360,
      closesAt: 1380,
      slotMinutes: o.slotMinutes ?? 60,
      prebookSharePct: o.prebookSharePct ?? 70,
      noShowPolicy: 'release',
      createdAt: rig.now(),
    })
    .returning();
  for (const userId of o.staffIds ?? []) await rig.db.insert(loungeStaff).values({ loungeId: row!.id, userId });
  return row!;
}

/** Tomorrow at `minutes` after midnight: always bookable, whatever the clock says. */
const tomorrowAt = (rig: Rig, minutes: number) => atMinuteOfDay(addZonedDays(startOfZonedDay(rig.now(), ZONE), 1, ZONE), minutes, ZONE);

/** A booking made earlier (with its 'reserve' line) for the hour under way, so it can be checked in now; or a guest already inside. */
async function booking(rig: Rig, loungeId: number, userId: number, status: 'booked' | 'checked_in' = 'booked') {
  const slotStart = rig.now() - (rig.now() % 3_600_000);
  const year = zonedParts(slotStart, ZONE).year;
  const [row] = await rig.db
    .insert(loungeBookings)
    .values({
      code: randomCode(8),
      loungeId,
      userId,
      slotStart,
      slotEnd: slotStart + 3_600_000,
      year,
      companions: 0,
      status,
      walkIn: status === 'checked_in',
      createdAt: rig.now() - 3_600_000,
      ...(status === 'checked_in' ? { companionsArrived: 0, checkedInAt: rig.now() - 600_000 } : {}),
    })
    .returning();
  if (status === 'booked') {
    // as createBooking writes them: the year's allowance (gold: 4) with the first booking, and the reserved visit
    await rig.db.insert(entitlementLedger).values({ userId, year, at: rig.now() - 3_600_000, type: 'grant', allowanceDelta: 4, params: {} }).onConflictDoNothing();
    await rig.db.insert(entitlementLedger).values({ userId, year, at: rig.now() - 3_600_000, type: 'reserve', reservedDelta: 1, bookingId: row!.id, params: {} });
  }
  return row!;
}

async function ledgerBalance(db: Db, userId: number, year: number) {
  const [row] = await db
    .select({
      allowance: sql<number>`coalesce(sum(${entitlementLedger.allowanceDelta}), 0)`,
      reserved: sql<number>`coalesce(sum(${entitlementLedger.reservedDelta}), 0)`,
      used: sql<number>`coalesce(sum(${entitlementLedger.usedDelta}), 0)`,
    })
    .from(entitlementLedger)
    .where(and(eq(entitlementLedger.userId, userId), eq(entitlementLedger.year, year)));
  return Number(row!.allowance) - Number(row!.reserved) - Number(row!.used);
}

async function inside(db: Db, loungeId: number) {
  const rows = await db.select().from(loungeBookings).where(and(eq(loungeBookings.loungeId, loungeId), eq(loungeBookings.status, 'checked_in')));
  return rows.reduce((n, r) => n + 1 + (r.companionsArrived ?? r.companions), 0);
}

const sortedStatuses = (answers: Answer[]) => answers.map((a) => a.status).sort((a, b) => a - b);

/** 50 members, 5 pre-bookable places in one slot. */
async function slotRush(rig: Rig) {
  const room = await lounge(rig, { capacity: 5, prebookSharePct: 100 });
  const members = await people(rig, 50);
  const slot = tomorrowAt(rig, 600);
  const answers = await rig.rush(50, (i) => rig.post(i, members[i]!.token, `/lounges/${room.id}/bookings`, { slot: String(slot), companions: '0' }));
  expect(sortedStatuses(answers)).toEqual([...Array(5).fill(303), ...Array(45).fill(409)]);
  for (const a of answers.filter((x) => x.status === 303)) expect(a.location).toMatch(/^\/lounges\/passes\/[A-Z0-9]{8}$/);
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toContain(SLOT_FULL);
  const rows = await rig.db.select().from(loungeBookings).where(eq(loungeBookings.loungeId, room.id)).orderBy(asc(loungeBookings.id));
  expect(rows.map((r) => [r.status, r.slotStart, r.companions])).toEqual(Array(5).fill(['booked', slot, 0]));
  expect(new Set(rows.map((r) => r.userId)).size).toBe(5);
  const ids = new Set(rows.map((r) => r.id));
  const memberIds = new Set(members.map((m) => m.id));
  const ledger = (await rig.db.select().from(entitlementLedger)).filter((l) => memberIds.has(l.userId));
  const reserves = ledger.filter((l) => l.type === 'reserve');
  expect(reserves).toHaveLength(5);
  expect(reserves.every((l) => l.bookingId !== null && ids.has(l.bookingId) && l.reservedDelta === 1)).toBe(true);
  // only those who got a place have the year's allowance written; nothing else was written for the others
  expect(ledger.filter((l) => l.type === 'grant').map((l) => l.userId).sort()).toEqual(rows.map((r) => r.userId).sort());
  expect(ledger).toHaveLength(10);
}

/** One silver member (2 visits a year) asking for 20 different slots at once. */
async function allowanceRush(rig: Rig) {
  const room = await lounge(rig, { capacity: 50, slotMinutes: 30 });
  const [member] = await people(rig, 1, { tierCode: 'silver' });
  const slots = Array.from({ length: 20 }, (_, i) => tomorrowAt(rig, 360 + 30 * i));
  const year = zonedParts(slots[0]!, ZONE).year;
  const answers = await rig.rush(20, (i) => rig.post(i, member!.token, `/lounges/${room.id}/bookings`, { slot: String(slots[i]!) }));
  expect(answers.every((a) => a.status === 303 || a.status === 409)).toBe(true);
  const rows = await rig.db.select().from(loungeBookings).where(eq(loungeBookings.userId, member!.id));
  expect(rows.length).toBeLessThanOrEqual(2);
  expect(rows).toHaveLength(2); // nothing else stands in the way: both visits are booked
  expect(sortedStatuses(answers)).toEqual([303, 303, ...Array(18).fill(409)]);
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toContain(noVisitsLeft(year));
  expect(await ledgerBalance(rig.db, member!.id, year)).toBe(0);
  const lines = await rig.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, member!.id));
  expect(lines.map((l) => l.type).sort()).toEqual(['grant', 'reserve', 'reserve']);
}

/** Two desks taking the last place in the room at the same moment. */
async function lastPlaceRace(rig: Rig) {
  const staff = await people(rig, 2, { role: 'lounge_staff' });
  const room = await lounge(rig, { capacity: 3, staffIds: staff.map((s) => s.id) });
  const guests = await people(rig, 4);
  await booking(rig, room.id, guests[0]!.id, 'checked_in');
  await booking(rig, room.id, guests[1]!.id, 'checked_in');
  const a = await booking(rig, room.id, guests[2]!.id);
  const b = await booking(rig, room.id, guests[3]!.id);
  const answers = await rig.rush(2, (i) => rig.post(i, staff[i]!.token, `/desk/lounges/${room.id}/bookings/${[a, b][i]!.id}/checkin`, { q: '' }));
  expect(sortedStatuses(answers)).toEqual([303, 409]);
  expect(answers.find((x) => x.status === 303)!.location).toBe(`/desk/lounges/${room.id}`);
  expect(answers.find((x) => x.status === 409)!.body).toContain(LOUNGE_FULL);
  expect(await inside(rig.db, room.id)).toBe(3);
  const after = await rig.db.select().from(loungeBookings).where(eq(loungeBookings.loungeId, room.id)).orderBy(asc(loungeBookings.id));
  expect(after.slice(2).map((r) => r.status).sort()).toEqual(['booked', 'checked_in']);
  const uses = (await rig.db.select().from(entitlementLedger).where(eq(entitlementLedger.type, 'use'))).filter((l) => l.bookingId === a.id || l.bookingId === b.id);
  expect(uses).toHaveLength(1);
}

/** One booking checked in at two desks at the same moment. */
async function sameBookingRace(rig: Rig) {
  const staff = await people(rig, 2, { role: 'lounge_staff', name: '柜台' });
  const room = await lounge(rig, { capacity: 10, staffIds: staff.map((s) => s.id) });
  const [guest] = await people(rig, 1, { name: '旅客' });
  const b = await booking(rig, room.id, guest!.id);
  const answers = await rig.rush(2, (i) => rig.post(i, staff[i]!.token, `/desk/lounges/${room.id}/bookings/${b.id}/checkin`, { q: '' }, HTMX));
  expect(answers.map((x) => x.status)).toEqual([200, 200]);
  const [row] = await rig.db.select().from(loungeBookings).where(eq(loungeBookings.id, b.id));
  expect(row!.status).toBe('checked_in');
  const winner = staff.findIndex((s) => s.id === row!.checkedInBy);
  expect(winner).toBeGreaterThanOrEqual(0);
  const year = row!.year;
  const remaining = await ledgerBalance(rig.db, guest!.id, year);
  expect(remaining).toBe(3);
  expect(answers[winner]!.body).toContain(`旅客0 已入厅（1 人），本年剩余 ${remaining} 次。`);
  const time = createTimeFormat('zh', ZONE).time(row!.checkedInAt!);
  expect(answers[1 - winner]!.body).toContain(`旅客0 已由 ${staff[winner]!.name} 于 ${time} 办理入厅，无需重复。`);
  expect(answers[1 - winner]!.body).not.toContain('已入厅（1 人）');
  const lines = await rig.db.select().from(entitlementLedger).where(eq(entitlementLedger.bookingId, b.id)).orderBy(asc(entitlementLedger.id));
  expect(lines.map((l) => [l.type, l.reservedDelta, l.usedDelta])).toEqual([
    ['reserve', 1, 0],
    ['use', -1, 1],
  ]);
  expect(await inside(rig.db, room.id)).toBe(1);
}

describe('lounge races in one process', () => {
  let ctx: TestContext;
  let rig: Rig;
  beforeEach(async () => {
    ctx = await createTestContext();
    rig = inProcessRig(ctx, [ctx], 'all at once');
  });
  afterEach(() => ctx.close());

  it('50 members booking a slot with 5 pre-bookable places: exactly 5 booked, 45 told it is full', () => slotRush(rig), 60_000);
  it('20 bookings at once by a member with 2 visits left: 2 booked, the rest refused, never below zero', () => allowanceRush(rig), 60_000);
  it('two desks checking in the last place at once: one in, one “lounge full”, never over capacity', () => lastPlaceRace(rig), 60_000);
  it('one booking checked in at two desks at once: one check-in, one “already”, one use line', () => sameBookingRace(rig), 60_000);
});

/**
 * Two app instances with their own connections to one database file, taking turns: each fires its share of the
 * requests at once, then the other does. (Within one process they cannot write at the same moment — the embedded
 * driver is synchronous, so one connection waiting for the other's lock blocks the event loop the holder needs;
 * the true simultaneous case across processes is below, with real servers.) Each instance must decide from the
 * database, never from what it saw before.
 */
describe('lounge races across two app instances on one database file', () => {
  let ctx: TestContext;
  let rig: Rig;
  beforeEach(async () => {
    ctx = await createTestContext();
    rig = inProcessRig(ctx, [ctx, await ctx.sibling()], 'in turns');
  });
  afterEach(() => ctx.close());

  it('50 members booking a slot with 5 pre-bookable places: exactly 5 booked, 45 told it is full', () => slotRush(rig), 60_000);
  it('20 bookings by a member with 2 visits left: 2 booked, the rest refused, never below zero', () => allowanceRush(rig), 60_000);
  it('two desks checking in the last place: one in, one “lounge full”, never over capacity', () => lastPlaceRace(rig), 60_000);
  it('one booking checked in at two desks: one check-in, one “already”, one use line', () => sameBookingRace(rig), 60_000);
});

describe('lounge races across two server processes sharing one database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vip-lounge-race-'));
  const servers: RunningServer[] = [];
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let rig: Rig;
  beforeAll(async () => {
    servers.push(...(await Promise.all([startServer({ dir, env: { SEED_DEMO: 'false' } }), startServer({ dir, env: { SEED_DEMO: 'false' } })])));
    database = await openDatabase(`file:${join(dir, 'e2e.db')}`);
    rig = serverRig(database.db, servers);
  }, 90_000);
  afterAll(async () => {
    database?.close();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('50 members booking a slot with 5 pre-bookable places: exactly 5 booked, 45 told it is full', () => slotRush(rig), 60_000);
  it('20 bookings at once by a member with 2 visits left: 2 booked, the rest refused, never below zero', () => allowanceRush(rig), 60_000);
  it('two desks checking in the last place at once: one in, one “lounge full”, never over capacity', () => lastPlaceRace(rig), 60_000);
  it('one booking checked in at two desks at once: one check-in, one “already”, one use line', () => sameBookingRace(rig), 60_000);
});
