import { serve } from '@hono/node-server';
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { createApp } from './app';
import { demoPasswordRefusal } from './auth/demo-passwords';
import { createPasswordHasher } from './auth/password';
import { ConfigError, loadConfig, type Config } from './config';
import { migrate, openDatabase } from './db';
import { loadAssets } from './lib/assets';
import { createLogger } from './lib/log';
import { MINUTE, systemClock } from './lib/clock';
import { runHousekeeping } from './jobs/housekeeping';
import { startOutboxWorker } from './notifications/outbox';
import { createTransport } from './notifications/transports';
import { seedDemo } from '../db/seed';
import { runPrimary } from './primary';

/**
 * Process entry: config → database → migrations → demo seed → (production) no account with the demo password →
 * serve, with a graceful shutdown. With WORKERS > 1 this process is the primary: it migrates, seeds and checks once,
 * then starts that many workers (Node cluster) that share the port, and replaces one that dies (src/primary.ts).
 */
async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const clock = systemClock;
  const logger = createLogger(config.logLevel, clock.now);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, logger, clock);
  const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
  await migrate(database);
  const passwords = createPasswordHasher({ concurrency: config.passwordHashConcurrency });
  // a worker's primary has seeded already
  if (config.seedDemo && config.workerIndex === undefined) {
    const created = await seedDemo(database.db, { clock, passwords, timeZone: config.timeZone });
    logger.info('demo seed', created);
  }
  // a worker's primary has checked already; nothing is listening yet, so refusing leaves no port open
  if (config.workerIndex === undefined) {
    const refusal = await demoPasswordRefusal({ config, db: database.db, passwords, logger });
    if (refusal) {
      process.stderr.write(`${refusal}\n`);
      database.close();
      process.exit(1);
    }
  }
  // the background jobs run in one process: the only one, or the first worker
  const runsJobs = (config.workerIndex ?? 0) === 0;

  const app = createApp({ config, db: database.db, client: database.client, clock, logger, passwords, assets: loadAssets() });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info('listening', { url: `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`, database: config.databaseUrl.split('?')[0] });
  }) as Server;

  const housekeeping = () =>
    runHousekeeping({ db: database.db, client: database.client, clock, config }).then(
      (removed) => logger.info('housekeeping', removed),
      (error: unknown) => logger.error('housekeeping failed', { error }),
    );
  let housekeepingTimer: NodeJS.Timeout | undefined;
  let outbox: { runNow(): Promise<unknown>; stop(): Promise<void> } = { runNow: async () => undefined, stop: async () => undefined };
  if (runsJobs) {
    void housekeeping();
    // every five minutes: no-shows are marked soon after an event ends
    housekeepingTimer = setInterval(housekeeping, 5 * MINUTE);
    housekeepingTimer.unref();

    // every ten seconds: new notifications become SMS / e-mail, and what is due is delivered (SMTP when SMTP_URL is set)
    outbox = startOutboxWorker({ db: database.db, client: database.client, clock, config, logger }, createTransport(config, logger), { intervalMs: 10_000 });
    logger.info('outbox', { email: config.smtpUrl ? 'smtp' : 'log', sms: 'log' });
    void outbox.runNow();
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(housekeepingTimer);
    logger.info('shutting down', { signal });
    // Stop accepting; let in-flight requests finish; idle keep-alive sockets are closed now.
    // the outbox run under way (if any) finishes before the database closes
    const outboxStopped = outbox.stop();
    server.close(() => {
      void outboxStopped.then(() => {
        database.close();
        logger.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('forced shutdown after 10 s');
      server.closeAllConnections();
      database.close();
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
