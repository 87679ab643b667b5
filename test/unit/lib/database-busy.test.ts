import { describe, expect, it } from 'vitest';
import { DatabaseBusyError, isDatabaseBusy } from '../../../src/lib/serialized-client';

describe('isDatabaseBusy', () => {
  it('recognises our queue timing out and SQLite busy errors, wrapped or not', () => {
    expect(isDatabaseBusy(new DatabaseBusyError('waited 5000 ms'))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    const wrapped = new Error('Failed query: insert …', { cause: Object.assign(new Error('locked'), { code: 'SQLITE_BUSY_SNAPSHOT' }) });
    expect(isDatabaseBusy(wrapped)).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isDatabaseBusy(new Error('boom'))).toBe(false);
    expect(isDatabaseBusy(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBe(false);
    expect(isDatabaseBusy(undefined)).toBe(false);
    expect(isDatabaseBusy('SQLITE_BUSY')).toBe(false);
  });
});
