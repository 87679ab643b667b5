import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type ResultSet } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate as drizzleMigrate } from 'drizzle-orm/libsql/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from '../db/schema';
import { createFileClient } from './lib/file-client';
import { remoteClient } from './lib/remote-client';
import { serializeClient } from './lib/serialized-client';

export type Db = LibSQLDatabase<typeof schema>;
/** The database or an open transaction: what a function that only reads and writes rows needs. */
export type DbOrTx = BaseSQLiteDatabase<'async', ResultSet, typeof schema>;
export { schema };

export interface Database {
  client: Client;
  db: Db;
  /** true for an embedded file database, false for a libsql server or Turso */
  isFile: boolean;
  close(): void;
}

export const BUSY_TIMEOUT_MS = 5000;
export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../db/migrations');

/**
 * Against a libsql server (sqld, Turso): how many interactive transactions (and batches, which run as one) one
 * process keeps open at once. Each holds a server connection across its network round trips while it waits for
 * the single write lock, and sqld refuses new connections past its limit (128 by default) with HTTP 429 — so a
 * burst of 200 registrations on one process must queue here, not there. Writers are serialized by the server
 * anyway, so a few in flight keep it busy; plain statements are not limited.
 */
export const REMOTE_TRANSACTIONS = 8;
/** How long a transaction may wait for its turn in that queue before the request is answered 503 (retry). */
export const REMOTE_QUEUE_TIMEOUT_MS = 15_000;

/** The pragmas every connection to a file database must have; checked at start-up and in tests. */
export const REQUIRED_PRAGMAS = {
  journal_mode: 'wal',
  foreign_keys: 1,
  busy_timeout: BUSY_TIMEOUT_MS,
  /** FULL: a commit is on disk before it is acknowledged, so even power loss loses nothing acknowledged */
  synchronous: 2,
} as const;

/**
 * Opens the database.
 *
 * For a file URL the client (src/lib/file-client.ts, which keeps its prepared statements) has one connection and every use of it goes through one FIFO queue
 * (src/lib/serialized-client.ts): the local driver is synchronous, so a second in-process connection
 * could only wait for the first inside SQLite's busy handler, blocking the event loop that the lock holder
 * needs to finish. The per-connection settings are set at open and verified: the busy timeout by the
 * driver (for every connection it opens), foreign keys (libsql's compiled default, set again here),
 * WAL (kept by the file itself) and synchronous=FULL.
 *
 * For a libsql server (http(s)://, libsql://, ws(s)://) each request may run on another server connection, so
 * connection pragmas cannot be set from here: the server's own settings apply (sqld: WAL, foreign keys on,
 * its own lock handling); migrate() checks that foreign keys are enforced. Transactions go through a small
 * per-process queue (REMOTE_TRANSACTIONS), statements go straight to the server, and what the server answers
 * SQLITE_BUSY is tried again for up to BUSY_TIMEOUT_MS (see remoteClient).
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const isFile = url.startsWith('file:');
  if (isFile) {
    const path = url.slice('file:'.length).split('?')[0]!;
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = isFile
    ? serializeClient(createFileClient({ url, timeoutMs: BUSY_TIMEOUT_MS }), { waitTimeoutMs: BUSY_TIMEOUT_MS })
    : remoteClient(createClient({ url, ...(authToken ? { authToken } : {}) }), { concurrency: REMOTE_TRANSACTIONS, waitTimeoutMs: REMOTE_QUEUE_TIMEOUT_MS, busyRetryMs: BUSY_TIMEOUT_MS });
  if (isFile) await applyConnectionPragmas(client);
  const db = drizzle(client, { schema });
  return {
    client,
    db,
    isFile,
    close: () => client.close(),
  };
}

/** Sets the pragmas that belong to the connection (and WAL, which belongs to the file). */
export async function applyConnectionPragmas(client: Client): Promise<void> {
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA foreign_keys = ON');
  await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  await client.execute('PRAGMA synchronous = FULL');
}

/** Reads back the pragmas of the connection the next query uses. */
export async function readConnectionPragmas(client: Client): Promise<Record<keyof typeof REQUIRED_PRAGMAS, string | number>> {
  const one = async (name: string) => {
    const row = (await client.execute(`PRAGMA ${name}`)).rows[0];
    return row ? (Object.values(row)[0] as string | number) : '';
  };
  return {
    journal_mode: String(await one('journal_mode')).toLowerCase(),
    foreign_keys: Number(await one('foreign_keys')),
    busy_timeout: Number(await one('busy_timeout')),
    synchronous: Number(await one('synchronous')),
  };
}

/** Fails fast when a connection lacks a required pragma (e.g. a libsql build with other defaults). */
export async function assertConnectionPragmas(client: Client): Promise<void> {
  const actual = await readConnectionPragmas(client);
  for (const [name, expected] of Object.entries(REQUIRED_PRAGMAS)) {
    if (actual[name as keyof typeof REQUIRED_PRAGMAS] !== expected) {
      throw new Error(`Database pragma ${name} is ${String(actual[name as keyof typeof actual])}, expected ${expected}`);
    }
  }
}

/**
 * Applies pending migrations. Idempotent; safe when several processes start at once: the loser of a
 * race fails on "already exists" after the winner commits, re-reads the journal and finds nothing to do.
 */
export async function migrate(database: Database): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await drizzleMigrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  if (database.isFile) {
    // migrate() toggles foreign_keys around its batch; make sure the connection is left as required.
    await applyConnectionPragmas(database.client);
    await assertConnectionPragmas(database.client);
  } else {
    // a server's connections are its own: the one rule the data depends on is checked, not set
    const foreignKeys = Number(Object.values((await database.client.execute('PRAGMA foreign_keys')).rows[0] ?? {})[0]);
    if (foreignKeys !== 1) throw new Error(`The database server does not enforce foreign keys (PRAGMA foreign_keys is ${foreignKeys}, expected 1)`);
  }
}
