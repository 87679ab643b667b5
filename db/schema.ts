/**
 * Database schema. Times are UTC instants in integer milliseconds; display goes through src/lib/time.ts.
 * Capacity is never stored as a counter: places taken are derived from rows.
 */
export * from './schema/core';
export * from './schema/clubs';
export * from './schema/events';
export * from './schema/lounges';
export * from './schema/feedback';
export * from './schema/imports';
