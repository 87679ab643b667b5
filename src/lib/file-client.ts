import type { Client, InArgs, InStatement, InValue, Replicated, ResultSet, Row, Transaction, TransactionMode } from '@libsql/client';
import { LibsqlBatchError, LibsqlError } from '@libsql/core/api';
import { expandConfig } from '@libsql/core/config';
import { ResultSetImpl, transactionModeToBegin } from '@libsql/core/util';
import Database from 'libsql';

/**
 * The client for an embedded (file) database: @libsql/client's own file client, minus its per-statement costs.
 *
 * That client prepares every statement anew on each call, asks the native side for the columns twice and builds
 * each row with one `Object.defineProperty` per value; on our pages that was about a third of the time spent on
 * the database (measured with bench/pages.ts). This one talks to the same native driver (`libsql`), keeps the
 * prepared statements of one connection (SQLite re-prepares them itself after a schema change) and builds rows
 * from a class per column list. It behaves as that client does for everything we use: rows readable by name and
 * by index (names enumerable, indices not), integers as numbers (a RangeError past 2^53), the same LibsqlError
 * codes, batches and migrations in one transaction, and one connection that a transaction holds until it ends.
 *
 * It has exactly one connection: every use goes through serializeClient's queue, so there is never a second
 * caller to serve (see src/db.ts). Used only for file URLs; a libsql server keeps @libsql/client.
 */
/**
 * The statements kept, oldest dropped first: the pages' own statements (an IN list of each length is one more) fit;
 * each kept statement costs tens of KB of native memory (keeping 500 added ~25 MB of RSS under the benchmark).
 */
const STATEMENT_CACHE_SIZE = 200;
const VALUES = Symbol('values');

type RawValue = null | number | bigint | string | Buffer;
interface Prepared {
  stmt: Database.Statement;
  returnsData: boolean;
  columns: string[];
  columnTypes: string[];
  makeRow: (values: RawValue[]) => Row;
}

/** A Client that can also tell whether its one connection is inside a transaction. */
export type FileClient = Client & { inTransaction(): boolean };

export function createFileClient(opts: { url: string; timeoutMs: number }): FileClient {
  const config = expandConfig({ url: opts.url }, true);
  if (config.scheme !== 'file') throw new LibsqlError(`createFileClient needs a file: URL, not ${config.scheme}:`, 'URL_SCHEME_NOT_SUPPORTED');
  const path = config.path === ':memory:' || config.path.startsWith(':memory:?') ? `file:${config.path}` : config.path;
  const open = () => new Database(path, { timeout: opts.timeoutMs });
  let db = open();
  let cache = new Map<string, Prepared>();
  let closed = false;
  let inTransactionObject = false;

  const prepare = (sql: string): Prepared => {
    const hit = cache.get(sql);
    if (hit) return hit;
    const stmt = db.prepare(sql);
    stmt.safeIntegers(true);
    let returnsData = true;
    try {
      stmt.raw(true);
    } catch {
      // raw() throws for a statement that returns no rows
      returnsData = false;
    }
    const described = returnsData ? stmt.columns() : [];
    const columns = described.map((c) => c.name);
    const prepared: Prepared = { stmt, returnsData, columns, columnTypes: described.map((c) => c.type ?? ''), makeRow: rowClass(columns) };
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(sql, prepared);
    return prepared;
  };

  const run = (statement: InStatement): ResultSet => {
    const { sql, args } = typeof statement === 'string' ? { sql: statement, args: undefined } : statement;
    try {
      const p = prepare(sql);
      const bound = bindArgs(args);
      if (p.returnsData) {
        const raw = (bound === undefined ? p.stmt.all() : p.stmt.all(bound)) as RawValue[][];
        const rows = new Array<Row>(raw.length);
        for (let i = 0; i < raw.length; i++) rows[i] = p.makeRow(raw[i]!);
        return new ResultSetImpl(p.columns, p.columnTypes, rows, 0, undefined);
      }
      const info = bound === undefined ? p.stmt.run() : p.stmt.run(bound);
      return new ResultSetImpl([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw mapSqliteError(error);
    }
  };

  const runAll = (statements: Array<InStatement | [string, InArgs?]>): ResultSet[] =>
    statements.map((s, i) => {
      try {
        if (!db.inTransaction) throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED');
        return run(Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s);
      } catch (e) {
        if (e instanceof LibsqlBatchError || !(e instanceof LibsqlError)) throw e;
        throw new LibsqlBatchError(e.message, i, e.code, e.extendedCode, e.rawCode, e.cause instanceof Error ? e.cause : undefined);
      }
    });

  const rollbackIfOpen = () => {
    if (db.open && db.inTransaction) db.prepare('ROLLBACK').run();
  };

  const usable = () => {
    if (closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    if (inTransactionObject) {
      throw new LibsqlError('This client has a single connection, which an open transaction is holding. Commit or roll back the transaction before using the client again.', 'TRANSACTION_ACTIVE');
    }
  };

  const client = {
    async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
      usable();
      return run(typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql);
    },
    async batch(statements: Array<InStatement | [string, InArgs?]>, mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
      usable();
      try {
        run(transactionModeToBegin(mode));
        const results = runAll(statements);
        run('COMMIT');
        return results;
      } finally {
        rollbackIfOpen();
      }
    },
    async migrate(statements: InStatement[]): Promise<ResultSet[]> {
      usable();
      try {
        run('PRAGMA foreign_keys=off');
        run(transactionModeToBegin('deferred'));
        const results = runAll(statements);
        run('COMMIT');
        return results;
      } finally {
        rollbackIfOpen();
        run('PRAGMA foreign_keys=on');
      }
    },
    async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
      usable();
      run(transactionModeToBegin(mode));
      inTransactionObject = true;
      let settled = false;
      const connection = db;
      const settle = () => {
        settled = true;
        if (connection === db) inTransactionObject = false;
      };
      const check = () => {
        if (settled || !connection.open) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
      };
      const tx: Transaction = {
        async execute(stmt: InStatement) {
          check();
          return run(stmt);
        },
        async batch(statements: InStatement[]) {
          check();
          return runAll(statements);
        },
        async executeMultiple(sql: string) {
          check();
          execMany(sql);
        },
        async rollback() {
          if (settled) return;
          try {
            if (connection.open) run('ROLLBACK');
          } finally {
            settle();
          }
        },
        async commit() {
          check();
          try {
            run('COMMIT');
          } finally {
            // a failed COMMIT leaves the transaction open; nothing may inherit it
            if (connection.open && connection.inTransaction) run('ROLLBACK');
            settle();
          }
        },
        close() {
          if (settled) return;
          try {
            if (connection.open && connection.inTransaction) run('ROLLBACK');
          } finally {
            settle();
          }
        },
        get closed() {
          return settled || !connection.open || !connection.inTransaction;
        },
      };
      return tx;
    },
    async executeMultiple(sql: string): Promise<void> {
      usable();
      try {
        execMany(sql);
      } finally {
        rollbackIfOpen();
      }
    },
    async sync(): Promise<Replicated> {
      throw new LibsqlError('sync() is only for embedded replicas', 'SYNC_NOT_SUPPORTED');
    },
    close() {
      closed = true;
      inTransactionObject = false;
      cache = new Map();
      if (db.open) db.close();
    },
    async reconnect() {
      if (db.open) db.close();
      cache = new Map();
      db = open();
      closed = false;
      inTransactionObject = false;
    },
    get closed() {
      return closed;
    },
    protocol: 'file' as const,
    /** Whether the connection is inside a transaction (see serializeClient's group commit). */
    inTransaction(): boolean {
      return db.open && db.inTransaction;
    },
  };

  function execMany(sql: string) {
    try {
      db.exec(sql);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  return client as unknown as FileClient;
}

/** A row type per column list: named values as own enumerable properties, positions through the prototype. */
function rowClass(columns: string[]): (values: RawValue[]) => Row {
  const names: Array<[string, number]> = [];
  columns.forEach((name, i) => {
    // the first column of a name wins, as in @libsql/client
    if (!names.some(([n]) => n === name)) names.push([name, i]);
  });
  const proto = Object.create(null) as Record<string | symbol, unknown>;
  Object.defineProperty(proto, 'length', { value: columns.length });
  columns.forEach((_, i) => {
    Object.defineProperty(proto, i, {
      get(this: { [VALUES]: unknown[] }) {
        return this[VALUES][i];
      },
    });
  });
  return (raw) => {
    const values = raw.map(valueFromSql);
    const row = Object.create(proto) as Record<string | symbol, unknown>;
    Object.defineProperty(row, VALUES, { value: values });
    for (const [name, i] of names) row[name] = values[i];
    return row as unknown as Row;
  };
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function valueFromSql(value: RawValue): unknown {
  if (typeof value === 'bigint') {
    if (value < MIN_SAFE || value > MAX_SAFE) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Buffer) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

function valueToSql(value: InValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function bindArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> | undefined {
  if (args === undefined) return undefined;
  if (Array.isArray(args)) return args.length === 0 ? undefined : args.map(valueToSql);
  const named: Record<string, unknown> = {};
  for (const key of Object.keys(args)) named[/^[@$:]/.test(key) ? key.slice(1) : key] = valueToSql(args[key]!);
  return named;
}

function mapSqliteError(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    const raw = (error as { rawCode?: number }).rawCode;
    const base = raw === undefined ? 'SQLITE_UNKNOWN' : (SQLITE_CODES[raw & 0xff] ?? `SQLITE_UNKNOWN_${raw & 0xff}`);
    return new LibsqlError(error.message, base, error.code, raw, error);
  }
  return error;
}

const SQLITE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED', 7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT', 12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY', 17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE', 22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB', 27: 'SQLITE_NOTICE', 28: 'SQLITE_WARNING',
};
