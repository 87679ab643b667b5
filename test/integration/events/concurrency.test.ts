import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { events, registrations } from '../../../db/schema';
import { openDatabase, type Db } from '../../../src/db';
import { DAY, HOUR, systemClock } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createEvent } from '../../helpers/factories';
import { signedInPeople } from '../../helpers/people';
import { startServer, type RunningServer } from '../../helpers/server';

type Row = typeof registrations.$inferSelect;
const rowsOf = (db: Db, eventId: number): Promise<Row[]> => db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(asc(registrations.id));

/**
 * With no cancellations, "fair" is exact: walking the registrations in the order they were written, each is
 * confirmed if and only if its party fits the seats still free at that moment.
 */
function expectArrivalOrderOutcome(rows: Row[], capacity: number) {
  let free = capacity;
  for (const r of rows) {
    const fits = r.seats <= free;
    expect(r.status, `registration ${r.id} (${r.seats} seats, ${free} free)`).toBe(fits ? 'confirmed' : 'waitlisted');
    if (fits) free -= r.seats;
  }
  const waiting = rows.filter((r) => r.status === 'waitlisted');
  const queue = [...waiting].sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id).map((r) => r.id);
  expect(queue).toEqual(waiting.map((r) => r.id));
}

/** Party-size aware FIFO in any history: nothing waits that would fit, and nobody got a seat ahead of an earlier, smaller-or-equal party. */
function expectNoSkips(rows: Row[], capacity: number) {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const waiting = rows.filter((r) => r.status === 'waitlisted');
  const taken = confirmed.reduce((n, r) => n + r.seats, 0);
  expect(taken).toBeLessThanOrEqual(capacity);
  for (const w of waiting) expect(w.seats, `waiting ${w.id} would fit the ${capacity - taken} free seats`).toBeGreaterThan(capacity - taken);
  for (const w of waiting) {
    const skipped = confirmed.filter((c) => c.id > w.id && c.seats >= w.seats);
    expect(skipped.map((c) => c.id), `waiting ${w.id} (${w.seats} seats) was passed over`).toEqual([]);
  }
}

const partyOf = (i: number) => ({ guests: i % 3 === 0 ? '1' : '0' });

describe('200 registrations for 10 seats at once, in one process', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(() => ctx.close());

  it('never overbooks, and seats go in arrival order to the parties that fit', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    const people = await signedInPeople(ctx.deps.db, ctx.clock, 200, { tierCode: 'diamond' });
    const statuses = await Promise.all(
      people.map((p, i) => {
        const client = new TestClient(ctx);
        client.cookies.set('vip_session', p.token);
        return client.post(`/events/${event.id}/register`, partyOf(i)).then((r) => r.status);
      }),
    );
    expect(statuses).toEqual(Array(200).fill(303));
    const rows = await rowsOf(ctx.deps.db, event.id);
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.seats, 0)).toBe(10);
    expect(rows.some((r) => r.seats === 2 && r.status === 'confirmed')).toBe(true);
    expectArrivalOrderOutcome(rows, 10);
  });

  it('keeps the waitlist fair when cancellations and registrations interleave', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    const people = await signedInPeople(ctx.deps.db, ctx.clock, 60, { tierCode: 'diamond' });
    const client = (p: { token: string }) => {
      const c = new TestClient(ctx);
      c.cookies.set('vip_session', p.token);
      return c;
    };
    for (const [i, p] of people.slice(0, 30).entries()) await client(p).post(`/events/${event.id}/register`, partyOf(i));
    const before = await rowsOf(ctx.deps.db, event.id);
    const confirmedUsers = before.filter((r) => r.status === 'confirmed').map((r) => r.userId);
    const leaving = people.filter((p) => confirmedUsers.includes(p.id)).slice(0, 4);
    const waitingUsers = before.filter((r) => r.status === 'waitlisted').map((r) => r.userId);
    const leavingQueue = people.filter((p) => waitingUsers.includes(p.id)).slice(0, 3);
    await Promise.all([
      ...leaving.map((p) => client(p).post(`/events/${event.id}/cancel`, {})),
      ...leavingQueue.map((p) => client(p).post(`/events/${event.id}/cancel`, {})),
      ...people.slice(30).map((p, i) => client(p).post(`/events/${event.id}/register`, partyOf(i + 30))),
    ]);
    const rows = (await rowsOf(ctx.deps.db, event.id)).filter((r) => r.status !== 'cancelled');
    expect(rows.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.seats, 0)).toBeLessThanOrEqual(10);
    expectNoSkips(rows, 10);
    // the freed seats went (at least partly) to parties that were already waiting before the rush
    const waitingBefore = new Set(before.filter((r) => r.status === 'waitlisted').map((r) => r.id));
    expect(rows.some((r) => r.status === 'confirmed' && waitingBefore.has(r.id))).toBe(true);
  });

  it('counts a double submit once', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    const [p] = await signedInPeople(ctx.deps.db, ctx.clock, 1, { tierCode: 'diamond' });
    const c = new TestClient(ctx);
    c.cookies.set('vip_session', p!.token);
    await Promise.all(Array.from({ length: 5 }, () => c.post(`/events/${event.id}/register`, { guests: '0' })));
    expect((await rowsOf(ctx.deps.db, event.id)).filter((r) => r.status !== 'cancelled')).toHaveLength(1);
  });
});

describe('the same rush across two server processes sharing one database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vip-event-race-'));
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('confirms exactly the seats there are, in arrival order', async () => {
    servers.push(...(await Promise.all([startServer({ dir, env: { SEED_DEMO: 'false' } }), startServer({ dir, env: { SEED_DEMO: 'false' } })])));
    const database = await openDatabase(`file:${join(dir, 'e2e.db')}`);
    try {
      const people = await signedInPeople(database.db, systemClock, 200, { tierCode: 'diamond' });
      const now = systemClock.now();
      const [event] = await database.db
        .insert(events)
        .values({
          slug: 'rush',
          city: 'haikou',
          titleZh: '抢票',
          titleEn: 'Rush',
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
      const statuses = await Promise.all(
        people.map(async (p, i) => {
          const server = servers[i % 2]!;
          const res = await fetch(`${server.baseUrl}/events/${event!.id}/register`, {
            method: 'POST',
            redirect: 'manual',
            headers: { origin: server.baseUrl, cookie: `vip_session=${p.token}`, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(partyOf(i)),
          });
          await res.body?.cancel();
          return res.status;
        }),
      );
      expect(statuses).toEqual(Array(200).fill(303));
      const rows = await rowsOf(database.db, event!.id);
      expect(rows.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.seats, 0)).toBe(10);
      expectArrivalOrderOutcome(rows, 10);
    } finally {
      database.close();
    }
  }, 120_000);
});
