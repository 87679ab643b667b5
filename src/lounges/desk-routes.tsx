import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { DeskHomePage } from '../../views/desk/index';
import { DeskLoungePage, DeskMain, DeskResults, OccupancyView } from '../../views/desk/lounge';
import type { Flash } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { searchField, searchText } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import type { MessageKey, MessageParams } from '../lib/i18n';
import { pathIds } from '../lib/params';
import { renderFragment, renderPage } from '../lib/render';
import { isPartialRequest } from '../lib/htmx';
import { buildUi, requestText } from '../lib/ui';
import { checkInBooking, checkOut, deskLounge, deskToday, listDeskLounges, occupancy, walkIn } from './desk';
import { deskSearch } from './desk-search';

const checkInSchema = z.object({ q: searchField(), companions: z.string().regex(/^\d$/).optional() }).strict();
const checkOutSchema = z.object({ q: searchField() }).strict();
const walkInSchema = z.object({ q: searchField(), userId: z.string().regex(/^[1-9]\d{0,9}$/), companions: z.string().regex(/^\d$/).optional() }).strict();

export function loungeDeskRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/desk', requireSection('desk'));
  app.use('/desk/*', requireSection('desk'));

  app.get('/desk', async (c) => {
    const result = await listDeskLounges(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <DeskHomePage ui={buildUi(c, deps)} lounges={result.value} />);
  });

  /** The desk for one lounge: today, and the members found for `q`; as a fragment when htmx asks for part of it. */
  const desk = async (c: Context<AppEnv>, loungeId: number, q: string, opts: { message?: Flash | null; status?: 200 | 409 | 422 } = {}) => {
    const actor = actorOf(c);
    if (isPartialRequest(c) && c.req.header('HX-Target') === 'section#desk-results') {
      // typing in the search box: only the results are replaced, so only they are looked up and drawn
      const found = await deskSearch(deps, actor, loungeId, q);
      if (!found.ok) failWith(found.error);
      return renderFragment(c, <DeskResults ui={buildUi(c, deps)} loungeId={loungeId} members={q.trim() ? found.value.members : null} q={q} />);
    }
    const today = await deskToday(deps, actor, loungeId);
    if (!today.ok) failWith(today.error);
    const found = q.trim() ? await deskSearch(deps, actor, loungeId, q) : null;
    if (found && !found.ok) failWith(found.error);
    const ui = buildUi(c, deps);
    const message = opts.message ?? ui.flash;
    ui.flash = null; // shown at the desk, where the eye is
    const props = { ui, today: today.value, members: found ? found.value.members : null, q, message };
    if (isPartialRequest(c)) return renderFragment(c, <DeskMain {...props} />, opts.status ?? 200);
    return renderPage(c, <DeskLoungePage {...props} />, opts.status ?? 200);
  };

  app.get('/desk/lounges/:id', (c) => {
    const [loungeId] = pathIds(c, 'id');
    return desk(c, loungeId!, searchText(c.req.query('q')));
  });

  /** The live count: every open desk asks for it every few seconds, so all of them show the database's number. */
  app.get('/desk/lounges/:id/occupancy', async (c) => {
    const [loungeId] = pathIds(c, 'id');
    const lounge = await deskLounge(deps.db, actorOf(c), loungeId!);
    if (!lounge.ok) failWith(lounge.error);
    c.header('Cache-Control', 'no-store');
    return renderFragment(c, <OccupancyView ui={buildUi(c, deps)} loungeId={loungeId!} occupancy={await occupancy(deps.db, lounge.value)} />);
  });

  /** After an action: the desk in place (htmx) or, without JavaScript, a redirect back with the message. */
  const afterAction = (c: Context<AppEnv>, loungeId: number, q: string, kind: Flash['kind'], key: MessageKey, params: MessageParams, status: 200 | 409 | 422 = 200) => {
    if (isPartialRequest(c) || status !== 200) {
      const { t } = requestText(c, deps);
      return desk(c, loungeId, q, { message: { kind, message: t(key, params) }, status });
    }
    setFlash(c, kind, key, params);
    return c.redirect(`/desk/lounges/${loungeId}${q ? `?q=${encodeURIComponent(q)}` : ''}`, 303);
  };

  app.post('/desk/lounges/:id/bookings/:bid/checkin', async (c) => {
    const [loungeId, bookingId] = pathIds(c, 'id', 'bid');
    const form = checkInSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const q = form.data.q ?? '';
    const companionsArrived = form.data.companions === undefined ? undefined : Number(form.data.companions);
    const result = await checkInBooking(deps, actorOf(c), { loungeId: loungeId!, bookingId: bookingId!, companionsArrived });
    if (!result.ok) {
      if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
      return afterAction(c, loungeId!, q, 'error', `desk.error.${result.error}`, {}, result.error === 'lounge_full' ? 409 : 422);
    }
    const { booking, balance, already } = result.value;
    if (already) {
      const fmt = buildUi(c, deps).fmt;
      return afterAction(c, loungeId!, q, 'info', 'desk.done.already', { name: booking.name, by: already.by ?? '—', time: fmt.time(already.at) });
    }
    return afterAction(c, loungeId!, q, 'success', 'desk.done.checkIn', { name: booking.name, count: 1 + (booking.companionsArrived ?? 0), remaining: balance.remaining });
  });

  app.post('/desk/lounges/:id/bookings/:bid/checkout', async (c) => {
    const [loungeId, bookingId] = pathIds(c, 'id', 'bid');
    const form = checkOutSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const result = await checkOut(deps, actorOf(c), { loungeId: loungeId!, bookingId: bookingId! });
    if (!result.ok) failWith(result.error);
    return afterAction(c, loungeId!, form.data.q ?? '', 'success', 'desk.done.checkOut', { name: result.value.name });
  });

  app.post('/desk/lounges/:id/walkins', async (c) => {
    const [loungeId] = pathIds(c, 'id');
    const form = walkInSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const q = form.data.q ?? '';
    const result = await walkIn(deps, actorOf(c), { loungeId: loungeId!, userId: Number(form.data.userId), companions: Number(form.data.companions ?? '0') });
    if (!result.ok) {
      if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
      return afterAction(c, loungeId!, q, 'error', `desk.error.${result.error}`, {}, result.error === 'lounge_full' || result.error === 'already_booked' ? 409 : 422);
    }
    const { booking, balance } = result.value;
    return afterAction(c, loungeId!, q, 'success', 'desk.done.walkIn', { name: booking.name, count: 1 + booking.companions, remaining: balance.remaining });
  });

  return app;
}
