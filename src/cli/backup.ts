import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db';
import { systemClock } from '../lib/clock';

/**
 * `npm run backup [path]`: a consistent snapshot of the embedded database, taken with `VACUUM INTO` while the
 * server keeps running. In WAL mode VACUUM INTO is a read transaction: it copies the database as of one
 * instant and never blocks the server's writers (nor is blocked by them). The copy is a compact, ordinary
 * SQLite file, checked with `PRAGMA quick_check` before the command reports success.
 *
 * Restore: stop the server, copy the backup over the database file (data/vip.db), delete the stale
 * data/vip.db-wal and data/vip.db-shm, start the server.
 */

class BackupError extends Error {}

/** 2026-11-26T02:00:00.123Z → 20261126-020000Z: sortable and safe in a file name. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-');
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl.startsWith('file:')) {
    throw new BackupError(
      `npm run backup copies an embedded file database; DATABASE_URL points at ${config.databaseUrl.split('?')[0]}. ` +
        'A libsql server (sqld) or Turso is backed up by its own means (sqld snapshots and bottomless replication, Turso point-in-time restore).',
    );
  }
  const source = resolve(config.databaseUrl.slice('file:'.length).split('?')[0]!);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.length > 1) throw new BackupError('Usage: npm run backup [path of the new backup file]');
  const target = resolve(args[0] ?? `backups/vip-${stamp(systemClock.now())}.db`);
  if (target === source) throw new BackupError('The backup cannot be the database itself.');
  if (existsSync(target)) throw new BackupError(`${target} already exists; a backup never overwrites a file. Choose another path.`);
  mkdirSync(dirname(target), { recursive: true });

  const started = systemClock.now();
  const database = await openDatabase(config.databaseUrl);
  try {
    await database.client.execute({ sql: 'VACUUM INTO ?', args: [target] });
  } finally {
    database.close();
  }
  const copy = createClient({ url: `file:${target}` });
  try {
    const check = (await copy.execute('PRAGMA quick_check')).rows;
    const verdict = check.map((r) => String(Object.values(r)[0])).join('; ');
    if (verdict !== 'ok') throw new BackupError(`The backup at ${target} failed its check: ${verdict}`);
  } finally {
    copy.close();
  }
  const seconds = ((systemClock.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Backed up ${source} to ${target} (${size(statSync(target).size)}, ${seconds} s, quick_check ok)\n`);
  process.stdout.write('Restore: stop the server, copy the backup over the database file, delete its -wal and -shm files, start the server.\n');
}

main().catch((error: unknown) => {
  const known = error instanceof BackupError || error instanceof ConfigError;
  process.stderr.write(`${known ? '' : 'Backup failed: '}${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
