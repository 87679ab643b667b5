import { copyFileSync, rmSync } from 'node:fs';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/lib/log';
import { runHousekeeping } from '../src/jobs/housekeeping';
import { dispatchNotifications, startOutboxWorker } from '../src/notifications/outbox';
import { createTransport } from '../src/notifications/transports';

const db = `/tmp/hainan-jobs-${process.pid}.db`;
copyFileSync(process.env.BENCH_DB ?? 'data/large.db', db);
const config = loadConfig({ ...process.env, DATABASE_URL: `file:${db}`, SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
const database = await openDatabase(config.databaseUrl);
const deps = { db: database.db, client: database.client, clock: systemClock, config, logger: createLogger('warn', systemClock.now) };
for (let i = 0; i < 2; i++) {
  let t = performance.now();
  const r = await runHousekeeping(deps);
  console.log('housekeeping', Math.round(performance.now() - t), 'ms', JSON.stringify(r));
  t = performance.now();
  const n = await dispatchNotifications(deps);
  console.log('dispatch', Math.round(performance.now() - t), 'ms', n);
  const w = startOutboxWorker(deps, createTransport(config, deps.logger), { intervalMs: 1e9 });
  t = performance.now();
  await w.runNow();
  console.log('outbox run', Math.round(performance.now() - t), 'ms');
  await w.stop();
}
database.close();
for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
