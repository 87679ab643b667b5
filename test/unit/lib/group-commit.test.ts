import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, InStatement, ResultSet } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileClient, type FileClient } from '../../../src/lib/file-client';
import { serializeClient } from '../../../src/lib/serialized-client';

let dir: string;
let url: string;
let log: string[];
let failNextCommit: boolean;
let client: Client;
let inner: FileClient;

/** The file client with every statement recorded, and a COMMIT that can be made to fail once. */
function recordingClient(): FileClient {
  const real = createFileClient({ url, timeoutMs: 200 });
  return Object.assign(Object.create(real) as FileClient, {
    inTransaction: () => real.inTransaction(),
    async execute(stmt: InStatement | string): Promise<ResultSet> {
      const sql = typeof stmt === 'string' ? stmt : stmt.sql;
      log.push(sql);
      if (sql === 'COMMIT' && failNextCommit) {
        failNextCommit = false;
        throw new Error('disk I/O error (simulated)');
      }
      return real.execute(stmt);
    },
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vip-group-'));
  url = `file:${join(dir, 't.db')}`;
  const setup = createFileClient({ url, timeoutMs: 200 });
  await setup.executeMultiple('PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER PRIMARY KEY)');
  setup.close();
  log = [];
  failNextCommit = false;
  inner = recordingClient();
  client = serializeClient(inner, { waitTimeoutMs: 2000 });
});
afterEach(() => {
  client.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async () => (await createFileClient({ url, timeoutMs: 200 }).execute('SELECT n FROM t ORDER BY n')).rows.map((r) => Number(r.n));

/** A write transaction as Drizzle runs one: begin, statements, commit (or rollback on error). */
async function insertInTransaction(n: number, opts: { fail?: boolean } = {}) {
  const tx = await client.transaction('write');
  try {
    await tx.execute({ sql: 'INSERT INTO t (n) VALUES (?)', args: [n] });
    if (opts.fail) throw new Error(`transaction ${n} fails`);
    await tx.commit();
    log.push(`acknowledged ${n}`);
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}

describe('group commit', () => {
  it('commits write transactions queued together once, and answers each only after that COMMIT', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => insertInTransaction(i + 1)));
    expect(await rows()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const commits = log.filter((s) => s === 'COMMIT').length;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(5);
    // every acknowledgement comes after a COMMIT that followed its insert
    for (let n = 1; n <= 20; n++) {
      const inserted = log.findIndex((s, i) => s.startsWith('INSERT') && log.slice(0, i).filter((x) => x.startsWith('INSERT')).length === n - 1);
      const acked = log.indexOf(`acknowledged ${n}`);
      const commit = log.findIndex((s, i) => s === 'COMMIT' && i > inserted);
      expect(commit).toBeGreaterThan(inserted);
      expect(acked).toBeGreaterThan(commit);
    }
  });

  it('undoes only the transaction that fails; the rest of its group is committed', async () => {
    const results = await Promise.allSettled([insertInTransaction(1), insertInTransaction(2, { fail: true }), insertInTransaction(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rows()).toEqual([1, 3]);
    // a constraint violation inside one transaction does not end the others either
    const dup = await Promise.allSettled([insertInTransaction(4), insertInTransaction(1), insertInTransaction(5)]);
    expect(dup.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rows()).toEqual([1, 3, 4, 5]);
  });

  it('fails every transaction of a group whose COMMIT fails, and writes none of them', async () => {
    failNextCommit = true;
    const results = await Promise.allSettled([insertInTransaction(1), insertInTransaction(2), insertInTransaction(3)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(log.filter((s) => s.startsWith('acknowledged'))).toEqual([]);
    expect(await rows()).toEqual([]);
    expect(inner.inTransaction()).toBe(false);
    // and the next transaction works
    await insertInTransaction(4);
    expect(await rows()).toEqual([4]);
  });

  it('commits the open group before a write outside a transaction, a batch or a read-only transaction runs', async () => {
    const grouped = insertInTransaction(1);
    const plainWrite = client.execute({ sql: 'INSERT INTO t (n) VALUES (?)', args: [2] });
    await Promise.all([grouped, plainWrite]);
    const commit = log.indexOf('COMMIT');
    expect(commit).toBeGreaterThan(-1);
    // the plain INSERT (the last one) ran after the grouped one was committed
    expect(commit).toBeLessThan(log.lastIndexOf('INSERT INTO t (n) VALUES (?)'));
    expect(log.filter((s) => s === 'INSERT INTO t (n) VALUES (?)')).toHaveLength(2);

    log.length = 0;
    // (a batch opens its own transaction: inside an open group it would fail with "cannot start a transaction")
    await Promise.all([insertInTransaction(3), client.batch([{ sql: 'INSERT INTO t (n) VALUES (?)', args: [4] }], 'write').then(() => log.push('batch done'))]);
    expect(log.indexOf('acknowledged 3')).toBeGreaterThan(log.indexOf('COMMIT'));
    expect(log.indexOf('acknowledged 3')).toBeLessThan(log.indexOf('batch done'));
    expect(await rows()).toEqual([1, 2, 3, 4]);

    log.length = 0;
    const read = async () => {
      const tx = await client.transaction('read');
      const r = await tx.execute('SELECT count(*) AS c FROM t');
      await tx.commit();
      return Number(r.rows[0]!.c);
    };
    // queued right behind the write transaction, so it finds the group open and commits it first
    const [, count] = await Promise.all([insertInTransaction(5), read()]);
    // it began after the group's COMMIT, so it counts the grouped row as committed
    expect(count).toBe(5);
    expect(log.indexOf('COMMIT')).toBeGreaterThan(-1);
  });

  it('lets a plain SELECT queued in between run inside the group, seeing the writes before it', async () => {
    const [, seen] = await Promise.all([insertInTransaction(1), client.execute('SELECT count(*) AS c FROM t'), insertInTransaction(2)]);
    expect(Number(seen.rows[0]!.c)).toBe(1);
    expect(log.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(await rows()).toEqual([1, 2]);
  });

  it('a transaction alone commits at once; one alone that rolls back leaves no transaction open', async () => {
    await insertInTransaction(1);
    expect(inner.inTransaction()).toBe(false);
    await expect(insertInTransaction(2, { fail: true })).rejects.toThrow('transaction 2 fails');
    expect(inner.inTransaction()).toBe(false);
    expect(await rows()).toEqual([1]);
  });

  it('tells whoever waits for a group that the database closed before it was committed', async () => {
    const tx = await client.transaction('write');
    await tx.execute({ sql: 'INSERT INTO t (n) VALUES (?)', args: [1] });
    const second = client.transaction('write');
    const committed = tx.commit();
    // the group waits for the second transaction (queued before the flush); the client closes meanwhile
    const tx2 = await second;
    client.close();
    await expect(committed).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    tx2.close();
    expect(await rows()).toEqual([]);
  });
});
