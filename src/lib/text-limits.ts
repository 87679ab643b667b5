/**
 * The most characters each free-text field takes, in one table read by both sides: the route's schema refuses more
 * (singleLineText / multiLineText in ./forms) and the form states it beside the field (`limit` in
 * views/components/form.tsx). Nothing is ever cut to fit.
 */
export const TEXT_LIMITS = {
  /** a member's, a child's or a staff member's name (also in the member import) */
  personName: 40,
  clubName: 60,
  clubDescription: 2000,
  clubTerms: 1000,
  /** why a club was closed, a member removed or declined, an event cancelled, visits adjusted */
  reason: 200,
  noticeTitle: 60,
  noticeBody: 1000,
  eventTitleZh: 80,
  eventTitleEn: 120,
  eventDescription: 2000,
  eventVenueZh: 100,
  eventVenueEn: 150,
  loungeTerminal: 16,
  loungeName: 60,
  loungeLocation: 120,
  loungeDescription: 2000,
  feedbackSubject: 120,
  /** a new ticket, a member's message, a staff reply */
  feedbackMessage: 4000,
  ratingComment: 1000,
  /** as typed ("hu 7181"), before it is normalised to "HU7181" */
  flightNo: 12,
  /** the roster's, the event door's and the lounge desk's search boxes */
  search: 60,
  /** the admin's member search and the audit log's "who" */
  peopleSearch: 40,
} as const;
