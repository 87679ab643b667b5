import type { Client, InArgs, InStatement, Replicated, ResultSet, Transaction, TransactionMode } from '@libsql/client';
import pLimit from 'p-limit';
import type { FileClient } from './file-client';
import { createGroupCommit } from './group-commit';

/**
 * Puts every use of an embedded (file) database in one process through a single FIFO queue.
 *
 * The local libsql driver is synchronous. With several connections, a second writer in the same
 * process would sit in SQLite's busy handler — blocking the event loop — while the transaction holding
 * the write lock needs that very event loop to finish: a stall until the busy timeout, then SQLITE_BUSY.
 * With one connection, libsql refuses a second transaction outright (TRANSACTION_ACTIVE). Queuing here
 * instead makes in-process writers wait their turn in JavaScript; a transaction keeps the queue until it
 * commits, rolls back or closes. Nothing is lost in throughput: the driver runs one statement at a time anyway.
 * Other processes are kept apart by SQLite's own locking and busy timeout. With our file client, write transactions
 * queued together also share one COMMIT (src/lib/group-commit.ts); each is still answered only once it is on disk.
 */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
}

/** Runs work in turns: `fn` may hold its place (holdUntilReleased) until it calls `release`, as a transaction does. */
export type TakeTurn = <T>(fn: (release: () => void) => Promise<T>, holdUntilReleased?: boolean) => Promise<T>;

/**
 * A FIFO queue of `places` turns. A caller that waits longer than `waitTimeoutMs` gets DatabaseBusyError instead
 * of hanging (for the embedded file, a stuck queue is a bug, e.g. a query on the outer client inside a
 * transaction), and its turn is skipped when it finally arrives.
 */
export function createTurns(opts: { places: number; waitTimeoutMs: number; busyMessage: string }): TakeTurn {
  const queue = pLimit(opts.places);
  return function turn<T>(fn: (release: () => void) => Promise<T>, holdUntilReleased = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let state: 'waiting' | 'running' | 'abandoned' = 'waiting';
      const timer = setTimeout(() => {
        if (state !== 'waiting') return;
        state = 'abandoned';
        reject(new DatabaseBusyError(opts.busyMessage));
      }, opts.waitTimeoutMs);
      void queue(
        () =>
          new Promise<void>((done) => {
            clearTimeout(timer);
            if (state === 'abandoned') return done();
            state = 'running';
            let released = false;
            const release = () => {
              if (released) return;
              released = true;
              done();
            };
            new Promise<T>((run) => run(fn(release))).then(
              (value) => {
                if (!holdUntilReleased) release();
                resolve(value);
              },
              (error: unknown) => {
                release();
                reject(error);
              },
            );
          }),
      );
    });
  };
}

export function serializeClient(inner: Client, opts: { waitTimeoutMs: number }): Client {
  const turn = createTurns({ places: 1, waitTimeoutMs: opts.waitTimeoutMs, busyMessage: `database queue did not move for ${opts.waitTimeoutMs} ms` });

  const wrapTransaction = (tx: Transaction, release: () => void): Transaction => ({
    execute: (stmt: InStatement) => tx.execute(stmt),
    batch: (stmts: InStatement[]) => tx.batch(stmts),
    executeMultiple: (sql: string) => tx.executeMultiple(sql),
    async commit() {
      try {
        await tx.commit();
      } finally {
        release();
      }
    },
    async rollback() {
      try {
        await tx.rollback();
      } finally {
        release();
      }
    },
    close() {
      try {
        tx.close();
      } finally {
        release();
      }
    },
    get closed() {
      return tx.closed;
    },
  });

  // group commit (src/lib/group-commit.ts) for our file client; anything else runs its transactions one by one
  const groups = 'inTransaction' in inner ? createGroupCommit(inner as FileClient, turn) : null;
  /** With the turn held, before anything that must not run inside an open group: commit the group. */
  const settleGroup = async () => {
    if (groups?.open) await groups.commit();
  };
  const isPlainRead = (stmt: InStatement | string) => /^\s*select\b/i.test(typeof stmt === 'string' ? stmt : stmt.sql);

  const client: Client = {
    execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
      return turn(async () => {
        if (!isPlainRead(stmtOrSql)) await settleGroup();
        return typeof stmtOrSql === 'string' ? inner.execute(stmtOrSql, args) : inner.execute(stmtOrSql);
      });
    },
    batch(stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) {
      return turn(async () => {
        await settleGroup();
        return inner.batch(stmts, mode);
      });
    },
    migrate(stmts: InStatement[]) {
      return turn(async () => {
        await settleGroup();
        return inner.migrate(stmts);
      });
    },
    transaction(mode: TransactionMode = 'write') {
      return turn(async (release) => {
        if (groups && mode !== 'read') return groups.begin(release);
        await settleGroup();
        return wrapTransaction(await inner.transaction(mode), release);
      }, true);
    },
    executeMultiple(sql: string) {
      return turn(async () => {
        await settleGroup();
        return inner.executeMultiple(sql);
      });
    },
    sync(): Promise<Replicated> {
      return turn(() => inner.sync());
    },
    close() {
      groups?.abandon();
      inner.close();
    },
    reconnect() {
      groups?.abandon();
      inner.reconnect();
    },
    get closed() {
      return inner.closed;
    },
    get protocol() {
      return inner.protocol;
    },
  } as Client;
  return client;
}

/**
 * True for "the database is busy": our own queue's wait ran out, or SQLite's busy timeout did while another
 * process held the write lock (a LibsqlError with code SQLITE_BUSY, possibly wrapped by Drizzle as its cause).
 */
export function isDatabaseBusy(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseBusyError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
  }
  return false;
}
