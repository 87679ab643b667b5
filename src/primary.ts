import cluster, { type Worker } from 'node:cluster';
import { demoPasswordRefusal } from './auth/demo-passwords';
import { createPasswordHasher } from './auth/password';
import type { Config } from './config';
import { migrate, openDatabase } from './db';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/log';
import { seedDemo } from '../db/seed';

/** More exits than this within RESTART_WINDOW_MS (per worker) means something is wrong with every start: stop. */
const RESTARTS_PER_WORKER = 3;
const RESTART_WINDOW_MS = 60_000;

/**
 * The primary process when WORKERS > 1: migrates, seeds and (in production) checks for demo passwords once, then
 * starts WORKERS copies of the server (Node cluster), which share the port — the primary hands each new connection
 * to the next worker in turn. Each worker has its own connection to the database; SQLite's locking (or the libsql
 * server) keeps them apart, as for any several processes (README: "Several app processes"). Worker 0 also runs the
 * background jobs. A worker that dies is replaced with the same index; SIGTERM / SIGINT stop every worker gracefully,
 * then the primary.
 */
export async function runPrimary(config: Config, logger: Logger, clock: Clock): Promise<void> {
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  let refusal: string | null;
  try {
    await migrate(database);
    if (config.seedDemo) {
      const created = await seedDemo(database.db, { clock, passwords: createPasswordHasher({ concurrency: 1 }), timeZone: config.timeZone });
      logger.info('demo seed', created);
    }
    refusal = await demoPasswordRefusal({ config, db: database.db, passwords: createPasswordHasher({ concurrency: config.passwordHashConcurrency }), logger });
  } finally {
    database.close();
  }
  // before any worker exists: nothing listens on the port
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exit(1);
  }

  const indexOf = new Map<number, number>();
  const exits: number[] = [];
  let stopping = false;
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const start = (index: number) => {
    const worker = cluster.fork({ WORKER_INDEX: String(index) });
    indexOf.set(worker.id, index);
  };
  const stopAll = (exitCode: number) => {
    stopping = true;
    process.exitCode = exitCode;
    for (const worker of live()) worker.process.kill('SIGTERM');
    if (live().length === 0) process.exit(exitCode);
    // a worker gives its requests 10 s; after that nobody waits any longer
    setTimeout(() => {
      for (const worker of live()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, 15_000).unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    const index = indexOf.get(worker.id) ?? 0;
    indexOf.delete(worker.id);
    if (stopping) {
      if (live().length === 0) {
        logger.info('stopped');
        process.exit(process.exitCode ?? 0);
      }
      return;
    }
    const now = clock.now();
    exits.push(now);
    while (exits.length > 0 && exits[0]! < now - RESTART_WINDOW_MS) exits.shift();
    if (exits.length > RESTARTS_PER_WORKER * config.workers) {
      logger.error('workers keep exiting; stopping', { index, code, signal });
      stopAll(1);
      return;
    }
    logger.error('worker exited; starting another', { index, code, signal });
    start(index);
  });

  for (let i = 0; i < config.workers; i++) start(i);
  logger.info('primary', { workers: config.workers, pid: process.pid });
  const shutdown = (signal: string) => {
    if (stopping) return;
    logger.info('shutting down', { signal });
    stopAll(0);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
