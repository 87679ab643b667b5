import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase } from '../helpers/crash-checks';
import { prepareRound, type RoundPlan } from '../helpers/crash-setup';
import { emptyAcknowledged, prng, streamTraffic, type Acknowledged } from '../helpers/crash-workload';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * `npm run backup` (src/cli/backup.ts) against a running server: a snapshot taken while writes stream in is a
 * consistent database (integrity, capacity, waitlist and ledger rules, everything acknowledged before it began),
 * a snapshot taken at rest has exactly the live counts, and a server started on it boots with the same counts.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function runBackup(databaseUrl: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' };
    const child = spawn(TSX, ['src/cli/backup.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Row counts of every table of a database file. */
async function tableCounts(path: string): Promise<Record<string, number>> {
  const client = createClient({ url: `file:${path}` });
  try {
    const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows.map((r) => String(r.name));
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await client.execute(`SELECT count(*) AS n FROM "${t}"`)).rows[0]!.n);
    return counts;
  } finally {
    client.close();
  }
}

/** What was acknowledged before `at`: anything that was still changing then (a cancel in flight, or one to come) may be either way. */
function settledBefore(acks: Acknowledged): Acknowledged {
  const open = <T extends string>(s: T) => (s === 'acked' ? s : 'sent');
  return {
    registrations: new Map([...acks.registrations].map(([k, r]) => [k, { ...r, cancel: open(r.cancel) }])),
    checkIns: new Map([...acks.checkIns].map(([k, c]) => [k, { ...c, checkout: open(c.checkout) }])),
    walkIns: [...acks.walkIns],
    passes: new Map([...acks.passes].map(([k, p]) => [k, { ...p, cancel: open(p.cancel) }])),
  };
}

describe('npm run backup', () => {
  let dir: string;
  let databasePath: string;
  let plan: RoundPlan;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hainan-vip-backup-'));
    databasePath = join(dir, 'e2e.db');
    const first = await startServer({ dir });
    await first.stop();
    plan = await prepareRound(`file:${databasePath}`, 0);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes a consistent snapshot while the server writes, an exact one at rest, and the snapshot boots with the same counts', async () => {
    const live = await startServer({ dir });
    servers.push(live);
    const atStart = await tableCounts(databasePath);
    const acks = emptyAcknowledged();
    const control = { stopped: false };
    const traffic = streamTraffic(live.baseUrl, plan, acks, prng(20261126), control, 8);

    // 1. during writes
    await new Promise((r) => setTimeout(r, 600));
    const before = settledBefore(acks);
    const during = join(dir, 'during.db');
    const duringRun = await runBackup(`file:${databasePath}`, during);
    control.stopped = true;
    const stats = await traffic;
    expect(duringRun.code, duringRun.stderr).toBe(0);
    expect(duringRun.stdout).toContain(`to ${during} (`);
    expect(stats.anomalies).toEqual([]);
    const duringCheck = await checkDatabase(`file:${during}`, before, [plan.lounge.id]);
    expect(duringCheck.problems).toEqual([]);
    const duringCounts = await tableCounts(during);
    const liveAfter = await tableCounts(databasePath);
    for (const [table, n] of Object.entries(duringCounts)) expect(n, table).toBeLessThanOrEqual(liveAfter[table]!);
    console.log(
      `backup during writes (${duringRun.stdout.split('\n')[0]}): registrations ${atStart.registrations} before the traffic, ${duringCounts.registrations} in the snapshot, ` +
        `${liveAfter.registrations} after; ${before.registrations.size} acknowledged before the backup began, all in it; ${stats.acked} requests acknowledged in all`,
    );

    // 2. at rest (the outbox worker may still write now and then: the live counts must be the same before and after)
    let exact = false;
    let rest = '';
    for (let attempt = 0; attempt < 3 && !exact; attempt++) {
      rest = join(dir, `rest-${attempt}.db`);
      const countsBefore = await tableCounts(databasePath);
      const run = await runBackup(`file:${databasePath}`, rest);
      expect(run.code, run.stderr).toBe(0);
      const countsAfter = await tableCounts(databasePath);
      if (JSON.stringify(countsBefore) !== JSON.stringify(countsAfter)) continue;
      expect(await tableCounts(rest)).toEqual(countsBefore);
      exact = true;
    }
    expect(exact).toBe(true);

    // 3. restore: the snapshot, as the database of a new server, boots with migrations already applied and the same rows
    const restoredDir = join(dir, 'restored');
    await rm(restoredDir, { recursive: true, force: true });
    mkdirSync(restoredDir);
    copyFileSync(rest, join(restoredDir, 'e2e.db'));
    const restoredBefore = await tableCounts(join(restoredDir, 'e2e.db'));
    const restored = await startServer({ dir: restoredDir });
    servers.push(restored);
    expect((await fetch(`${restored.baseUrl}/healthz`)).status).toBe(200);
    // a member's session from the live database is valid on the restored one, and their ticket is there
    const ticket = [...acks.registrations.values()].find((r) => r.code && r.cancel === 'none');
    expect(ticket).toBeDefined();
    const holder = plan.registrants.find((p) => p.id === ticket!.userId)!;
    const page = await fetch(`${restored.baseUrl}/tickets/${ticket!.code}`, { headers: { cookie: holder.cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(ticket!.code!);
    await restored.stop();
    const restoredAfter = await tableCounts(join(restoredDir, 'e2e.db'));
    expect(restoredAfter.__drizzle_migrations).toBe(restoredBefore.__drizzle_migrations);
    for (const table of ['users', 'events', 'registrations', 'lounge_bookings', 'entitlement_ledger', 'sessions']) expect(restoredAfter[table], table).toBe(restoredBefore[table]);
    await live.stop();
  });

  it('refuses to overwrite a file, and explains that a libsql server is backed up by its own means', async () => {
    const existing = join(dir, 'existing.db');
    copyFileSync(databasePath, existing);
    const size = statSync(existing).size;
    const again = await runBackup(`file:${databasePath}`, existing);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(statSync(existing).size).toBe(size);

    const remote = await runBackup('libsql://vip-example.turso.io', join(dir, 'remote.db'));
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain('libsql server (sqld) or Turso is backed up by its own means');
    expect(existsSync(join(dir, 'remote.db'))).toBe(false);
  });
});
