import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { clubMemberships, clubs } from '../../../db/schema';
import { openDatabase, type Db } from '../../../src/db';
import { systemClock } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub } from '../../helpers/factories';
import { signedInPeople } from '../../helpers/people';
import { startServer, type RunningServer } from '../../helpers/server';

/** Checks the invariant: never over capacity, the earliest arrivals hold the places, the rest queue in arrival order. */
async function expectFairOutcome(db: Db, clubId: number, capacity: number, total: number) {
  const rows = await db.select().from(clubMemberships).where(eq(clubMemberships.clubId, clubId)).orderBy(asc(clubMemberships.id));
  expect(rows).toHaveLength(total);
  const active = rows.filter((r) => r.status === 'active');
  const waiting = rows.filter((r) => r.status === 'waitlisted');
  expect(active).toHaveLength(capacity);
  expect(waiting).toHaveLength(total - capacity);
  // the places went to the first arrivals (lowest ids), nobody was skipped
  expect(rows.slice(0, capacity).every((r) => r.status === 'active')).toBe(true);
  // the queue order (queued_at, id) is the arrival order
  const queue = [...waiting].sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id).map((r) => r.id);
  expect(queue).toEqual(waiting.map((r) => r.id));
}

describe('100 members joining a club with 10 places at once, in one process', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(() => ctx.close());

  it('ends with exactly 10 active and 90 waitlisted in arrival order', async () => {
    const club = await createClub(ctx, { capacity: 10 });
    const people = await signedInPeople(ctx.deps.db, ctx.clock, 100);
    const responses = await Promise.all(
      people.map((p) => {
        const client = new TestClient(ctx);
        client.cookies.set('vip_session', p.token);
        return client.post(`/clubs/${club.id}/join`, {});
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(303));
    await expectFairOutcome(ctx.deps.db, club.id, 10, 100);
  });

  it('keeps FIFO when leaves and joins interleave: every freed place goes to the earliest waiting', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    const people = await signedInPeople(ctx.deps.db, ctx.clock, 40);
    const clientOf = (p: { token: string }) => {
      const c = new TestClient(ctx);
      c.cookies.set('vip_session', p.token);
      return c;
    };
    // the first 20 join in order: 5 active, 15 waiting
    for (const p of people.slice(0, 20)) await clientOf(p).post(`/clubs/${club.id}/join`, {});
    // now 3 of the active members leave while 20 newcomers join, all at once
    await Promise.all([...people.slice(0, 3).map((p) => clientOf(p).post(`/clubs/${club.id}/leave`, {})), ...people.slice(20).map((p) => clientOf(p).post(`/clubs/${club.id}/join`, {}))]);
    const rows = await ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.clubId, club.id)).orderBy(asc(clubMemberships.id));
    const statusOf = new Map(rows.map((r) => [r.userId, r.status]));
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(5);
    // members 4 and 5 kept their places; the three freed places went to members 6, 7 and 8 — never to a newcomer
    expect(people.slice(3, 8).map((p) => statusOf.get(p.id))).toEqual(['active', 'active', 'active', 'active', 'active']);
    expect(people.slice(20).every((p) => statusOf.get(p.id) === 'waitlisted')).toBe(true);
    expect(people.slice(0, 3).every((p) => statusOf.get(p.id) === 'left')).toBe(true);
  });
});

describe('the same race across two server processes sharing one database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vip-race-'));
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with exactly 10 active and 90 waitlisted', async () => {
    // both processes migrate the same fresh file at start-up; neither may fail
    servers.push(...(await Promise.all([startServer({ dir, env: { SEED_DEMO: 'false' } }), startServer({ dir, env: { SEED_DEMO: 'false' } })])));
    const database = await openDatabase(`file:${join(dir, 'e2e.db')}`);
    try {
      const people = await signedInPeople(database.db, systemClock, 100);
      const [club] = await database.db
        .insert(clubs)
        .values({ slug: 'race', category: 'music', city: 'haikou', nameZh: '抢位俱乐部', nameEn: 'Race Club', descriptionZh: '测试', descriptionEn: 'Test', capacity: 10, createdAt: systemClock.now() })
        .returning();
      const statuses = await Promise.all(
        people.map(async (p, i) => {
          const server = servers[i % 2]!;
          const res = await fetch(`${server.baseUrl}/clubs/${club!.id}/join`, {
            method: 'POST',
            redirect: 'manual',
            headers: { origin: server.baseUrl, cookie: `vip_session=${p.token}`, 'content-type': 'application/x-www-form-urlencoded' },
            body: '',
          });
          await res.body?.cancel();
          return res.status;
        }),
      );
      expect(statuses).toEqual(Array(100).fill(303));
      await expectFairOutcome(database.db, club!.id, 10, 100);
    } finally {
      database.close();
    }
  }, 90_000);
});
