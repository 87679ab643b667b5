import { eq, inArray } from 'drizzle-orm';
import { clubMemberships, clubs, events, feedbackTickets, importBatches, loungeBookings, lounges, registrations, tiers, users } from '../../db/schema';
import type { DbOrTx } from '../db';
import { formatCode } from '../lib/codes';
import { maskPhone } from '../lib/phone';

/**
 * The names behind the ids an audit page shows — its targets ("user #6" → the member) and the ids inside its
 * details (userId, clubId, eventId, loungeId, tier codes) — in both languages, so the view picks the reader's.
 * One query per kind of thing for the whole page (ids collected first, then `inArray`), never one per row; an id
 * that no longer exists simply has no name, and the view shows "#6".
 */

export interface AuditName {
  zh: string;
  en: string;
  /** a person's phone, masked as everywhere in the admin pages */
  phone?: string;
}

/** Keyed `${type}:${id}`: "user:6", "club:3", "tier:gold". */
export type AuditNames = ReadonlyMap<string, AuditName>;

export const nameKey = (type: string, id: string | number) => `${type}:${id}`;

/** Detail fields whose value is the id of a thing with a name (also inside `changed: { clubId: { from, to } }`). */
export const DETAIL_REFERENCES: Record<string, 'user' | 'club' | 'event' | 'lounge' | 'tier'> = { userId: 'user', clubId: 'club', eventId: 'event', loungeId: 'lounge', tier: 'tier', minTier: 'tier' };

/** Actions whose top-level from/to are tier codes. */
export const TIER_FROM_TO = new Set(['member.tier.changed']);

const ID_TYPES = ['user', 'club', 'event', 'lounge', 'club_membership', 'registration', 'lounge_booking', 'import', 'feedback_ticket'] as const;
type IdType = (typeof ID_TYPES)[number];

/** SQLite takes a bounded number of parameters: an export of thousands of rows asks in slices of this many. */
const SLICE = 500;

interface Row {
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

function collect(rows: readonly Row[]): Record<IdType, Set<number>> & { tier: boolean } {
  const ids = Object.fromEntries(ID_TYPES.map((t) => [t, new Set<number>()])) as Record<IdType, Set<number>>;
  let tier = false;
  const addId = (type: string, value: unknown) => {
    if (type === 'tier') tier = true;
    else if ((ID_TYPES as readonly string[]).includes(type) && (typeof value === 'number' || (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)))) ids[type as IdType].add(Number(value));
  };
  const walk = (value: unknown, key: string | null) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      if (key && DETAIL_REFERENCES[key]) addId(DETAIL_REFERENCES[key], value);
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, k === 'from' || k === 'to' ? key : k);
  };
  for (const r of rows) {
    if (r.targetType && r.targetId) addId(r.targetType, r.targetId);
    if (TIER_FROM_TO.has(r.action)) tier = true;
    walk(r.detail, null);
  }
  return { ...ids, tier };
}

async function sliced<T>(ids: Set<number>, query: (slice: number[]) => Promise<T[]>): Promise<T[]> {
  const all = [...ids];
  const out: T[] = [];
  for (let i = 0; i < all.length; i += SLICE) out.push(...(await query(all.slice(i, i + SLICE))));
  return out;
}

const both = (name: string): AuditName => ({ zh: name, en: name });
const joined = (who: string | null, zh: string, en: string): AuditName => ({ zh: who ? `${who} · ${zh}` : zh, en: who ? `${who} · ${en}` : en });

/** The names for a page (or an export) of audit rows: at most one query per kind of target. */
export async function auditNames(db: DbOrTx, rows: readonly Row[]): Promise<AuditNames> {
  const want = collect(rows);
  const names = new Map<string, AuditName>();
  const put = (type: string, id: string | number, name: AuditName) => names.set(nameKey(type, id), name);

  for (const u of await sliced(want.user, (s) => db.select({ id: users.id, name: users.name, phone: users.phone }).from(users).where(inArray(users.id, s)))) put('user', u.id, { ...both(u.name), phone: maskPhone(u.phone) });
  for (const c of await sliced(want.club, (s) => db.select({ id: clubs.id, zh: clubs.nameZh, en: clubs.nameEn }).from(clubs).where(inArray(clubs.id, s)))) put('club', c.id, c);
  for (const e of await sliced(want.event, (s) => db.select({ id: events.id, zh: events.titleZh, en: events.titleEn }).from(events).where(inArray(events.id, s)))) put('event', e.id, e);
  for (const l of await sliced(want.lounge, (s) => db.select({ id: lounges.id, zh: lounges.nameZh, en: lounges.nameEn }).from(lounges).where(inArray(lounges.id, s)))) put('lounge', l.id, l);
  if (want.tier) for (const t of await db.select({ code: tiers.code, zh: tiers.nameZh, en: tiers.nameEn }).from(tiers)) put('tier', t.code, t);

  const memberships = await sliced(want.club_membership, (s) =>
    db.select({ id: clubMemberships.id, who: users.name, zh: clubs.nameZh, en: clubs.nameEn }).from(clubMemberships).innerJoin(clubs, eq(clubs.id, clubMemberships.clubId)).leftJoin(users, eq(users.id, clubMemberships.userId)).where(inArray(clubMemberships.id, s)),
  );
  for (const m of memberships) put('club_membership', m.id, joined(m.who, m.zh, m.en));
  const regs = await sliced(want.registration, (s) =>
    db.select({ id: registrations.id, who: users.name, zh: events.titleZh, en: events.titleEn }).from(registrations).innerJoin(events, eq(events.id, registrations.eventId)).leftJoin(users, eq(users.id, registrations.userId)).where(inArray(registrations.id, s)),
  );
  for (const r of regs) put('registration', r.id, joined(r.who, r.zh, r.en));
  const bookings = await sliced(want.lounge_booking, (s) =>
    db.select({ id: loungeBookings.id, who: users.name, zh: lounges.nameZh, en: lounges.nameEn }).from(loungeBookings).innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId)).leftJoin(users, eq(users.id, loungeBookings.userId)).where(inArray(loungeBookings.id, s)),
  );
  for (const b of bookings) put('lounge_booking', b.id, joined(b.who, b.zh, b.en));
  for (const i of await sliced(want.import, (s) => db.select({ id: importBatches.id, file: importBatches.fileName }).from(importBatches).where(inArray(importBatches.id, s)))) put('import', i.id, both(i.file));
  for (const f of await sliced(want.feedback_ticket, (s) => db.select({ id: feedbackTickets.id, reference: feedbackTickets.reference }).from(feedbackTickets).where(inArray(feedbackTickets.id, s)))) put('feedback_ticket', f.id, both(formatCode(f.reference)));
  return names;
}
