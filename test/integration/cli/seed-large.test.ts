import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_PHONES } from '../../../db/seed';
import { accountsWithDemoPassword } from '../../../src/auth/demo-passwords';
import { createPasswordHasher } from '../../../src/auth/password';
import { openDatabase } from '../../../src/db';
import { freePort, startServer } from '../../helpers/server';

/** `npm run seed:large` at 1 % scale: the counts and the invariants the benchmark relies on. */

const dir = mkdtempSync(join(tmpdir(), 'seed-large-'));
const path = join(dir, 'large.db');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed-large.ts', ...args], {
    env: { ...process.env, DATABASE_URL: `file:${path}`, SEED_SCALE: '0.01', SEED_NOW: '2026-11-26T02:00:00Z', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

let client: Client;
const one = async (sql: string) => Number(Object.values((await client.execute(sql)).rows[0]!)[0]);

beforeAll(() => {
  const result = run();
  expect(result.status, result.stderr).toBe(0);
  client = createClient({ url: `file:${path}` });
}, 60_000);

afterAll(() => {
  client?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seed:large at SEED_SCALE=0.01', () => {
  it('makes the proportional counts, on top of the demo accounts', async () => {
    expect(await one("SELECT count(*) FROM users WHERE role = 'member' AND phone > '13910000000'")).toBe(1000);
    expect(await one("SELECT count(*) FROM users WHERE phone = '13800000000' AND role = 'admin'")).toBe(1);
    expect(await one('SELECT count(*) FROM clubs')).toBe(60);
    expect(await one('SELECT count(*) FROM lounges')).toBe(10);
    expect(await one("SELECT count(*) FROM events WHERE slug LIKE 'ev-%'")).toBe(20);
    expect(await one("SELECT count(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug LIKE 'ev-%'")).toBe(3000);
    // the demo's own year of history (db/seed-history.ts) books lounges too; the large set is the members above 13910000000
    expect(await one("SELECT count(*) FROM lounge_bookings b JOIN users u ON u.id = b.user_id WHERE u.phone > '13910000000'")).toBe(5000);
    expect(await one('SELECT count(*) FROM entitlement_ledger')).toBeGreaterThan(10_000);
    expect(await one("SELECT count(DISTINCT status) FROM registrations")).toBe(3);
    expect(await one("SELECT count(DISTINCT status) FROM lounge_bookings")).toBeGreaterThanOrEqual(4);
  });

  it('never overbooks an event, and only a full event has a waitlist that none of its parties fits', async () => {
    expect(await one("SELECT count(*) FROM events e WHERE (SELECT coalesce(sum(seats), 0) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') > e.capacity")).toBe(0);
    expect(
      await one(`SELECT count(*) FROM registrations w JOIN events e ON e.id = w.event_id
                 WHERE w.status = 'waitlisted'
                   AND (SELECT coalesce(sum(seats), 0) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') + w.seats <= e.capacity`),
    ).toBe(0);
    expect(await one("SELECT count(*) FROM registrations WHERE status = 'waitlisted'")).toBeGreaterThan(0);
  });

  it('keeps the ledger consistent with the bookings and within the allowance', async () => {
    // no member-year goes below zero, and what is reserved is exactly the bookings still to come
    expect(
      await one(`SELECT count(*) FROM (SELECT user_id, year, sum(allowance_delta) AS a, sum(reserved_delta) AS r, sum(used_delta) AS u
                 FROM entitlement_ledger GROUP BY user_id, year) WHERE r < 0 OR u < 0 OR a - r - u < 0`),
    ).toBe(0);
    expect(await one('SELECT coalesce(sum(reserved_delta), 0) FROM entitlement_ledger')).toBe(await one("SELECT count(*) FROM lounge_bookings WHERE status = 'booked' AND walk_in = 0"));
    expect(await one("SELECT count(*) FROM lounge_bookings WHERE status IN ('checked_out', 'no_show') AND slot_end > 1795658400000")).toBe(0);
    expect(await one("SELECT count(*) FROM lounge_bookings WHERE status = 'booked' AND slot_end <= 1795658400000")).toBe(0);
  });

  it('writes a sound file: integrity, foreign keys, WAL', async () => {
    expect((await client.execute('PRAGMA integrity_check')).rows[0]![0]).toBe('ok');
    expect((await client.execute('PRAGMA foreign_key_check')).rows).toHaveLength(0);
    expect((await client.execute('PRAGMA journal_mode')).rows[0]![0]).toBe('wal');
  });

  it('gives every account the demo password, but none of its own a demo phone: the production check sees the demo seed\'s only', async () => {
    const generated = (await client.execute("SELECT phone, password_hash FROM users WHERE phone > '13910000000' OR phone LIKE '136%' OR phone LIKE '137%'")).rows;
    expect(generated.length).toBeGreaterThan(1000);
    expect(generated.filter((r) => DEMO_PHONES.includes(String(r.phone)))).toEqual([]);
    const passwords = createPasswordHasher();
    expect(new Set(generated.map((r) => String(r.password_hash))).size).toBe(1);
    expect(await passwords.verify(String(generated[0]!.password_hash), DEMO_PASSWORD)).toBe(true);
    const database = await openDatabase(`file:${path}`);
    try {
      const found = await accountsWithDemoPassword(database.db, passwords);
      expect(found.map((a) => a.phone)).toEqual([...DEMO_PHONES].sort());
    } finally {
      database.close();
    }
  });

  it('starts in production as the bench starts it (SEED_DEMO=false, ALLOW_DEMO_PASSWORDS=true), and refuses without ALLOW_DEMO_PASSWORDS', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'seed-large-bench-'));
    try {
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) copyFileSync(path + suffix, join(copy, `e2e.db${suffix}`));
      const bench = { NODE_ENV: 'production', SEED_DEMO: 'false', LOG_LEVEL: 'warn' };
      const port = await freePort();
      const refused = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...bench, DATABASE_URL: `file:${join(copy, 'e2e.db')}`, PORT: String(port) },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^Refusing to start: NODE_ENV=production and ${DEMO_PHONES.length} accounts still sign in with the demo password`));
      const server = await startServer({ dir: copy, env: { ...bench, ALLOW_DEMO_PASSWORDS: 'true' } });
      try {
        for (const phone of ['13800000000', String(await one("SELECT phone FROM users WHERE role = 'member' AND disabled_at IS NULL AND phone > '13910000000' ORDER BY id LIMIT 1"))]) {
          const res = await fetch(`${server.baseUrl}/login`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
            body: new URLSearchParams({ phone, password: DEMO_PASSWORD }),
          });
          await res.body?.cancel();
          expect(res.status, phone).toBe(303);
        }
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to overwrite a database without --force', () => {
    const other = join(dir, 'other.db');
    writeFileSync(other, 'not empty');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed-large.ts'], { env: { ...process.env, DATABASE_URL: `file:${other}` }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--force');
  });
});
