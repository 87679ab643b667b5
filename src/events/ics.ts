import ical, { type ICalCalendar } from 'ical-generator';

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
  return icsText(calendar);
}

/**
 * The calendar as the file's text. RFC 5545 §3.1 ends every content line with CRLF, the last one too; ical-generator
 * joins its lines with CRLF but ends the file without one, which strict readers refuse. Every calendar file goes
 * through here.
 */
export function icsText(calendar: ICalCalendar): string {
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
