import { existsSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { createPasswordHasher } from '../auth/password';
import { ConfigError, loadConfig } from '../config';
import { migrate, openDatabase } from '../db';
import { systemClock, type Clock } from '../lib/clock';
import { runHousekeeping } from '../jobs/housekeeping';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed';
import { seedLarge } from '../../db/seed-large';

/**
 * `npm run seed:large [-- --force]`: builds a large, realistic database at DATABASE_URL (default file:data/large.db)
 * for benchmarks. Migrations, the demo seed (so the demo accounts sign in), then the generated programme
 * (db/seed-large.ts). SEED_SCALE (default 1) scales the people and activity; SEED (default 2026) the PRNG;
 * SEED_NOW (an ISO instant) pins "now" so two runs on different days give the same database.
 *
 * Speed: the bulk load runs on a connection of its own with journal_mode=OFF, synchronous=OFF, a 256 MB cache and
 * foreign keys off, in one transaction — safe only because a failed run leaves a file nobody uses yet (run again
 * with --force). Afterwards the file is switched back to WAL and opened the normal way, with the app's pragmas.
 */
async function main() {
  const started = performance.now();
  const force = process.argv.includes('--force');
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'file:data/large.db' });
  if (!config.databaseUrl.startsWith('file:')) throw new ConfigError(`seed:large only builds an embedded file database, not ${config.databaseUrl.split('?')[0]}`);
  const path = resolve(config.databaseUrl.slice('file:'.length).split('?')[0]!);
  if (existsSync(path) && statSync(path).size > 0) {
    if (!force) throw new ConfigError(`${path} exists and is not empty; run with --force to rebuild it`);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });

  const scale = Number(process.env.SEED_SCALE ?? '1');
  if (!(scale > 0 && scale <= 10)) throw new ConfigError('SEED_SCALE must be a number above 0 and at most 10');
  const seed = Number(process.env.SEED ?? '2026');
  const pinned = process.env.SEED_NOW ? Date.parse(process.env.SEED_NOW) : NaN;
  const clock: Clock = Number.isFinite(pinned) ? { now: () => pinned } : systemClock;
  const url = `file:${path}`;

  // Migrations and the demo seed run in a child process: drizzle's migrator leaves a connection open until the
  // process ends, and the bulk load below needs the file to itself to switch its journal off.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--prepare'], {
    env: { ...process.env, DATABASE_URL: url, SEED_NOW: new Date(clock.now()).toISOString() },
    stdio: 'inherit',
  });
  if (child.status !== 0) throw new Error('migrations or the demo seed failed');
  const passwordHash = await createPasswordHasher().hash(DEMO_PASSWORD);

  const bulk = createClient({ url });
  for (const pragma of ['journal_mode = OFF', 'synchronous = OFF', 'cache_size = -262144', 'temp_store = MEMORY', 'foreign_keys = OFF']) {
    await bulk.execute(`PRAGMA ${pragma}`);
  }
  const tx = await bulk.transaction('write');
  const counts = await seedLarge(tx, { scale, seed, now: clock.now(), timeZone: config.timeZone, passwordHash }, (line) => process.stdout.write(`${line}\n`));
  await tx.commit();
  tx.close();
  await bulk.execute('PRAGMA journal_mode = WAL');
  bulk.close();

  // The app's own view of the file: the jobs a running server would have done by now (no-shows, reminders),
  // with the seeded history counted as already delivered (no SMS flood on the first start), then statistics.
  const database = await openDatabase(url);
  await runHousekeeping({ db: database.db, client: database.client, clock, config });
  await database.client.execute('UPDATE notifications SET dispatched_at = created_at WHERE dispatched_at IS NULL');
  await database.client.execute('ANALYZE');
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const size = (statSync(path).size / 1024 / 1024).toFixed(0);
  process.stdout.write(`Built ${path} (${size} MB, scale ${scale}, seed ${seed}) in ${seconds} s:\n`);
  for (const [name, n] of Object.entries(counts)) process.stdout.write(`  ${name.padEnd(16)} ${n.toLocaleString('en')}\n`);
}

/** The child's part: migrations and the demo seed on the fresh file. */
async function prepare() {
  const config = loadConfig();
  const pinned = Date.parse(process.env.SEED_NOW ?? '');
  const database = await openDatabase(config.databaseUrl);
  await migrate(database);
  await seedDemo(database.db, { clock: { now: () => pinned }, passwords: createPasswordHasher(), timeZone: config.timeZone });
  database.close();
}

(process.argv.includes('--prepare') ? prepare() : main()).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
