import type { Client, InArgs, InStatement, Transaction, TransactionMode } from '@libsql/client';
import { createTurns } from './serialized-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isSqliteBusy = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_BUSY');

/**
 * Runs `attempt` again while the server answers SQLITE_BUSY (sqld does so now and then under write load, even
 * to a plain autocommit write), with a short growing pause, until the pauses add up to `budgetMs`: the client-side
 * stand-in for the busy timeout a server connection cannot be given from here. A busy answer means the statement
 * (or batch, or BEGIN) did nothing, so trying again is safe.
 */
async function retryWhileBusy<T>(budgetMs: number, attempt: () => Promise<T>, onBusy?: () => Promise<void>): Promise<T> {
  let waited = 0;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isSqliteBusy(error) || waited >= budgetMs) throw error;
      await onBusy?.();
      const pause = Math.min(10 * 2 ** n, 250) * (0.5 + Math.random() / 2);
      waited += pause;
      await sleep(pause);
    }
  }
}

/**
 * The client for a libsql server. Transactions and batches take a turn from a queue of `concurrency` places (a
 * transaction keeps its place until it commits, rolls back or is closed; a caller that waits longer than
 * `waitTimeoutMs` gets DatabaseBusyError — answered 503, nothing written). Statements and batches answered
 * SQLITE_BUSY are tried again, and so is a transaction's first statement (it carries the BEGIN) in a new
 * transaction; a later statement of a transaction is not (what came before it would be lost), nor a commit.
 */
export function remoteClient(inner: Client, opts: { concurrency: number; waitTimeoutMs: number; busyRetryMs: number }): Client {
  const retry = <T>(attempt: () => Promise<T>, onBusy?: () => Promise<void>) => retryWhileBusy(opts.busyRetryMs, attempt, onBusy);
  const turn = createTurns({ places: opts.concurrency, waitTimeoutMs: opts.waitTimeoutMs, busyMessage: `no transaction place for ${opts.waitTimeoutMs} ms` });
  const transaction = async (mode: TransactionMode | undefined, release: () => void): Promise<Transaction> => {
    let tx = await inner.transaction(mode);
    let begun = false;
    const run = <T>(op: (t: Transaction) => Promise<T>): Promise<T> => {
      if (begun) return op(tx);
      begun = true;
      return retry(
        () => op(tx),
        async () => {
          tx.close();
          tx = await inner.transaction(mode);
        },
      );
    };
    return {
      execute: (stmt: InStatement) => run((t) => t.execute(stmt)),
      batch: (stmts: InStatement[]) => run((t) => t.batch(stmts)),
      executeMultiple: (sql: string) => run((t) => t.executeMultiple(sql)),
      commit: () => tx.commit().finally(release),
      rollback: () => tx.rollback().finally(release),
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
    };
  };
  return {
    execute: (stmtOrSql: InStatement | string, args?: InArgs) => retry(() => (typeof stmtOrSql === 'string' ? inner.execute(stmtOrSql, args) : inner.execute(stmtOrSql))),
    batch: (stmts: Array<InStatement | [string, InArgs?]>, mode?: TransactionMode) => turn(() => retry(() => inner.batch(stmts, mode))),
    migrate: (stmts: InStatement[]) => turn(() => inner.migrate(stmts)),
    transaction: (mode?: TransactionMode) => turn((release) => transaction(mode, release), true),
    // not retried: a script's first statements may have run before a later one was refused
    executeMultiple: (sql: string) => inner.executeMultiple(sql),
    sync: () => inner.sync(),
    close: () => inner.close(),
    reconnect: () => inner.reconnect(),
    get closed() {
      return inner.closed;
    },
    get protocol() {
      return inner.protocol;
    },
  } as Client;
}
