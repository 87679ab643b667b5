import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { clubCoordinators, clubs, dependents, events, loungeStaff, lounges, tiers, userNameChars, users } from '../../db/schema';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PHONES, seedDemo } from '../../db/seed';
import { accountsWithDemoPassword } from '../../src/auth/demo-passwords';
import { DatabaseBusyError } from '../../src/lib/serialized-client';
import { MIGRATIONS_FOLDER, REQUIRED_PRAGMAS, migrate, openDatabase, readConnectionPragmas, type Database } from '../../src/db';
import { createPasswordHasher } from '../../src/auth/password';
import { fixedClock } from '../../src/lib/clock';
import { createTestContext, FIXED_NOW, type TestContext } from '../helpers/context';
import { TestClient } from '../helpers/client';

let dir: string;
let database: Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vip-db-'));
  database = await openDatabase(`file:${join(dir, 'vip.db')}`);
  await migrate(database);
});
afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('database connection', () => {
  it('has WAL, foreign keys, a busy timeout and synchronous=FULL on the connection a query uses after a transaction', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(tiers).values({ code: 'x', rank: 9, nameZh: '甲', nameEn: 'X', loungeVisitsPerYear: 1, companionsPerVisit: 0, earlyAccessHours: 0 });
    });
    expect(await readConnectionPragmas(database.client)).toEqual(REQUIRED_PRAGMAS);
    // and after a rolled-back transaction and a write batch
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(tiers).values({ code: 'y', rank: 10, nameZh: '乙', nameEn: 'Y', loungeVisitsPerYear: 1, companionsPerVisit: 0, earlyAccessHours: 0 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await database.client.batch(['SELECT 1', 'SELECT 2'], 'write');
    expect(await readConnectionPragmas(database.client)).toEqual(REQUIRED_PRAGMAS);
  });

  it('enforces foreign keys (a row pointing nowhere is refused)', async () => {
    await expect(database.client.execute("INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ('s', 424242, 1, 1)")).rejects.toThrow(/FOREIGN KEY/);
  });

  it('keeps the pragmas on a second connection to the same file (as another process would open)', async () => {
    const other = await openDatabase(`file:${join(dir, 'vip.db')}`);
    try {
      expect(await readConnectionPragmas(other.client)).toEqual(REQUIRED_PRAGMAS);
    } finally {
      other.close();
    }
  });

  it('queues concurrent transactions in one process instead of failing with SQLITE_BUSY', async () => {
    const writes = Array.from({ length: 25 }, (_, i) =>
      database.db.transaction(async (tx) => {
        await tx.insert(tiers).values({ code: `t${i}`, rank: 100 + i, nameZh: '甲', nameEn: 'T', loungeVisitsPerYear: 1, companionsPerVisit: 0, earlyAccessHours: 0 });
      }),
    );
    await Promise.all(writes);
    expect((await database.db.select({ n: count() }).from(tiers))[0]!.n).toBe(25);
  });

  it('lets reads wait for an open transaction, even one that awaits real I/O', async () => {
    const order: string[] = [];
    const tx = database.db.transaction(async (t) => {
      await t.insert(tiers).values({ code: 'slow', rank: 50, nameZh: '慢', nameEn: 'Slow', loungeVisitsPerYear: 1, companionsPerVisit: 0, earlyAccessHours: 0 });
      await new Promise((r) => setTimeout(r, 30));
      order.push('tx');
    });
    const read = database.db.select({ n: count() }).from(tiers).then((rows) => {
      order.push('read');
      return rows[0]!.n;
    });
    const [, n] = await Promise.all([tx, read]);
    expect(order).toEqual(['tx', 'read']);
    expect(n).toBe(1); // the read saw the committed row
  });

  it('fails (instead of hanging) when the outer client is used inside a transaction', async () => {
    const attempt = database.db.transaction(async () => {
      await database.db.select().from(tiers); // a bug: should use the transaction
    });
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.cause).toBeInstanceOf(DatabaseBusyError);
    // and the database is usable afterwards
    expect((await database.db.select({ n: count() }).from(tiers))[0]!.n).toBe(0);
  }, 15_000);

  it('migrates idempotently: running again changes nothing', async () => {
    const before = await database.client.execute("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name");
    const journal = await database.client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    await migrate(database);
    const after = await database.client.execute("SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name");
    expect(after.rows.map((r) => r.name)).toEqual(before.rows.map((r) => r.name));
    expect((await database.client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n).toBe(journal.rows[0]!.n);
  });

  it('survives two processes migrating the same fresh file at once', async () => {
    const file = `file:${join(dir, 'race.db')}`;
    const a = await openDatabase(file);
    const b = await openDatabase(file);
    try {
      await Promise.all([migrate(a), migrate(b)]);
      const tables = await a.client.execute("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'users'");
      expect(tables.rows[0]!.n).toBe(1);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('demo seed', () => {
  const deps = { clock: fixedClock(FIXED_NOW), passwords: createPasswordHasher({ concurrency: 2 }), timeZone: 'Asia/Shanghai' };
  const counts = async () => ({
    tiers: (await database.db.select({ n: count() }).from(tiers))[0]!.n,
    users: (await database.db.select({ n: count() }).from(users))[0]!.n,
    dependents: (await database.db.select({ n: count() }).from(dependents))[0]!.n,
    clubs: (await database.db.select({ n: count() }).from(clubs))[0]!.n,
    coordinators: (await database.db.select({ n: count() }).from(clubCoordinators))[0]!.n,
    lounges: (await database.db.select({ n: count() }).from(lounges))[0]!.n,
    staff: (await database.db.select({ n: count() }).from(loungeStaff))[0]!.n,
    events: (await database.db.select({ n: count() }).from(events))[0]!.n,
  });

  it('creates the programme of DESIGN.md §8 and adds nothing on a second run', async () => {
    const first = await seedDemo(database.db, deps);
    // the programme, then its past year (db/seed-history.ts) and the gold member's visit made and visit booked
    expect(first).toMatchObject({ tiers: 4, users: 12, clubs: 7, lounges: 2, events: 6, historyMembers: 96, pastEvents: 60, feedback: 13, goldMemberLounges: 2 });
    const after = await counts();
    expect(after).toEqual({ tiers: 4, users: 12 + 96, dependents: 2, clubs: 7, coordinators: 2, lounges: 2, staff: 1, events: 6 + 60 });
    const second = await seedDemo(database.db, deps);
    expect(second).toEqual({ tiers: 0, users: 0, clubs: 0, lounges: 0, events: 0 });
    expect(await counts()).toEqual(after);
  });

  it('gives the demo password to exactly the accounts of DEMO_PHONES (what the production start-up check looks at)', async () => {
    await seedDemo(database.db, deps);
    const phones = (await database.db.select({ phone: users.phone }).from(users)).map((u) => u.phone).sort();
    expect(phones).toEqual([...DEMO_PHONES].sort());
    const found = await accountsWithDemoPassword(database.db, deps.passwords);
    expect(found.map((a) => a.phone)).toEqual([...DEMO_PHONES].sort());
    expect(found.filter((a) => a.role !== 'member')).toEqual([
      { phone: '13800000000', role: 'admin' },
      { phone: '13800000001', role: 'coordinator' },
      { phone: '13800000002', role: 'lounge_staff' },
    ]);
    // a new password, or a disabled account, takes an account off the list
    await database.db.update(users).set({ passwordHash: await deps.passwords.hash('a-secret-of-our-own-9') }).where(eq(users.phone, '13800000000'));
    await database.db.update(users).set({ disabledAt: FIXED_NOW }).where(eq(users.phone, '13900000150'));
    const after = (await accountsWithDemoPassword(database.db, deps.passwords)).map((a) => a.phone);
    expect(after).toHaveLength(DEMO_PHONES.length - 2);
    expect(after).not.toContain('13800000000');
    expect(after).not.toContain('13900000150');
  });

  it('places the demo events in the future, with the concert small enough for a waitlist', async () => {
    await seedDemo(database.db, deps);
    const rows = (await database.db.select().from(events)).filter((e) => !e.slug.startsWith('past-'));
    for (const e of rows) {
      expect(e.startsAt).toBeGreaterThan(FIXED_NOW);
      expect(e.endsAt).toBeGreaterThan(e.startsAt);
      expect(e.closesAt).toBeLessThanOrEqual(e.startsAt);
    }
    const concert = rows.find((e) => e.slug === 'concert-starlight')!;
    expect(concert.capacity).toBeLessThanOrEqual(10);
    // 19:30 Beijing time, 21 days after the seed day
    expect(new Date(concert.startsAt).toISOString()).toBe('2026-12-17T11:30:00.000Z');
  });
});

describe('demo accounts', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.deps.db, { clock: ctx.clock, passwords: ctx.deps.passwords, timeZone: 'Asia/Shanghai' });
  });
  afterEach(() => ctx.close());

  it('all sign in with the demo password and land on their home', async () => {
    const homes: Record<string, string> = { admin: '/admin', coordinator: '/coordinator', lounge_staff: '/desk', member: '/' };
    for (const account of DEMO_ACCOUNTS) {
      const res = await new TestClient(ctx).post('/login', { phone: account.phone, password: DEMO_PASSWORD });
      expect(res.status, account.phone).toBe(303);
      expect(res.headers.get('location')).toBe(homes[account.role]);
    }
  });

  it('gives the coordinator golf and music, and the staff member the Haikou lounge', async () => {
    const coordinator = new TestClient(ctx);
    await coordinator.signIn('13800000001', DEMO_PASSWORD);
    const clubsHtml = await (await coordinator.get('/coordinator')).text();
    expect(clubsHtml).toContain('高尔夫球俱乐部');
    expect(clubsHtml).toContain('12530无线音乐俱乐部');
    expect(clubsHtml).not.toContain('亲子俱乐部');
    const staff = new TestClient(ctx);
    await staff.signIn('13800000002', DEMO_PASSWORD);
    const desk = await (await staff.get('/desk')).text();
    expect(desk).toContain('海口美兰国际机场 VIP 厅');
    expect(desk).not.toContain('三亚凤凰国际机场 VIP 厅');
  });

  it('shows the diamond member their card with benefits and two children', async () => {
    const member = new TestClient(ctx);
    await member.signIn('13900000001', DEMO_PASSWORD);
    const home = await (await member.get('/')).text();
    expect(home).toContain('<h2 id="tier-card-title" class="tier-card-tier">钻石卡</h2>');
    expect(home).toContain('每年 12 次机场贵宾厅');
    expect(home).toContain('每次可带 2 位同行人');
    expect(home).toContain('活动报名提前 72 小时');
    expect(home).toMatch(/<svg class="qr" viewBox="0 0 \d+ \d+" role="img" aria-label="会员卡二维码，卡号 [A-Z0-9]{4}-[A-Z0-9]{4}"/);
    const me = await (await member.get('/me')).text();
    expect(me).toContain('吴悦悦');
    expect(me).toContain('吴子轩');
  });
});

describe('the index of characters in names (user_name_chars, migration 0009)', () => {
  const charsOf = async (userId: number) =>
    (await database.db.select({ ch: userNameChars.ch }).from(userNameChars).where(eq(userNameChars.userId, userId))).map((r) => r.ch).sort();

  it('holds each distinct character of every name, ASCII lower-cased, and follows a rename', async () => {
    const now = 1_790_000_000_000;
    const [wang] = await database.db
      .insert(users)
      .values({ phone: '13900000011', name: '王小王', passwordHash: 'x', role: 'coordinator', locale: 'zh', cardCode: 'C0000011', createdAt: now, updatedAt: now })
      .returning();
    expect(await charsOf(wang!.id)).toEqual(['小', '王'].sort());
    const [anna] = await database.db
      .insert(users)
      .values({ phone: '13900000012', name: 'Anna Ö', passwordHash: 'x', role: 'admin', locale: 'en', cardCode: 'C0000012', createdAt: now, updatedAt: now })
      .returning();
    // lower() and LIKE fold ASCII only: "Ö" stays as it is
    expect(await charsOf(anna!.id)).toEqual([' ', 'a', 'n', 'Ö'].sort());

    await database.db.update(users).set({ name: '李明' }).where(eq(users.id, wang!.id));
    expect(await charsOf(wang!.id)).toEqual(['明', '李'].sort());
    // other columns changing leave the characters alone
    await database.db.update(users).set({ locale: 'en' }).where(eq(users.id, wang!.id));
    expect(await charsOf(wang!.id)).toEqual(['明', '李'].sort());
  });

  it('was filled for the people already there when the migration ran', async () => {
    // the migration's own backfill statement, run again on rows written while the triggers are gone
    await database.client.execute('DROP TRIGGER users_name_chars_insert');
    const now = 1_790_000_000_000;
    const [before] = await database.db
      .insert(users)
      .values({ phone: '13900000013', name: '符海', passwordHash: 'x', role: 'coordinator', locale: 'zh', cardCode: 'C0000013', createdAt: now, updatedAt: now })
      .returning();
    expect(await charsOf(before!.id)).toEqual([]);
    const migration = readFileSync(join(MIGRATIONS_FOLDER, '0009_name_chars.sql'), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT OR IGNORE INTO `user_name_chars`') && !s.includes('TRIGGER'))!;
    await database.client.execute(backfill);
    expect(await charsOf(before!.id)).toEqual(['海', '符'].sort());
  });
});
