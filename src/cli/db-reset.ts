import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPasswordHasher } from '../auth/password';
import { ConfigError, loadConfig } from '../config';
import { migrate, openDatabase } from '../db';
import { systemClock } from '../lib/clock';
import { seedDemo } from '../../db/seed';

/** `npm run db:reset`: deletes the embedded database file and builds a fresh demo database. */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl.startsWith('file:')) {
    throw new ConfigError(`db:reset only works on an embedded file database, not ${config.databaseUrl.split('?')[0]}`);
  }
  const path = resolve(config.databaseUrl.slice('file:'.length).split('?')[0]!);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrate(database);
    const created = await seedDemo(database.db, { clock: systemClock, passwords: createPasswordHasher(), timeZone: config.timeZone });
    process.stdout.write(`Rebuilt ${path} with demo data: ${JSON.stringify(created)}\n`);
  } finally {
    database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
