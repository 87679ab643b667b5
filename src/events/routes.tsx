import { Hono, type Context } from 'hono';
import { and, asc, isNull } from 'drizzle-orm';
import { RegistrationConfirmPage } from '../../views/events/confirm';
import { EventPageView, refusalMessage } from '../../views/events/detail';
import { EventListPage } from '../../views/events/list';
import { TicketPage } from '../../views/events/ticket';
import { pick } from '../../views/ui';
import { clubs } from '../../db/schema';
import { actorOf, requireSection, requireSignedIn } from '../auth/middleware';
import { safeNextPath } from '../auth/policy';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { failWith } from '../lib/http-errors';
import type { MessageKey } from '../lib/i18n';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { monthsFrom } from '../lib/time';
import { buildUi, requestText } from '../lib/ui';
import { ticketCalendar } from './ics';
import { canCancelRegistration, type PartyProblem, type RegistrationRefusal } from './policy';
import { cancelRegistration, getTicket, previewRegistration, register, type RegisterError } from './registration';
import { getEventPage, listEventPage, parseEventFilters, type PartyInput } from './service';

const refusalStatus: Record<RegistrationRefusal, 403 | 409> = {
  not_member_role: 403,
  disabled: 403,
  tier_too_low: 403,
  club_membership_required: 403,
  not_open_yet: 403,
  already_registered: 409,
  event_cancelled: 409,
  started: 409,
  closed: 409,
};
const partyProblems: PartyProblem[] = ['guests_over_limit', 'children_not_allowed', 'child_unknown', 'child_out_of_range', 'party_invalid'];

/** Reads a party from a query string or a form: a guest count and repeated `children` ids. Null if malformed. */
function readParty(guests: unknown, children: unknown): PartyInput | null {
  const g = guests === undefined || guests === '' ? '0' : guests;
  if (typeof g !== 'string' || !/^\d{1,2}$/.test(g)) return null;
  const list = children === undefined ? [] : Array.isArray(children) ? children : [children];
  if (list.length > 20 || !list.every((c) => typeof c === 'string' && /^[1-9]\d{0,9}$/.test(c))) return null;
  return { guests: Number(g), childIds: list.map(Number) };
}

export function eventRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/events', requireSection('events'));
  app.use('/events/*', requireSection('events'));
  app.use('/tickets/*', requireSignedIn);

  app.get('/events', async (c) => {
    const filters = parseEventFilters({ city: c.req.query('city'), club: c.req.query('club'), month: c.req.query('month'), page: c.req.query('page') });
    const [list, clubRows] = await Promise.all([
      listEventPage(deps, actorOf(c), filters),
      deps.db.select({ id: clubs.id, nameZh: clubs.nameZh, nameEn: clubs.nameEn }).from(clubs).where(and(isNull(clubs.archivedAt))).orderBy(asc(clubs.id)),
    ]);
    const now = deps.clock.now();
    const months = monthsFrom(now, 6, deps.config.timeZone);
    return renderPage(c, <EventListPage ui={buildUi(c, deps)} list={list} filters={filters} options={{ clubs: clubRows, months }} />);
  });

  /** The event page; with `problem`, it comes back with the registration problem explained (422). */
  const eventPage = async (c: Context<AppEnv>, id: number, problem?: { error: RegisterError; status: 403 | 404 | 409 | 422 }) => {
    const page = await getEventPage(deps, actorOf(c), id);
    if (!page.ok) failWith(page.error);
    const ui = buildUi(c, deps);
    if (problem) {
      const e = page.value.event;
      const params: Record<string, number> = problem.error === 'child_out_of_range' ? { min: e.childMinAge ?? 0, max: e.childMaxAge ?? 17 } : { max: e.maxGuests };
      const message = (partyProblems as string[]).includes(problem.error)
        ? ui.t(`register.party.${problem.error}` as MessageKey, params)
        : refusalMessage(ui, problem.error as RegistrationRefusal, { page: page.value });
      ui.flash = { kind: 'error', message };
    }
    return renderPage(c, <EventPageView ui={ui} page={page.value} />, problem?.status ?? 200);
  };

  const statusFor = (error: RegisterError): 403 | 404 | 409 | 422 => (error === 'not_found' ? 404 : (partyProblems as string[]).includes(error) ? 422 : refusalStatus[error as RegistrationRefusal]);

  app.get('/events/:id', (c) => eventPage(c, pathId(c)));

  /** The confirmation step: who is coming and what it takes; nothing is written. */
  app.get('/events/:id/register', async (c) => {
    const id = pathId(c);
    const url = new URL(c.req.url);
    const party = readParty(url.searchParams.get('guests') ?? undefined, url.searchParams.getAll('children'));
    if (!party) return eventPage(c, id, { error: 'party_invalid', status: 422 });
    const preview = await previewRegistration(deps, actorOf(c), id, party);
    if (!preview.ok) return eventPage(c, id, { error: preview.error, status: statusFor(preview.error) });
    return renderPage(c, <RegistrationConfirmPage ui={buildUi(c, deps)} preview={preview.value} />);
  });

  app.post('/events/:id/register', async (c) => {
    const id = pathId(c);
    const body = await c.req.parseBody({ all: true });
    const unexpected = Object.keys(body).some((k) => k !== 'guests' && k !== 'children');
    const party = unexpected ? null : readParty(body.guests, body.children);
    if (!party) return eventPage(c, id, { error: 'party_invalid', status: 422 });
    const result = await register(deps, actorOf(c), id, party);
    if (!result.ok) {
      if (result.error === 'already_registered') {
        setFlash(c, 'info', 'register.refused.already_registered');
        return c.redirect(`/events/${id}`, 303);
      }
      return eventPage(c, id, { error: result.error, status: statusFor(result.error) });
    }
    const { locale } = requestText(c, deps);
    const title = pick({ locale }, result.value.event.titleZh, result.value.event.titleEn);
    setFlash(c, 'success', `register.done.${result.value.status}`, { event: title, count: result.value.position ?? 0 });
    return c.redirect(result.value.status === 'confirmed' ? `/tickets/${result.value.code}` : `/events/${id}`, 303);
  });

  /** One step, no reason, until the event starts. */
  app.post('/events/:id/cancel', async (c) => {
    const id = pathId(c);
    const body = await c.req.parseBody();
    const back = safeNextPath(typeof body.back === 'string' ? body.back : null) ?? `/events/${id}`;
    const result = await cancelRegistration(deps, actorOf(c), id);
    if (!result.ok) {
      if (result.error === 'not_found') failWith('not_found');
      setFlash(c, 'info', result.error === 'started' ? 'cancelReg.started' : 'cancelReg.notRegistered');
      return c.redirect(back, 303);
    }
    const { locale } = requestText(c, deps);
    setFlash(c, 'success', `cancelReg.done.${result.value.previous}`, { event: pick({ locale }, result.value.event.titleZh, result.value.event.titleEn) });
    return c.redirect(back, 303);
  });

  app.get('/tickets/:code{[A-Za-z0-9-]{8,9}\\.ics}', async (c) => {
    const code = c.req.param('code').replace(/\.ics$/, '');
    const ticket = await getTicket(deps, actorOf(c), code);
    if (!ticket.ok || ticket.value.registration.status !== 'confirmed') failWith('not_found');
    const { event, registration } = ticket.value;
    const { locale } = requestText(c, deps);
    const body = ticketCalendar({
      uid: `${registration.code}@hainan-vip`,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      stampedAt: deps.clock.now(),
      summary: pick({ locale }, event.titleZh, event.titleEn),
      location: pick({ locale }, event.venueZh, event.venueEn),
      description: pick({ locale }, event.descriptionZh, event.descriptionEn),
      url: `${deps.config.publicOrigins[0]}/tickets/${registration.code}`,
    });
    return c.body(body, 200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="ticket-${registration.code}.ics"`,
      'Cache-Control': 'private, no-store',
    });
  });

  app.get('/tickets/:code', async (c) => {
    const ticket = await getTicket(deps, actorOf(c), c.req.param('code'));
    if (!ticket.ok) failWith('not_found');
    c.header('Cache-Control', 'private, no-store');
    const isHolder = ticket.value.registration.userId === c.get('user')!.id;
    return renderPage(c, <TicketPage ui={buildUi(c, deps)} ticket={ticket.value} canCancel={canCancelRegistration(deps.clock.now(), ticket.value.event.startsAt)} isHolder={isHolder} />);
  });

  return app;
}
