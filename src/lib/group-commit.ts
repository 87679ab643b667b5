import { LibsqlBatchError, LibsqlError } from '@libsql/core/api';
import type { InStatement, ResultSet, Transaction } from '@libsql/client';
import type { FileClient } from './file-client';
import type { TakeTurn } from './serialized-client';

/**
 * Group commit for the embedded file: write transactions that are queued together share one SQLite transaction, and
 * so one fsync.
 *
 * With synchronous=FULL every COMMIT waits for the disk (1.2 ms on the benchmark machine), and the driver is
 * synchronous, so the whole process waits with it: one process could commit at most ~800 transactions a second
 * before doing anything else. Here each write transaction runs inside a SAVEPOINT of one outer transaction
 * (BEGIN IMMEDIATE … COMMIT). When it commits, its savepoint is released and its caller waits; a "flush" is queued
 * behind everything already waiting, and every write transaction that gets its turn before the flush joins the
 * group. The flush COMMITs once and only then are all the group's callers answered. So:
 *
 * - nothing is acknowledged before it is on disk: a crash before the COMMIT loses only transactions whose callers
 *   are still waiting (they never got an answer), and a failed COMMIT fails every one of them;
 * - a transaction that rolls back (or fails) undoes only its own savepoint; the others are unaffected;
 * - transactions still run one at a time, in queue order, each seeing everything before it — capacity checks
 *   inside them are exactly as before;
 * - a plain SELECT queued between them runs inside the open group and can see a grouped write that is not yet on
 *   disk (it will be, unless the disk fails); anything else (a write outside a transaction, a batch, a read-only
 *   transaction, a migration) commits the group first and then runs on its own.
 */
export const GROUP_MAX = 64;

interface Group {
  acks: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  savepoints: number;
}

export function createGroupCommit(inner: FileClient, turn: TakeTurn) {
  let group: Group | null = null;

  const fail = (g: Group, error: unknown) => {
    if (group === g) group = null;
    for (const ack of g.acks.splice(0)) ack.reject(error);
  };

  /** Commits the open group (with the turn held) and answers its callers. */
  async function commit(): Promise<void> {
    const g = group;
    if (!g) return;
    group = null;
    try {
      await inner.execute('COMMIT');
    } catch (error) {
      if (inner.inTransaction()) await inner.execute('ROLLBACK').catch(() => undefined);
      fail(g, error);
      return;
    }
    for (const ack of g.acks.splice(0)) ack.resolve();
  }

  /** A flush behind everything queued now; if the queue gives up on it, another one. */
  const flushLater = (g: Group) => {
    void turn(async () => {
      if (group === g) await commit();
    }).catch(() => {
      if (group === g) flushLater(g);
    });
  };

  /** With the turn held: a write transaction joins the open group, or opens one. */
  async function begin(release: () => void): Promise<Transaction> {
    // a group whose transaction SQLite ended under a failed statement is lost: its callers are told, a new one opens
    if (group && !inner.inTransaction()) fail(group, new LibsqlError('The group transaction was rolled back', 'TRANSACTION_CLOSED'));
    if (!group) {
      await inner.execute('BEGIN IMMEDIATE');
      group = { acks: [], savepoints: 0 };
    }
    const g = group;
    const name = `group_tx_${++g.savepoints}`;
    try {
      await inner.execute(`SAVEPOINT ${name}`);
    } catch (error) {
      if (!inner.inTransaction()) fail(g, error);
      throw error;
    }
    let settled = false;
    const usable = () => {
      if (settled) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    };
    /** After a failure: if SQLite rolled the whole transaction back, the group is lost and its callers are told. */
    const checkGroup = (error: unknown) => {
      if (group === g && !inner.inTransaction()) fail(g, error);
    };
    const run = async (stmt: InStatement): Promise<ResultSet> => {
      usable();
      try {
        return await inner.execute(stmt);
      } catch (error) {
        checkGroup(error);
        throw error;
      }
    };
    const undo = async () => {
      if (settled) return;
      settled = true;
      try {
        if (group === g) {
          await inner.execute(`ROLLBACK TO ${name}`);
          await inner.execute(`RELEASE ${name}`);
          // a group that holds nothing else is closed now rather than left open
          if (g.acks.length === 0) await commit();
        }
      } catch (error) {
        checkGroup(error);
      } finally {
        release();
      }
    };
    return {
      execute: run,
      async batch(statements: InStatement[]) {
        const results: ResultSet[] = [];
        for (const [i, stmt] of statements.entries()) {
          try {
            results.push(await run(stmt));
          } catch (e) {
            if (e instanceof LibsqlError && !(e instanceof LibsqlBatchError)) throw new LibsqlBatchError(e.message, i, e.code, e.extendedCode, e.rawCode, e);
            throw e;
          }
        }
        return results;
      },
      async executeMultiple() {
        throw new LibsqlError('executeMultiple is not available inside a grouped transaction', 'NOT_SUPPORTED');
      },
      async commit() {
        usable();
        settled = true;
        let acked: Promise<void>;
        try {
          if (group !== g) throw new LibsqlError('The transaction was rolled back with its group', 'TRANSACTION_CLOSED');
          await inner.execute(`RELEASE ${name}`);
          acked = new Promise<void>((resolve, reject) => g.acks.push({ resolve, reject }));
          acked.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
          if (g.acks.length >= GROUP_MAX) await commit();
          else flushLater(g);
        } catch (error) {
          checkGroup(error);
          release();
          throw error;
        }
        release();
        await acked;
      },
      rollback: undo,
      close() {
        void undo();
      },
      get closed() {
        return settled;
      },
    } as Transaction;
  }

  return {
    begin,
    commit,
    get open() {
      return group !== null;
    },
    /** The client is closing: whoever still waits for the group is told it was not committed. */
    abandon() {
      if (group) fail(group, new LibsqlError('The database was closed before the transaction was committed', 'CLIENT_CLOSED'));
    },
  };
}
