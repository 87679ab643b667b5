import { asc, eq } from 'drizzle-orm';
import { lounges } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { addZonedDays, parseLocalDate, startOfZonedDay, zonedParts } from '../lib/time';
import { balanceFor, type TierRow } from './entitlements';
import { memberTier } from '../members/tier';
import { BOOKING_DAYS_AHEAD, type Balance, type BusyLevel } from './policy';
import { daySlots, type LoungeRow, type SlotView } from './slots';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };
export type { LoungeRow };

export interface LoungeAllowance {
  visitsPerYear: number;
  companionsPerVisit: number;
  year: number;
  balance: Balance;
}

export interface LoungeListItem {
  lounge: LoungeRow;
  /** how busy the rest of today is expected to be (the fullest remaining slot), or null when closed for the day */
  todayLevel: BusyLevel | null;
}

const ORDER: BusyLevel[] = ['quiet', 'moderate', 'busy', 'full'];

async function memberAllowance(deps: Deps, actor: Actor, year: number): Promise<{ allowance: LoungeAllowance | null; tier: TierRow | null }> {
  if (actor.role !== 'member') return { allowance: null, tier: null };
  const facts = await memberTier(deps.db, actor.id);
  if (!facts?.tier) return { allowance: null, tier: null };
  return {
    tier: facts.tier,
    allowance: { visitsPerYear: facts.tier.loungeVisitsPerYear, companionsPerVisit: facts.tier.companionsPerVisit, year, balance: await balanceFor(deps.db, actor.id, year, facts.tier) },
  };
}

/** Every lounge with how busy today looks, and for a member what their tier gives and what is left this year. */
export async function listLounges(deps: Deps, actor: Actor): Promise<{ lounges: LoungeListItem[]; allowance: LoungeAllowance | null }> {
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const rows = await deps.db.select().from(lounges).orderBy(asc(lounges.id));
  const items: LoungeListItem[] = [];
  for (const lounge of rows) {
    const slots = (await daySlots(deps.db, lounge, now, zone, now)).filter((s) => !s.past);
    items.push({ lounge, todayLevel: slots.length ? slots.map((s) => s.level).reduce((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a)) : null });
  }
  const { allowance } = await memberAllowance(deps, actor, zonedParts(now, zone).year);
  return { lounges: items, allowance };
}

export interface LoungeDay {
  lounge: LoungeRow;
  day: number;
  days: number[];
  slots: SlotView[];
  allowance: LoungeAllowance | null;
}

/** One lounge on one day: its slots and how full each is, for choosing an arrival time. */
export async function getLoungeDay(deps: Deps, actor: Actor, loungeId: number, dayValue: string | undefined): Promise<Result<LoungeDay, 'not_found'>> {
  const [lounge] = await deps.db.select().from(lounges).where(eq(lounges.id, loungeId));
  if (!lounge) return err('not_found');
  const zone = deps.config.timeZone;
  const now = deps.clock.now();
  const today = startOfZonedDay(now, zone);
  const days = Array.from({ length: BOOKING_DAYS_AHEAD + 1 }, (_, i) => addZonedDays(today, i, zone));
  const chosen = dayValue ? parseLocalDate(dayValue, zone) : null;
  const day = chosen !== null && days.includes(chosen) ? chosen : today;
  const slots = await daySlots(deps.db, lounge, day, zone, now);
  const { allowance } = await memberAllowance(deps, actor, zonedParts(day, zone).year);
  return ok({ lounge, day, days, slots, allowance });
}
