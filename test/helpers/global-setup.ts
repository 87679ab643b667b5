import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrate, openDatabase } from '../../src/db';

export const TEMPLATE_DB = resolve(import.meta.dirname, '../../.tmp/test-template.db');

/** Builds one migrated database file; every test copies it (a copy costs far less than migrating). */
export default async function setup() {
  mkdirSync(resolve(TEMPLATE_DB, '..'), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(TEMPLATE_DB + suffix, { force: true });
  const database = await openDatabase(`file:${TEMPLATE_DB}`);
  await migrate(database);
  // fold the WAL into the main file so a plain copy carries everything
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
}
