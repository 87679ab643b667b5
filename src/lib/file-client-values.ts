import type { InArgs, InValue, Row } from '@libsql/client';
import { LibsqlError } from '@libsql/core/api';
import Database from 'libsql';

/**
 * Values between the native driver and the Client interface, for src/lib/file-client.ts, as @libsql/client's own file
 * client converts them: integers as numbers (a RangeError past 2^53), blobs as ArrayBuffers, booleans and dates
 * bound as numbers, and SQLite errors as LibsqlError with the same codes.
 */
export type RawValue = null | number | bigint | string | Buffer;

const VALUES = Symbol('values');

/** A row type per column list: named values as own enumerable properties, positions through the prototype. */
export function rowClass(columns: string[]): (values: RawValue[]) => Row {
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

export function bindArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> | undefined {
  if (args === undefined) return undefined;
  if (Array.isArray(args)) return args.length === 0 ? undefined : args.map(valueToSql);
  const named: Record<string, unknown> = {};
  for (const key of Object.keys(args)) named[/^[@$:]/.test(key) ? key.slice(1) : key] = valueToSql(args[key]!);
  return named;
}

export function mapSqliteError(error: unknown): unknown {
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
