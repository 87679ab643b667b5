import { DateTime } from 'luxon';
import type { Locale } from './i18n';

/**
 * The one time-zone module: converting instants (UTC ms) to wall-clock parts in the programme's zone
 * and back, and formatting them for people. Nothing else in the code base touches zones.
 */

const intlLocale: Record<Locale, string> = { zh: 'zh-CN', en: 'en-GB' };

export interface ZonedParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 1 = Monday … 7 = Sunday
}

function inZone(ms: number, zone: string): DateTime {
  return DateTime.fromMillis(ms, { zone });
}

/**
 * The zone's UTC offset in minutes at an instant, remembered per quarter hour of UTC time: asking Intl for an offset
 * (what luxon does) is the costliest step of rendering a list of dates, and modern zones change offset only at
 * quarter-hour instants (their offsets are multiples of 15 minutes, their transitions at local :00 or :30).
 */
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();
function offsetMinutes(ms: number, zone: string): number {
  const key = `${zone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = inZone(ms, zone).offset;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

export function zonedParts(ms: number, zone: string): ZonedParts {
  const local = new Date(ms + offsetMinutes(ms, zone) * 60_000);
  const weekday = local.getUTCDay();
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes(), weekday: weekday === 0 ? 7 : weekday };
}

/**
 * A Date whose UTC fields read the wall clock of `zone` at the instant — for formats without time zones, such as a
 * spreadsheet's date cells, which should show the time as people in the zone saw it.
 */
export function wallClockDate(ms: number, zone: string): Date {
  return new Date(ms + offsetMinutes(ms, zone) * 60_000);
}

/** "2026-12-10T19:30:00+08:00" ("…Z" in UTC, as luxon writes it): the instant as local time in `zone` with its offset (seconds kept, milliseconds only when not zero). */
function isoInZone(ms: number, zone: string): string {
  const offset = offsetMinutes(ms, zone);
  // milliseconds only when there are some, as luxon's suppressMilliseconds writes them
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, ms % 1000 === 0 ? 19 : 23);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The instant at which the wall clock in `zone` shows the given date and time. */
export function zonedToInstant(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number },
  zone: string,
): number {
  const d = DateTime.fromObject(
    { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour ?? 0, minute: parts.minute ?? 0 },
    { zone },
  );
  if (!d.isValid) throw new RangeError(`Invalid wall-clock time: ${JSON.stringify(parts)} in ${zone}`);
  return d.toMillis();
}

/** Midnight at the start of the day containing `ms`, in `zone`. */
export function startOfZonedDay(ms: number, zone: string): number {
  // wall-clock midnight of the local date, mapped back with the offset in force then; luxon settles the rare day
  // whose midnight falls in a clock change
  const DAY_MS = 86_400_000;
  const offset = offsetMinutes(ms, zone) * 60_000;
  const localMidnight = Math.floor((ms + offset) / DAY_MS) * DAY_MS;
  const guess = localMidnight - offset;
  const offsetThen = offsetMinutes(guess, zone) * 60_000;
  if (offsetThen === offset) return guess;
  return inZone(ms, zone).startOf('day').toMillis();
}

/** Midnight at the start of the calendar year containing `ms`, in `zone`. */
export function startOfZonedYear(ms: number, zone: string): number {
  return inZone(ms, zone).startOf('year').toMillis();
}

/** The same wall-clock time `days` calendar days later (days may be negative). */
export function addZonedDays(ms: number, days: number, zone: string): number {
  return inZone(ms, zone).plus({ days }).toMillis();
}

/**
 * Parses the value of an `<input type="datetime-local">` as wall-clock time in `zone`; null for a time that does
 * not exist: "24:00" (luxon would read it as the next midnight), 30 February, a minute skipped by a clock change.
 */
export function parseLocalDateTime(value: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = DateTime.fromISO(value, { zone });
  if (!d.isValid || d.toFormat("yyyy-MM-dd'T'HH:mm") !== value) return null;
  return d.toMillis();
}

/** The value for an `<input type="datetime-local">` showing `ms` in `zone`. */
export function toLocalDateTimeValue(ms: number, zone: string): string {
  return inZone(ms, zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** "06:30" for 390 minutes after midnight; a closing time of 1440 reads "24:00", not "00:00". */
export function minutesToClock(minutes: number, opts: { closing?: boolean } = {}): string {
  if (opts.closing && minutes === 1440) return '24:00';
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export interface TimeFormat {
  zone: string;
  /** 2026年12月10日 周四 19:30 / Thu 10 Dec 2026, 19:30 */
  dateTime(ms: number): string;
  /** 2026年12月10日 周四 / Thu 10 Dec 2026 */
  date(ms: number): string;
  /** 12月10日 周四 / Thu 10 Dec — for tight spaces such as chart labels */
  shortDate(ms: number): string;
  /** 19:30 */
  time(ms: number): string;
  /** a start and end, with the date shown once when both fall on the same day */
  range(startMs: number, endMs: number): string;
  /** "2026-12-10T19:30+08:00" for <time datetime> */
  iso(ms: number): string;
}

const formats = new Map<string, TimeFormat>();

/** Formatters for a language and zone; built once per pair (Intl formatters are costly to create). */
export function createTimeFormat(locale: Locale, zone: string): TimeFormat {
  const key = `${locale}|${zone}`;
  let format = formats.get(key);
  if (!format) {
    format = buildTimeFormat(locale, zone);
    formats.set(key, format);
  }
  return format;
}

function buildTimeFormat(locale: Locale, zone: string): TimeFormat {
  const loc = intlLocale[locale];
  const dateOpts: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' };
  const timeOpts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const dateFmt = new Intl.DateTimeFormat(loc, { ...dateOpts, timeZone: zone });
  const timeFmt = new Intl.DateTimeFormat(loc, { ...timeOpts, timeZone: zone });
  const shortFmt = new Intl.DateTimeFormat(loc, { month: 'short', day: 'numeric', weekday: 'short', timeZone: zone });
  const date = (ms: number) => dateFmt.format(ms);
  const time = (ms: number) => timeFmt.format(ms);
  const sep = locale === 'zh' ? ' ' : ', ';
  return {
    zone,
    date,
    shortDate: (ms) => shortFmt.format(ms),
    time,
    dateTime: (ms) => `${date(ms)}${sep}${time(ms)}`,
    range(startMs, endMs) {
      // the same local date reads the same
      if (date(startMs) === date(endMs)) {
        return `${date(startMs)}${sep}${time(startMs)}–${time(endMs)}`;
      }
      return `${date(startMs)}${sep}${time(startMs)} – ${date(endMs)}${sep}${time(endMs)}`;
    },
    iso: (ms) => isoInZone(ms, zone),
  };
}

/** The instants bounding a calendar month ("2026-12") in `zone`: [start, end). Null if the text is not a month. */
export function monthRange(month: string, zone: string): { start: number; end: number } | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
  const start = DateTime.fromISO(`${month}-01T00:00`, { zone });
  if (!start.isValid) return null;
  return { start: start.toMillis(), end: start.plus({ months: 1 }).toMillis() };
}

/** The month of `ms` in `zone` and the `count - 1` after it, as "2026-12", "2027-01", … */
export function monthsFrom(ms: number, count: number, zone: string): string[] {
  const { year, month } = zonedParts(ms, zone);
  return Array.from({ length: count }, (_, i) => {
    const m = month - 1 + i;
    return `${year + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/** "2026-12" for an instant, in `zone`. */
export function monthKey(ms: number, zone: string): string {
  return inZone(ms, zone).toFormat('yyyy-MM');
}

/** The instant `minutes` after the start of the zoned day that begins at `dayStart` (1440 = the next midnight). */
export function atMinuteOfDay(dayStart: number, minutes: number, zone: string): number {
  return inZone(dayStart, zone).plus({ minutes }).toMillis();
}

/** "2026-12-10" for an instant, in `zone` (the value of an <input type="date">). */
export function toLocalDateValue(ms: number, zone: string): string {
  return inZone(ms, zone).toFormat('yyyy-MM-dd');
}

/** The start of the zoned day named by "2026-12-10", or null. */
export function parseLocalDate(value: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = DateTime.fromISO(value, { zone });
  return d.isValid ? d.startOf('day').toMillis() : null;
}
