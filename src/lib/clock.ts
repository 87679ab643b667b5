/**
 * The one clock. Everything that needs "now" receives a Clock; nothing else calls Date.now().
 * Instants are milliseconds since the Unix epoch (UTC).
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
};

export interface FixedClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock that only moves when told to: for tests and reproducible jobs. */
export function fixedClock(start: number | string): FixedClock {
  let current = typeof start === 'number' ? start : new Date(start).getTime();
  if (!Number.isFinite(current)) throw new Error(`fixedClock: invalid start ${String(start)}`);
  return {
    now: () => current,
    set(ms) {
      current = ms;
    },
    advance(ms) {
      current += ms;
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
