import { COMPANIONS, VISITS, type LoungeFacts, type Member } from './seed-large-people';
import { CodeMaker, int, type Rng, type Row } from './seed-large-util';

/**
 * Lounge bookings over last year, this year and the next 30 days, and the entitlement ledger that goes with them.
 * Statuses follow time (past: checked out / no-show / cancelled; the slot under way: checked in or booked;
 * future: booked / cancelled); visits never exceed a member's allowance for the year; pre-booked people in a slot
 * never exceed the lounge's pre-book share; each booking has its reserve line and the line that settled it.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

export const BOOKING_COLUMNS = ['id', 'code', 'lounge_id', 'user_id', 'slot_start', 'slot_end', 'year', 'companions', 'companions_arrived', 'flight_no', 'status', 'walk_in', 'created_at', 'checked_in_at', 'checked_in_by', 'checked_out_at', 'checked_out_by', 'cancelled_at', 'no_show_at', 'reminded_at'];
export const LEDGER_COLUMNS = ['id', 'user_id', 'year', 'at', 'type', 'allowance_delta', 'reserved_delta', 'used_delta', 'booking_id', 'actor_id', 'params'];

export interface BookingFacts {
  id: number;
  loungeId: number;
  userId: number;
  checkedOutAt: number | null;
}

export interface DayInfo {
  /** UTC instant of the zoned midnight */
  start: number;
  year: number;
}

export function makeBookings(
  rng: Rng,
  codes: CodeMaker,
  lounges: LoungeFacts[],
  members: Member[],
  days: DayInfo[],
  opts: { firstId: number; firstLedgerId: number; total: number; now: number; adminId: number; yearStart: (year: number) => number; tiers: Record<string, { nameZh: string; nameEn: string }> },
): { bookings: Row[]; ledger: Row[]; facts: BookingFacts[] } {
  const bookings: Row[] = [];
  const ledger: Array<Row & { 0: number }> = [];
  const facts: BookingFacts[] = [];
  const active = members.filter((m) => !m.disabled);
  const firstYear = days[0]!.year;
  const years = days[days.length - 1]!.year - firstYear + 1;
  const used = new Uint8Array(active.length * years);
  const granted = new Set<number>();
  const slotPeople = new Map<number, number>();
  const live = new Set<string>();
  // the busier lounges (the demo's Haikou lounge first) get more of the traffic
  const weights = lounges.map((_, i) => 1 / (1 + i * 0.25));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const pickLounge = () => {
    let r = rng() * wsum;
    for (let i = 0; i < lounges.length; i++) if ((r -= weights[i]!) <= 0) return i;
    return lounges.length - 1;
  };
  let id = opts.firstId;
  let guard = 0;
  while (bookings.length < opts.total && guard++ < opts.total * 20) {
    const mi = Math.floor(rng() * active.length);
    const m = active[mi]!;
    const day = days[Math.floor(rng() * days.length)]!;
    const li = pickLounge();
    const l = lounges[li]!;
    const slots = Math.floor((l.closesAt - l.opensAt) / l.slotMinutes);
    const slotStart = day.start + (l.opensAt + int(rng, 0, slots - 1) * l.slotMinutes) * MIN;
    const slotEnd = slotStart + l.slotMinutes * MIN;
    if (slotStart < m.createdAt) continue;
    const yi = (day.year - firstYear) * active.length + mi;
    const cancelled = rng() < 0.08;
    const past = slotEnd <= opts.now;
    const current = !past && slotStart <= opts.now;
    const walkIn = !cancelled && (past || current) && rng() < 0.08;
    if (!cancelled && used[yi]! >= VISITS[m.tier]!) continue;
    const companions = COMPANIONS[m.tier]! > 0 && rng() < 0.3 ? int(rng, 1, COMPANIONS[m.tier]!) : 0;
    const slotKey = li * 1e13 + slotStart;
    const people = 1 + companions;
    const prebooked = !cancelled && !walkIn;
    if (prebooked && (slotPeople.get(slotKey) ?? 0) + people > Math.floor((l.capacity * l.prebookSharePct) / 100)) continue;
    const liveKey = `${m.id}:${l.id}:${slotStart}`;
    const isLive = !cancelled && !past && (current || slotStart > opts.now);
    if (isLive && live.has(liveKey)) continue;
    if (isLive) live.add(liveKey);
    if (prebooked) slotPeople.set(slotKey, (slotPeople.get(slotKey) ?? 0) + people);
    if (!cancelled) used[yi]! += 1;

    const staff = l.staffId ?? opts.adminId;
    const createdAt = walkIn ? slotStart + int(rng, 0, l.slotMinutes - 1) * MIN : Math.min(opts.now - MIN, slotStart - int(rng, 60, 20 * 24 * 60) * MIN);
    let status: string;
    let checkedInAt: number | null = null;
    let checkedOutAt: number | null = null;
    let cancelledAt: number | null = null;
    let noShowAt: number | null = null;
    let arrived: number | null = null;
    if (cancelled) {
      status = 'cancelled';
      cancelledAt = Math.min(opts.now - 1, createdAt + int(rng, 5, 600) * MIN, slotStart - MIN);
      if (cancelledAt < createdAt) cancelledAt = createdAt;
    } else if (walkIn) {
      checkedInAt = Math.min(createdAt, opts.now - MIN);
      checkedOutAt = past ? Math.min(opts.now - MIN, checkedInAt + int(rng, 30, 150) * MIN) : null;
      status = past ? 'checked_out' : 'checked_in';
      arrived = companions;
    } else if (past && slotEnd + 3 * HOUR < opts.now && rng() < 0.1) {
      status = 'no_show';
      noShowAt = slotEnd + 2 * HOUR;
    } else if (past || (current && rng() < 0.7)) {
      checkedInAt = Math.min(opts.now - MIN, slotStart + int(rng, -15, l.slotMinutes - 5) * MIN);
      checkedOutAt = past ? Math.min(opts.now - MIN, checkedInAt + int(rng, 30, 150) * MIN) : null;
      status = past ? 'checked_out' : 'checked_in';
      arrived = companions;
    } else status = 'booked';
    const flight = rng() < 0.6 ? `HU${int(rng, 7001, 7999)}` : null;
    const remindedAt = status === 'booked' && slotStart - opts.now < 2 * 24 * HOUR ? opts.now - HOUR : null;
    bookings.push([id, codes.next(), l.id, m.id, slotStart, slotEnd, day.year, companions, arrived, flight, status, walkIn ? 1 : 0, createdAt, checkedInAt, checkedInAt !== null ? staff : null, checkedOutAt, checkedOutAt !== null ? staff : null, cancelledAt, noShowAt, remindedAt]);
    facts.push({ id, loungeId: l.id, userId: m.id, checkedOutAt: status === 'checked_out' ? checkedOutAt : null });

    const names = { loungeZh: l.nameZh, loungeEn: l.nameEn };
    const grantKey = yi;
    if (!granted.has(grantKey)) {
      granted.add(grantKey);
      const tier = opts.tiers[m.tier]!;
      const at = Math.max(m.createdAt, opts.yearStart(day.year));
      ledger.push([Math.min(at, createdAt - MIN), m.id, day.year, 'grant', VISITS[m.tier]!, 0, 0, null, null, JSON.stringify({ tierZh: tier.nameZh, tierEn: tier.nameEn, visits: VISITS[m.tier]! })]);
    }
    if (walkIn) {
      ledger.push([checkedInAt!, m.id, day.year, 'use', 0, 0, 1, id, staff, JSON.stringify({ ...names, companions, walkIn: 1 })]);
    } else {
      ledger.push([createdAt, m.id, day.year, 'reserve', 0, 1, 0, id, null, JSON.stringify({ ...names, slotStart, companions })]);
      if (cancelledAt !== null) ledger.push([cancelledAt, m.id, day.year, 'release', 0, -1, 0, id, null, JSON.stringify({ ...names, slotStart })]);
      else if (checkedInAt !== null) ledger.push([checkedInAt, m.id, day.year, 'use', 0, -1, 1, id, staff, JSON.stringify({ ...names, companions: arrived ?? 0 })]);
      else if (noShowAt !== null) ledger.push([noShowAt, m.id, day.year, 'no_show', 0, -1, l.noShowPolicy === 'use' ? 1 : 0, id, null, JSON.stringify({ ...names, slotStart })]);
    }
    id++;
  }
  // ids in time order, so a statement's running balance reads in order
  ledger.sort((a, b) => a[0] - b[0]);
  const ledgerRows: Row[] = ledger.map((r, i) => [opts.firstLedgerId + i, r[1]!, r[2]!, r[0], ...r.slice(3)]);
  return { bookings, ledger: ledgerRows, facts };
}
