import type { Client, InArgs, InStatement, Replicated, ResultSet, Row, Transaction, TransactionMode } from '@libsql/client';
import { LibsqlBatchError, LibsqlError } from '@libsql/core/api';
import { expandConfig } from '@libsql/core/config';
import { ResultSetImpl, transactionModeToBegin } from '@libsql/core/util';
import Database from 'libsql';
import { bindArgs, mapSqliteError, rowClass, type RawValue } from './file-client-values';

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
