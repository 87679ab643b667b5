import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../../src/db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the migrated database file this run's tests copy */
    templateDb: string;
  }
}

/**
 * Builds one migrated database file per test run (its own name, so two runs in one checkout never rebuild
 * each other's template mid-run); every test copies it, which costs far less than migrating.
 */
export default async function setup(project: TestProject) {
  const templateDb = resolve(import.meta.dirname, `../../.tmp/test-template-${process.pid}.db`);
  mkdirSync(resolve(templateDb, '..'), { recursive: true });
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(templateDb + suffix, { force: true });
  };
  remove();
  const database = await openDatabase(`file:${templateDb}`);
  await migrate(database);
  // fold the WAL into the main file so a plain copy carries everything
  await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  project.provide('templateDb', templateDb);
  return remove;
}
