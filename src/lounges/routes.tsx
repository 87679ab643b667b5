import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { BookingConfirmPage } from '../../views/lounges/confirm';
import { LoungePage, type BookingFormValues } from '../../views/lounges/detail';
import { LoungeListPage } from '../../views/lounges/list';
import { PassPage } from '../../views/lounges/pass';
import { StatementPage } from '../../views/members/statement';
import { pick } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { normalizeText, problemsOf, singleLineText, type Problem } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import type { MessageKey } from '../lib/i18n';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { TEXT_LIMITS } from '../lib/text-limits';
import { createTimeFormat, toLocalDateValue, zonedParts } from '../lib/time';
import { buildUi, requestText } from '../lib/ui';
import { cancelBooking, changeCompanions, createBooking, getPass, previewBooking, type BookingError, type BookingRequest } from './booking';
import { statementFor } from './entitlements';
import { FLIGHT_NO_RE, normalizeFlightNo, statementYear, statementYears } from './policy';
import { getLoungeDay, listLounges } from './service';

const bookingSchema = z
  .object({
    slot: z.string().regex(/^\d{10,15}$/),
    companions: z.string().regex(/^\d$/).optional(),
    flight: singleLineText(TEXT_LIMITS.flightNo, { optional: true }).optional(),
    lang: z.string().max(5).optional(),
  })
  .strict();

const statusOf: Record<BookingError, 403 | 404 | 409 | 422> = {
  not_member_role: 403,
  disabled: 403,
  not_found: 404,
  past: 422,
  closed: 422,
  too_far: 422,
  companions_over_limit: 422,
  flight_invalid: 422,
  no_visits_left: 409,
  slot_full: 409,
  already_booked: 409,
};

/**
 * Reads a booking request (query or form); the flight number is normalized ("hu 7181" → "HU7181") and checked. A
 * flight number longer than the field takes is refused at the field, with all of it kept in the form.
 */
function readBooking(
  loungeId: number,
  raw: Record<string, unknown>,
): { request: BookingRequest | null; values: BookingFormValues; error: 'flight_invalid' | 'no_slot' | 'invalid' | 'field' | null; fields?: { flight: Problem } } {
  const values: BookingFormValues = {
    slot: typeof raw.slot === 'string' ? raw.slot : undefined,
    companions: typeof raw.companions === 'string' ? raw.companions : undefined,
    flight: typeof raw.flight === 'string' ? normalizeText(raw.flight, 'line') : undefined,
  };
  const form = bookingSchema.safeParse(raw);
  if (!values.slot) return { request: null, values, error: 'no_slot' };
  if (!form.success) {
    const problems = problemsOf(form.error, raw);
    const flight = problems.flight;
    if (flight && Object.keys(problems).length === 1) return { request: null, values, error: 'field', fields: { flight } };
    return { request: null, values, error: 'invalid' };
  }
  const flightNo = form.data.flight ? normalizeFlightNo(form.data.flight) : '';
  if (flightNo && !FLIGHT_NO_RE.test(flightNo)) return { request: null, values, error: 'flight_invalid' };
  return { request: { loungeId, slotStart: Number(form.data.slot), companions: Number(form.data.companions ?? '0'), flightNo: flightNo || null }, values, error: null };
}

export function loungeRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/lounges', requireSection('lounges'));
  app.use('/lounges/*', requireSection('lounges'));

  app.get('/lounges', async (c) => {
    const data = await listLounges(deps, actorOf(c));
    return renderPage(c, <LoungeListPage ui={buildUi(c, deps)} lounges={data.lounges} allowance={data.allowance} />);
  });

  /** The lounge and a day's arrival times; with a problem, the booking form comes back with it explained. */
  const loungePage = async (
    c: Context<AppEnv>,
    id: number,
    day: string | undefined,
    opts: { values?: BookingFormValues; error?: BookingError | 'no_slot' | 'invalid' | 'field'; fields?: { flight: Problem } | undefined; status?: 403 | 404 | 409 | 422 } = {},
  ) => {
    const data = await getLoungeDay(deps, actorOf(c), id, day);
    if (!data.ok) failWith(data.error);
    const ui = buildUi(c, deps);
    let problem = null;
    if (opts.error && opts.error !== 'field') {
      const key: MessageKey = opts.error === 'invalid' ? 'validation.invalid' : opts.error === 'no_slot' ? 'book.chooseSlot' : `book.refused.${opts.error}`;
      const params = { year: data.value.allowance?.year ?? zonedParts(data.value.day, deps.config.timeZone).year, count: data.value.allowance?.companionsPerVisit ?? 0 };
      problem = { kind: 'error' as const, message: ui.t(key, params) };
    }
    const errors = opts.fields ? { flight: ui.t(opts.fields.flight.key, opts.fields.flight.params) } : {};
    return renderPage(c, <LoungePage ui={ui} data={data.value} values={opts.values ?? {}} problem={problem} errors={errors} />, opts.status ?? 200);
  };

  /** The day of the slot that was asked for, so a refused request comes back on the same day. */
  const dayOf = (slot: string | undefined) => (slot && /^\d{10,15}$/.test(slot) ? toLocalDateValue(Number(slot), deps.config.timeZone) : undefined);

  app.get('/lounges/:id', (c) => loungePage(c, pathId(c), c.req.query('day')));

  /** The confirmation step: exactly what the visit will use. Nothing is written. */
  app.get('/lounges/:id/book', async (c) => {
    const id = pathId(c);
    const { request, values, error, fields } = readBooking(id, c.req.query());
    if (!request) return loungePage(c, id, dayOf(values.slot), { values, error: error!, fields, status: 422 });
    const check = await previewBooking(deps, actorOf(c), request);
    if (!check.ok) return loungePage(c, id, dayOf(values.slot), { values, error: check.error, status: statusOf[check.error] });
    return renderPage(c, <BookingConfirmPage ui={buildUi(c, deps)} check={check.value} request={request} />);
  });

  app.post('/lounges/:id/bookings', async (c) => {
    const id = pathId(c);
    const { request, values, error, fields } = readBooking(id, await c.req.parseBody());
    if (!request) return loungePage(c, id, dayOf(values.slot), { values, error: error!, fields, status: 422 });
    const result = await createBooking(deps, actorOf(c), request);
    if (!result.ok) return loungePage(c, id, dayOf(values.slot), { values, error: result.error, status: statusOf[result.error] });
    const { locale } = requestText(c, deps);
    const fmt = createTimeFormat(locale, deps.config.timeZone);
    const { booking, lounge } = result.value;
    setFlash(c, 'success', 'book.done', { lounge: pick({ locale }, lounge.nameZh, lounge.nameEn), time: `${fmt.date(booking.slotStart)} ${fmt.time(booking.slotStart)}` });
    return c.redirect(`/lounges/passes/${booking.code}`, 303);
  });

  app.get('/lounges/passes/:code', async (c) => {
    const pass = await getPass(deps, actorOf(c), c.req.param('code'));
    if (!pass.ok) failWith(pass.error);
    return renderPage(c, <PassPage ui={buildUi(c, deps)} pass={pass.value} isHolder={pass.value.booking.userId === actorOf(c).id} />);
  });

  const companionsSchema = z.object({ companions: z.string().regex(/^\d$/) }).strict();
  app.post('/lounges/passes/:code/companions', async (c) => {
    const code = c.req.param('code');
    const form = companionsSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const result = await changeCompanions(deps, actorOf(c), code, Number(form.data.companions));
    if (!result.ok) {
      if (result.error === 'not_found') failWith('not_found');
      setFlash(c, 'error', `pass.error.${result.error}`);
    } else setFlash(c, 'success', 'pass.changed');
    return c.redirect(`/lounges/passes/${encodeURIComponent(code)}`, 303);
  });

  const cancelSchema = z.object({ back: z.literal('/me').optional() }).strict();
  app.post('/lounges/passes/:code/cancel', async (c) => {
    const code = c.req.param('code');
    const form = cancelSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const result = await cancelBooking(deps, actorOf(c), code);
    if (!result.ok) {
      if (result.error === 'not_found') failWith('not_found');
      setFlash(c, 'error', `pass.error.${result.error}`);
    } else setFlash(c, 'success', 'pass.cancelled');
    return c.redirect(form.data.back ?? `/lounges/passes/${encodeURIComponent(code)}`, 303);
  });

  app.get('/me/statement', requireSection('me'), async (c) => {
    const actor = actorOf(c);
    const thisYear = zonedParts(deps.clock.now(), deps.config.timeZone).year;
    const year = statementYear(c.req.query('year'), thisYear);
    const statement = await statementFor(deps, actor, year);
    if (!statement.ok) failWith(statement.error);
    return renderPage(c, <StatementPage ui={buildUi(c, deps)} statement={statement.value} years={statementYears(thisYear)} />);
  });

  return app;
}
