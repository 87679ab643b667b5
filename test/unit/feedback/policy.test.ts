import { describe, expect, it } from 'vitest';
import {
  DUE_SOON_MS,
  FIRST_RESPONSE_MS,
  awaitingFirstResponse,
  canAddMessage,
  canWorkQueue,
  dueAtFor,
  dueClock,
  eventRatingRefusal,
  formatAverage,
  isOverdue,
  slaState,
  statusAfterMemberMessage,
  ticketAccess,
  visitRatingRefusal,
  type SlaFacts,
} from '../../../src/feedback/policy';
import { parseAboutRef } from '../../../src/feedback/about';
import { HOUR, MINUTE } from '../../../src/lib/clock';

const T0 = Date.UTC(2026, 10, 26, 2, 0);
const open = (o: Partial<SlaFacts> = {}): SlaFacts => ({ status: 'open', dueAt: dueAtFor(T0), firstResponseAt: null, ...o });

describe('the 48-hour clock', () => {
  it('makes the first reply due 48 hours after the ticket was opened', () => {
    expect(FIRST_RESPONSE_MS).toBe(48 * HOUR);
    expect(dueAtFor(T0)).toBe(T0 + 48 * HOUR);
  });

  it('is overdue only after the due time, without a first reply, while open', () => {
    const due = dueAtFor(T0);
    expect(isOverdue(open(), due)).toBe(false);
    expect(isOverdue(open(), due + 1)).toBe(true);
    expect(isOverdue(open({ firstResponseAt: due - HOUR }), due + HOUR)).toBe(false);
    // a member writing again after a reply reopens the ticket, but the promise was kept
    expect(isOverdue(open({ firstResponseAt: due + 5 * HOUR }), due + 10 * HOUR)).toBe(false);
    expect(isOverdue(open({ status: 'answered', firstResponseAt: T0 }), due + HOUR)).toBe(false);
    expect(isOverdue(open({ status: 'closed' }), due + HOUR)).toBe(false);
    expect(awaitingFirstResponse(open())).toBe(true);
    expect(awaitingFirstResponse(open({ status: 'closed' }))).toBe(false);
  });

  it('names each state, due soon within 6 hours of the due time', () => {
    const due = dueAtFor(T0);
    expect(DUE_SOON_MS).toBe(6 * HOUR);
    expect(slaState(open(), T0)).toBe('waiting');
    expect(slaState(open(), due - DUE_SOON_MS - 1)).toBe('waiting');
    expect(slaState(open(), due - DUE_SOON_MS)).toBe('due_soon');
    expect(slaState(open(), due)).toBe('due_soon');
    expect(slaState(open(), due + 1)).toBe('overdue');
    expect(slaState(open({ status: 'answered', firstResponseAt: due }), due + DAY_MS)).toBe('met');
    expect(slaState(open({ status: 'answered', firstResponseAt: due + 1 }), due + 1)).toBe('late');
    expect(slaState(open({ status: 'closed' }), due + HOUR)).toBe('closed_unanswered');
  });

  it('counts whole hours left or past, and minutes under the last hour', () => {
    const due = dueAtFor(T0);
    expect(dueClock(due, due - 5 * HOUR - 59 * MINUTE)).toEqual({ overdue: false, unit: 'hours', count: 5 });
    expect(dueClock(due, due - HOUR)).toEqual({ overdue: false, unit: 'hours', count: 1 });
    expect(dueClock(due, due - 59 * MINUTE)).toEqual({ overdue: false, unit: 'minutes', count: 59 });
    expect(dueClock(due, due - 10_000)).toEqual({ overdue: false, unit: 'minutes', count: 1 });
    expect(dueClock(due, due + 3 * HOUR + 10 * MINUTE)).toEqual({ overdue: true, unit: 'hours', count: 3 });
    expect(dueClock(due, due + 20 * MINUTE)).toEqual({ overdue: true, unit: 'minutes', count: 20 });
  });
});

const DAY_MS = 24 * HOUR;

describe('who may see a ticket', () => {
  const ticket = { userId: 7, clubId: 3 };
  it('shows members only their own', () => {
    expect(ticketAccess({ id: 7, role: 'member' }, ticket, [])).toBe('owner');
    expect(ticketAccess({ id: 8, role: 'member' }, ticket, [3])).toBeNull();
  });
  it('shows admins every ticket and coordinators only their clubs’ tickets', () => {
    expect(ticketAccess({ id: 1, role: 'admin' }, ticket, [])).toBe('staff');
    expect(ticketAccess({ id: 1, role: 'admin' }, { userId: 7, clubId: null }, [])).toBe('staff');
    expect(ticketAccess({ id: 2, role: 'coordinator' }, ticket, [3, 4])).toBe('staff');
    expect(ticketAccess({ id: 2, role: 'coordinator' }, ticket, [4])).toBeNull();
    expect(ticketAccess({ id: 2, role: 'coordinator' }, { userId: 7, clubId: null }, [3])).toBeNull();
  });
  it('never shows lounge staff anything', () => {
    expect(ticketAccess({ id: 7, role: 'lounge_staff' }, ticket, [3])).toBeNull();
    expect(canWorkQueue('lounge_staff')).toBe(false);
    expect(canWorkQueue('member')).toBe(false);
    expect(canWorkQueue('coordinator')).toBe(true);
    expect(canWorkQueue('admin')).toBe(true);
  });
});

describe('the thread', () => {
  it('takes messages until the ticket is closed; a member writing on an answered ticket reopens it', () => {
    expect(canAddMessage('open')).toBe(true);
    expect(canAddMessage('answered')).toBe(true);
    expect(canAddMessage('closed')).toBe(false);
    expect(statusAfterMemberMessage('answered')).toBe('open');
    expect(statusAfterMemberMessage('open')).toBe('open');
  });

  it('reads what a ticket is about only in the exact form', () => {
    expect(parseAboutRef('registration:12')).toEqual({ type: 'registration', id: 12 });
    expect(parseAboutRef('booking:7')).toEqual({ type: 'booking', id: 7 });
    expect(parseAboutRef('club:3')).toEqual({ type: 'club', id: 3 });
    for (const bad of ['club:0', 'club:-1', 'club:1.5', 'club:', 'event:3', 'Club:3', ' club:3', 'club:3 ', 'club:99999999999999999', '', null, undefined]) {
      expect(parseAboutRef(bad), String(bad)).toBeNull();
    }
  });
});

describe('ratings', () => {
  const now = T0;
  it('lets a checked-in member rate an event once it has ended', () => {
    const base = { status: 'confirmed', checkedInAt: now - 3 * HOUR, endsAt: now, now, alreadyRated: false };
    expect(eventRatingRefusal(base)).toBeNull();
    expect(eventRatingRefusal({ ...base, endsAt: now + 1 })).toBe('not_ended');
    expect(eventRatingRefusal({ ...base, checkedInAt: null })).toBe('not_attended');
    expect(eventRatingRefusal({ ...base, status: 'cancelled' })).toBe('not_attended');
    expect(eventRatingRefusal({ ...base, status: 'waitlisted', checkedInAt: null })).toBe('not_attended');
    expect(eventRatingRefusal({ ...base, alreadyRated: true })).toBe('already_rated');
  });

  it('lets a member rate a lounge visit they were checked in for, once its slot has started', () => {
    const base = { status: 'checked_in', slotStart: now, now, alreadyRated: false };
    expect(visitRatingRefusal(base)).toBeNull();
    expect(visitRatingRefusal({ ...base, status: 'checked_out' })).toBeNull();
    expect(visitRatingRefusal({ ...base, slotStart: now + 1 })).toBe('not_started');
    for (const status of ['booked', 'cancelled', 'no_show']) expect(visitRatingRefusal({ ...base, status })).toBe('not_visited');
    expect(visitRatingRefusal({ ...base, alreadyRated: true })).toBe('already_rated');
  });

  it('shows averages to one decimal', () => {
    expect(formatAverage(4)).toBe('4.0');
    expect(formatAverage(13 / 3)).toBe('4.3');
    expect(formatAverage(4.25)).toBe('4.3');
    expect(formatAverage(4.249)).toBe('4.2');
    expect(formatAverage(null)).toBeNull();
  });
});
