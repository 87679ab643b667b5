import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LibsqlError, type Client, type InStatement } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileClient } from '../../../src/lib/file-client';

let dir: string;
let url: string;
const open: Client[] = [];
const fileClient = () => {
  const c = createFileClient({ url, timeoutMs: 200 });
  open.push(c);
  return c;
};
const libraryClient = () => {
  const c = createClient({ url, concurrency: 1, timeout: 200 });
  open.push(c);
  return c;
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vip-file-client-'));
  url = `file:${join(dir, 't.db')}`;
  const setup = createClient({ url });
  await setup.executeMultiple(`
    PRAGMA journal_mode = WAL;
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, photo BLOB, big INTEGER);
    INSERT INTO people (id, name, score, photo, big) VALUES (1, '王芳', 4.5, x'0102', 9007199254740991), (2, 'Li', NULL, NULL, 3);
  `);
  setup.close();
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('file client, against @libsql/client on the same file', () => {
  const statements: Array<InStatement & { sql: string }> = [
    { sql: 'SELECT id, name, score, big FROM people ORDER BY id', args: [] },
    { sql: 'SELECT p.id, q.id, p.name FROM people p JOIN people q ON q.id = p.id WHERE p.id = ?', args: [2] },
    { sql: 'SELECT count(*) AS n, sum(score) FROM people WHERE name <> :name', args: { name: 'x' } },
    { sql: 'SELECT id FROM people WHERE id = $id', args: { $id: 1 } },
  ];
  for (const stmt of statements) {
    it(`answers ${stmt.sql.slice(0, 40)}… the same way (values, names, positions, columns)`, async () => {
      const ours = await fileClient().execute(stmt);
      const theirs = await libraryClient().execute(stmt);
      expect(ours.columns).toEqual(theirs.columns);
      expect(ours.columnTypes).toEqual(theirs.columnTypes);
      expect(ours.rows.length).toBe(theirs.rows.length);
      ours.rows.forEach((row, i) => {
        const other = theirs.rows[i]!;
        expect(Object.keys(row)).toEqual(Object.keys(other));
        expect({ ...row }).toEqual({ ...other });
        expect(row.length).toBe(other.length);
        expect(Array.prototype.slice.call(row)).toEqual(Array.prototype.slice.call(other));
        expect(JSON.stringify(row)).toBe(JSON.stringify(other));
      });
    });
  }

  it('keeps the first of two columns with one name, as the library does', async () => {
    const row = (await fileClient().execute('SELECT 1 AS id, 2 AS id')).rows[0]!;
    expect(row.id).toBe(1);
    expect([row[0], row[1]]).toEqual([1, 2]);
  });

  it('returns blobs as ArrayBuffers and refuses integers past 2^53, as the library does', async () => {
    const c = fileClient();
    const photo = (await c.execute('SELECT photo FROM people WHERE id = 1')).rows[0]!.photo as ArrayBuffer;
    expect(photo).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(photo)]).toEqual([1, 2]);
    await c.execute('UPDATE people SET big = big + 1 WHERE id = 1');
    await expect(c.execute('SELECT big FROM people WHERE id = 1')).rejects.toThrow(RangeError);
    await expect(libraryClient().execute('SELECT big FROM people WHERE id = 1')).rejects.toThrow(RangeError);
  });

  it('reports changes and the inserted rowid of a write; binds booleans, dates and refuses undefined', async () => {
    const c = fileClient();
    const inserted = await c.execute({ sql: 'INSERT INTO people (name, score, big) VALUES (?, ?, ?)', args: ['Chen', true, new Date(5)] });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(3n);
    expect((await c.execute('SELECT score, big FROM people WHERE id = 3')).rows[0]).toMatchObject({ score: 1, big: 5 });
    const updated = await c.execute('UPDATE people SET score = 0');
    expect(updated.rowsAffected).toBe(3);
    await expect(c.execute({ sql: 'SELECT ?', args: [undefined as unknown as null] })).rejects.toThrow(TypeError);
  });

  it('maps SQLite errors to LibsqlError with the same codes as the library', async () => {
    const insert = { sql: "INSERT INTO people (name) VALUES ('Li')", args: [] };
    const ours = await fileClient().execute(insert).catch((e: unknown) => e);
    const theirs = await libraryClient().execute(insert).catch((e: unknown) => e);
    expect(ours).toBeInstanceOf(LibsqlError);
    expect(theirs).toBeInstanceOf(LibsqlError);
    for (const key of ['code', 'extendedCode', 'rawCode', 'message'] as const) expect((ours as LibsqlError)[key]).toBe((theirs as LibsqlError)[key]);
    const syntax = await fileClient().execute('SELEC 1').catch((e: unknown) => e);
    expect((syntax as LibsqlError).code).toBe('SQLITE_ERROR');
  });

  it('answers SQLITE_BUSY after the busy timeout while another connection holds the write lock', async () => {
    const holder = libraryClient();
    const tx = await holder.transaction('write');
    await tx.execute("INSERT INTO people (name) VALUES ('held')");
    const c = fileClient();
    const error = await c.execute("INSERT INTO people (name) VALUES ('waiting')").catch((e: unknown) => e);
    expect((error as LibsqlError).code).toBe('SQLITE_BUSY');
    await tx.rollback();
    await c.execute("INSERT INTO people (name) VALUES ('waiting')");
    expect(Number((await c.execute('SELECT count(*) AS n FROM people')).rows[0]!.n)).toBe(3);
  });
});

describe('file client, prepared statements kept', () => {
  it('sees other connections’ commits through a statement it has kept, and lets a checkpoint finish', async () => {
    const c = fileClient();
    const other = libraryClient();
    const countSql = 'SELECT count(*) AS n FROM people';
    for (let i = 0; i < 3; i++) {
      expect(Number((await c.execute(countSql)).rows[0]!.n)).toBe(2 + i);
      await other.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: [`p${i}`] });
    }
    // no kept statement holds a read snapshot open: a TRUNCATE checkpoint from the other connection completes
    const checkpoint = (await other.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows[0]!;
    expect(Number(checkpoint[0])).toBe(0);
  });

  it('keeps working after the schema changes under a kept statement', async () => {
    const c = fileClient();
    expect((await c.execute('SELECT * FROM people WHERE id = 1')).columns).toEqual(['id', 'name', 'score', 'photo', 'big']);
    await libraryClient().execute('ALTER TABLE people ADD COLUMN city TEXT');
    const after = await c.execute('SELECT name FROM people WHERE id = 1');
    expect(after.rows[0]!.name).toBe('王芳');
  });

  it('evicts old statements past its bound and still answers them', async () => {
    const c = fileClient();
    for (let i = 0; i < 300; i++) expect(Number((await c.execute(`SELECT ${i} AS v`)).rows[0]!.v)).toBe(i);
    expect(Number((await c.execute('SELECT 0 AS v')).rows[0]!.v)).toBe(0);
  });
});

describe('file client, transactions and batches', () => {
  it('commits, rolls back, and refuses the client while a transaction holds the connection', async () => {
    const c = fileClient();
    const tx = await c.transaction('write');
    await tx.execute("INSERT INTO people (name) VALUES ('Tx')");
    await expect(c.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    await tx.rollback();
    expect(tx.closed).toBe(true);
    await expect(tx.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    expect(Number((await c.execute('SELECT count(*) AS n FROM people')).rows[0]!.n)).toBe(2);
    const tx2 = await c.transaction('write');
    await tx2.execute("INSERT INTO people (name) VALUES ('Tx')");
    await tx2.commit();
    expect(Number((await c.execute('SELECT count(*) AS n FROM people')).rows[0]!.n)).toBe(3);
  });

  it('closing an open transaction rolls it back and frees the connection', async () => {
    const c = fileClient();
    const tx = await c.transaction('write');
    await tx.execute("INSERT INTO people (name) VALUES ('Tx')");
    tx.close();
    expect(Number((await c.execute('SELECT count(*) AS n FROM people')).rows[0]!.n)).toBe(2);
  });

  it('runs a batch in one transaction: all or nothing, with the failing index', async () => {
    const c = fileClient();
    const error = await c
      .batch(["INSERT INTO people (name) VALUES ('A')", ["INSERT INTO people (name) VALUES (?)", ['Li']], "INSERT INTO people (name) VALUES ('B')"], 'write')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 1 });
    expect(Number((await c.execute('SELECT count(*) AS n FROM people')).rows[0]!.n)).toBe(2);
    const results = await c.batch(["INSERT INTO people (name) VALUES ('A')", 'SELECT count(*) AS n FROM people'], 'write');
    expect(Number(results[1]!.rows[0]!.n)).toBe(3);
  });

  it('migrates with foreign keys off inside, and on again afterwards', async () => {
    const c = fileClient();
    await c.execute('PRAGMA foreign_keys = ON');
    await c.migrate([{ sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, person_id INTEGER REFERENCES people(id))', args: [] }, { sql: 'INSERT INTO notes (person_id) VALUES (99)', args: [] }]);
    expect(Number((await c.execute('PRAGMA foreign_keys')).rows[0]![0])).toBe(1);
    await expect(c.execute('INSERT INTO notes (person_id) VALUES (98)')).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
  });

  it('a closed client refuses work; reconnect opens it again', async () => {
    const c = fileClient();
    c.close();
    await expect(c.execute('SELECT 1')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await c.reconnect();
    expect(Number((await c.execute('SELECT count(*) AS n FROM people')).rows[0]!.n)).toBe(2);
  });
});
