import ical from 'ical-generator';

/**
 * A calendar file for a ticket. Times are written as UTC instants (…Z), which every calendar shows in its own
 * zone correctly; a TZID without a VTIMEZONE block is not understood everywhere, and ical-generator would
 * otherwise write the UTC wall clock under the Shanghai zone name.
 */
export function ticketCalendar(input: {
  uid: string;
  startsAt: number;
  endsAt: number;
  stampedAt: number;
  summary: string;
  location: string;
  description: string;
  url: string;
}): string {
  // no calendar-level name: ical-generator writes NAME/X-WR-CALNAME without TEXT escaping
  const calendar = ical({ prodId: { company: 'hainan-vip', product: 'tickets', language: 'ZH' } });
  calendar.createEvent({
    id: input.uid,
    start: new Date(input.startsAt),
    end: new Date(input.endsAt),
    stamp: new Date(input.stampedAt),
    summary: input.summary,
    location: input.location,
    description: input.description,
    url: input.url,
  });
  return calendar.toString();
}
