import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { AttendancePage } from '../../views/coordinator/attendance';
import { attendanceTable } from '../../views/coordinator/attendance-sheet';
import { DoorCount, DoorPage, DoorResults } from '../../views/coordinator/checkin';
import type { Flash } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { searchField, searchText } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import { isPartialRequest } from '../lib/htmx';
import type { MessageKey } from '../lib/i18n';
import { pathIds } from '../lib/params';
import { renderFragment, renderPage } from '../lib/render';
import { csvDatesOf } from '../lib/sheet';
import { SHEET_FORMATS, sheetResponse } from '../lib/sheet-response';
import { buildUi, requestText } from '../lib/ui';
import { attendanceReport } from './attendance';
import { checkIn, doorCounts, searchDoor, undoCheckIn, walkIn, type WalkInError } from './checkin';
import { EVENT_CHECK_IN_OPENS_BEFORE_HOURS, eventCheckInTiming } from './policy';
import { HOUR } from '../lib/clock';

const withField = (field: 'phone' | 'guests' | undefined) => (field ? { field } : {});

/** Which walk-in field a refusal belongs to; none: the walk-in as a whole. */
const walkInField = (error: WalkInError | 'invalid_guests'): 'phone' | 'guests' | undefined =>
  error === 'phone_invalid' || error === 'unknown_member' || error === 'already_registered' ? 'phone' : error === 'guests_over_limit' || error === 'invalid_guests' ? 'guests' : undefined;

const actionSchema = z.object({ q: searchField(), seats: z.string().regex(/^[1-9]\d?$/).optional() }).strict();
const walkInSchema = z.object({ phone: z.string().max(32), guests: z.string().regex(/^\d{1,2}$/).optional() }).strict();

export function doorRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/coordinator/events/*', requireSection('coordinator'));

  /** The door page, or just its results for a search as you type (htmx). */
  const door = async (c: Context<AppEnv>, eventId: number, q: string, opts: { message?: Flash | null; status?: 200 | 409 | 422; walkIn?: { values: Record<string, string>; error?: string; field?: 'phone' | 'guests' } } = {}) => {
    const found = await searchDoor(deps, actorOf(c), eventId, q);
    if (!found.ok) failWith(found.error);
    const ui = buildUi(c, deps);
    const message = opts.message ?? ui.flash;
    ui.flash = null; // shown with the results, where the eye is
    const counts = await doorCounts(deps, actorOf(c), eventId);
    if (!counts.ok) failWith(counts.error);
    if (isPartialRequest(c)) {
      // the results, and the count out of band so it moves the moment someone is checked in
      const fragment = (
        <>
          <DoorResults ui={ui} eventId={eventId} entries={found.value.entries} q={q} message={message} cardHolder={found.value.cardHolder} />
          {c.req.method === 'POST' && <DoorCount ui={ui} eventId={eventId} counts={counts.value} oob />}
        </>
      );
      return renderFragment(c, fragment, opts.status ?? 200);
    }
    const { event } = found.value;
    const timing = eventCheckInTiming(deps.clock.now(), event.startsAt, event.endsAt);
    const checkInWindow =
      timing === 'too_early' ? { state: timing, opensAt: event.startsAt - EVENT_CHECK_IN_OPENS_BEFORE_HOURS * HOUR, hours: EVENT_CHECK_IN_OPENS_BEFORE_HOURS } : timing === 'too_late' ? { state: timing } : null;
    return renderPage(
      c,
      <DoorPage ui={ui} event={event} counts={counts.value} entries={found.value.entries} q={q} message={message} cardHolder={found.value.cardHolder} window={checkInWindow} {...(opts.walkIn ? { walkIn: opts.walkIn } : {})} />,
      opts.status ?? 200,
    );
  };

  app.get('/coordinator/events/:id/checkin', (c) => {
    const [eventId] = pathIds(c, 'id');
    return door(c, eventId!, searchText(c.req.query('q')));
  });

  app.get('/coordinator/events/:id/checkin/count', async (c) => {
    const [eventId] = pathIds(c, 'id');
    const counts = await doorCounts(deps, actorOf(c), eventId!);
    if (!counts.ok) failWith(counts.error);
    c.header('Cache-Control', 'no-store');
    return renderFragment(c, <DoorCount ui={buildUi(c, deps)} eventId={eventId!} counts={counts.value} />);
  });

  /** After an action: the results in place (htmx), or back to the page with a message (no JavaScript). */
  const afterAction = (c: Context<AppEnv>, eventId: number, q: string, message: Flash, key: MessageKey, params: Record<string, string | number>, status: 200 | 409 | 422 = 200) => {
    // a refusal comes back in place (with or without htmx); a success redirects when there is no htmx
    if (isPartialRequest(c) || status !== 200) return door(c, eventId, q, { message, status });
    setFlash(c, message.kind, key, params);
    return c.redirect(`/coordinator/events/${eventId}/checkin${q ? `?q=${encodeURIComponent(q)}` : ''}`, 303);
  };

  app.post('/coordinator/events/:id/checkin/:rid', async (c) => {
    const [eventId, registrationId] = pathIds(c, 'id', 'rid');
    const form = actionSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const q = form.data.q ?? '';
    const result = await checkIn(deps, actorOf(c), { eventId: eventId!, registrationId: registrationId!, seats: form.data.seats ? Number(form.data.seats) : undefined });
    const { t } = requestText(c, deps);
    if (!result.ok) {
      if (result.error === 'too_many') return afterAction(c, eventId!, q, { kind: 'error', message: t('door.tooMany') }, 'door.tooMany', {}, 422);
      if (result.error === 'too_early' || result.error === 'too_late') {
        const key = `door.window.${result.error}` as const;
        const params = { hours: EVENT_CHECK_IN_OPENS_BEFORE_HOURS };
        return afterAction(c, eventId!, q, { kind: 'error', message: t(key, params) }, key, params, 422);
      }
      failWith(result.error);
    }
    const { entry, changed, alreadyBy, alreadyAt } = result.value;
    if (!changed && alreadyAt !== null) {
      const fmt = buildUi(c, deps).fmt;
      const params = { name: entry.name, by: alreadyBy ?? '—', time: fmt.time(alreadyAt) };
      return afterAction(c, eventId!, q, { kind: 'info', message: t('door.already', params) }, 'door.already', params);
    }
    const params = { name: entry.name, count: entry.checkedInSeats };
    return afterAction(c, eventId!, q, { kind: 'success', message: t('door.done', params) }, 'door.done', params);
  });

  app.post('/coordinator/events/:id/checkin/:rid/undo', async (c) => {
    const [eventId, registrationId] = pathIds(c, 'id', 'rid');
    const form = actionSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const result = await undoCheckIn(deps, actorOf(c), { eventId: eventId!, registrationId: registrationId! });
    if (!result.ok) failWith(result.error);
    const { t } = requestText(c, deps);
    const params = { name: result.value.name };
    return afterAction(c, eventId!, form.data.q ?? '', { kind: 'info', message: t('door.undone', params) }, 'door.undone', params);
  });

  app.post('/coordinator/events/:id/walkin', async (c) => {
    const [eventId] = pathIds(c, 'id');
    const body = await c.req.parseBody();
    const form = walkInSchema.safeParse(body);
    const values = { phone: typeof body.phone === 'string' ? body.phone : '', guests: typeof body.guests === 'string' ? body.guests : '0' };
    const { t } = requestText(c, deps);
    if (!form.success) {
      const field = form.error.issues.some((i) => i.path[0] === 'guests') ? 'guests' : form.error.issues.some((i) => i.path[0] === 'phone') ? 'phone' : undefined;
      return door(c, eventId!, '', { status: 422, walkIn: { values, error: t('validation.invalid'), ...withField(field) } });
    }
    const result = await walkIn(deps, actorOf(c), { eventId: eventId!, phone: form.data.phone, guests: Number(form.data.guests ?? '0') });
    if (!result.ok) {
      if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
      return door(c, eventId!, '', { status: result.error === 'full' || result.error === 'already_registered' ? 409 : 422, walkIn: { values, error: t(`door.walkIn.${result.error}`, { hours: EVENT_CHECK_IN_OPENS_BEFORE_HOURS }), ...withField(walkInField(result.error)) } });
    }
    setFlash(c, 'success', 'door.walkInDone', { name: result.value.name });
    return c.redirect(`/coordinator/events/${eventId}/checkin?q=${encodeURIComponent(result.value.code)}`, 303);
  });

  app.get('/coordinator/events/:id/attendance', async (c) => {
    const [eventId] = pathIds(c, 'id');
    const report = await attendanceReport(deps, actorOf(c), eventId!);
    if (!report.ok) failWith(report.error);
    return renderPage(c, <AttendancePage ui={buildUi(c, deps)} report={report.value} now={deps.clock.now()} />);
  });

  for (const format of SHEET_FORMATS) {
    app.get(`/coordinator/events/:id/attendance.${format}`, async (c) => {
      const [eventId] = pathIds(c, 'id');
      const report = await attendanceReport(deps, actorOf(c), eventId!, { forExport: true });
      if (!report.ok) failWith(report.error);
      const ui = buildUi(c, deps);
      return sheetResponse(c, attendanceTable(report.value, ui), { format, filename: `attendance-${report.value.event.slug}`, dates: csvDatesOf(ui.fmt), zone: deps.config.timeZone });
    });
  }

  return app;
}
