import { and, eq } from 'drizzle-orm';
import { clubMemberships, clubs, events, loungeBookings, lounges, registrations, type FeedbackSubject } from '../../db/schema';
import type { DbOrTx } from '../db';

/** What a ticket is about, as "registration:12", "booking:7" or "club:3" in forms and links. */
export interface AboutRef {
  type: FeedbackSubject;
  id: number;
}

/** A ticket's subject, named in both languages, with what the views need to link to it. */
export interface About extends AboutRef {
  nameZh: string;
  nameEn: string;
  /** the event's start or the lounge slot's start */
  at: number | null;
  /** the club it concerns (directly or through the event); null for lounges and programme-wide events */
  clubId: number | null;
  /** the ticket or pass code (registrations and bookings) */
  code: string | null;
  eventId: number | null;
}

const ABOUT_RE = /^(registration|booking|club):([1-9][0-9]{0,15})$/;

/** Reads "registration:12" (what the form and the link carry); anything else is null. */
export function parseAboutRef(value: string | null | undefined): AboutRef | null {
  const m = value ? ABOUT_RE.exec(value) : null;
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) ? { type: m[1] as FeedbackSubject, id } : null;
}

export function aboutValue(ref: AboutRef): string {
  return `${ref.type}:${ref.id}`;
}

/**
 * The subject, if it belongs to the member: their registration, their booking, or a club they have or had a
 * membership in (any request counts, so a declined or removed member can complain about it). Someone else's
 * — or a missing one — is null, and the two look the same.
 */
export async function describeAbout(db: DbOrTx, ownerId: number, ref: AboutRef): Promise<About | null> {
  switch (ref.type) {
    case 'registration': {
      const [row] = await db
        .select({ code: registrations.code, event: { id: events.id, titleZh: events.titleZh, titleEn: events.titleEn, startsAt: events.startsAt, clubId: events.clubId } })
        .from(registrations)
        .innerJoin(events, eq(events.id, registrations.eventId))
        .where(and(eq(registrations.id, ref.id), eq(registrations.userId, ownerId)));
      if (!row) return null;
      return { ...ref, nameZh: row.event.titleZh, nameEn: row.event.titleEn, at: row.event.startsAt, clubId: row.event.clubId, code: row.code, eventId: row.event.id };
    }
    case 'booking': {
      const [row] = await db
        .select({ code: loungeBookings.code, slotStart: loungeBookings.slotStart, nameZh: lounges.nameZh, nameEn: lounges.nameEn })
        .from(loungeBookings)
        .innerJoin(lounges, eq(lounges.id, loungeBookings.loungeId))
        .where(and(eq(loungeBookings.id, ref.id), eq(loungeBookings.userId, ownerId)));
      if (!row) return null;
      return { ...ref, nameZh: row.nameZh, nameEn: row.nameEn, at: row.slotStart, clubId: null, code: row.code, eventId: null };
    }
    case 'club': {
      const [row] = await db
        .select({ nameZh: clubs.nameZh, nameEn: clubs.nameEn })
        .from(clubs)
        .innerJoin(clubMemberships, eq(clubMemberships.clubId, clubs.id))
        .where(and(eq(clubs.id, ref.id), eq(clubMemberships.userId, ownerId)))
        .limit(1);
      if (!row) return null;
      return { ...ref, nameZh: row.nameZh, nameEn: row.nameEn, at: null, clubId: ref.id, code: null, eventId: null };
    }
  }
}
