import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { EntitlementsPage } from '../../views/admin/entitlements';
import { LoungeFormPage } from '../../views/admin/lounge-form';
import { LoungeOccupancyPage } from '../../views/admin/lounge-occupancy';
import { AdminLoungesPage } from '../../views/admin/lounges';
import { visitsTable } from '../../views/admin/lounge-visits-csv';
import { pick } from '../../views/ui';
import { LOUNGE_AMENITIES, lounges } from '../../db/schema';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { formValues, multiLineText, name, problemsOf, searchText, singleLineText, translateProblems, wholeNumber, type Problem } from '../lib/forms';
import { TEXT_LIMITS as L } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import type { MessageParams } from '../lib/i18n';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { csvDatesOf } from '../lib/sheet';
import { SHEET_FORMATS, sheetResponse } from '../lib/sheet-response';
import { parseLocalDate, startOfZonedDay, toLocalDateValue, zonedParts } from '../lib/time';
import { buildUi, requestText } from '../lib/ui';
import { listTiers } from '../members/service';
import { createLounge, listAllLounges, occupancyReport, setLoungeStaff, updateLounge, type LoungeInput } from './admin';
import { changeMemberTier, lookupEntitlements, memberPhoneFor } from './allowances';
import { adjustEntitlement } from './entitlements';
import { statementYear, statementYears } from './policy';

const clock = (closing: boolean) =>
  z
    .string()
    .trim()
    .regex(closing ? /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/ : /^([01]\d|2[0-3]):[0-5]\d$/, { error: 'admin.lounges.clockInvalid' })
    .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));

const amenity = z.enum(LOUNGE_AMENITIES, { error: 'validation.invalid' });

const loungeSchema = z
  .object({
    code: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{2,16}$/, { error: 'admin.lounges.codeInvalid' }),
    airportCode: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, { error: 'admin.lounges.airportInvalid' }),
    terminal: singleLineText(L.loungeTerminal),
    nameZh: name(L.loungeName),
    nameEn: name(L.loungeName),
    locationZh: singleLineText(L.loungeLocation),
    locationEn: singleLineText(L.loungeLocation),
    descriptionZh: multiLineText(L.loungeDescription),
    descriptionEn: multiLineText(L.loungeDescription),
    amenities: z.union([amenity, z.array(amenity).max(LOUNGE_AMENITIES.length)]).optional(),
    capacity: wholeNumber(1, 2000),
    opensAt: clock(false),
    closesAt: clock(true),
    slotMinutes: z.enum(['30', '60', '90', '120', '180'], { error: 'validation.invalid' }).transform(Number),
    prebookSharePct: wholeNumber(0, 100),
    noShowPolicy: z.enum(['release', 'use'], { error: 'validation.invalid' }),
  })
  .strict();

function toInput(form: z.infer<typeof loungeSchema>): LoungeInput {
  const amenities = form.amenities === undefined ? [] : Array.isArray(form.amenities) ? [...new Set(form.amenities)] : [form.amenities];
  return { ...form, amenities };
}

const staffSchema = z.object({ userId: z.string().regex(/^[1-9]\d{0,9}$/), assigned: z.enum(['0', '1']) }).strict();
const adjustSchema = z
  .object({
    year: z.string().regex(/^\d{4}$/),
    delta: z.string().trim().regex(/^[+-]?\d{1,3}$/, { error: 'admin.entitlements.deltaInvalid' }).transform(Number).pipe(z.number().int().min(-100).max(100).refine((n) => n !== 0, { error: 'admin.entitlements.deltaZero' })),
    reason: singleLineText(L.reason),
  })
  .strict();
const tierSchema = z.object({ tier: z.string().min(1).max(32) }).strict();

export function loungeAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const path of ['/admin/lounges', '/admin/lounges/*', '/admin/entitlements', '/admin/entitlements/*']) app.use(path, requireSection('admin'));

  const thisYear = () => zonedParts(deps.clock.now(), deps.config.timeZone).year;

  const loungesPage = async (c: Context<AppEnv>, problem?: { key: 'admin.lounges.notStaff'; status: 422 }) => {
    const result = await listAllLounges(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    const ui = buildUi(c, deps);
    if (problem) ui.flash = { kind: 'error', message: ui.t(problem.key) };
    return renderPage(c, <AdminLoungesPage ui={ui} lounges={result.value.lounges} staffPool={result.value.staffPool} />, problem?.status ?? 200);
  };

  app.get('/admin/lounges', (c) => loungesPage(c));

  const formPage = async (c: Context<AppEnv>, status: 200 | 409 | 422, opts: { loungeId?: number; values?: Record<string, string | string[]>; errors?: Record<string, Problem> } = {}) => {
    const ui = buildUi(c, deps);
    const [lounge] = opts.loungeId ? await deps.db.select().from(lounges).where(eq(lounges.id, opts.loungeId)) : [];
    if (opts.loungeId && !lounge) failWith('not_found');
    return renderPage(c, <LoungeFormPage ui={ui} {...(lounge ? { lounge } : {})} {...(opts.values ? { values: opts.values } : {})} errors={translateProblems(ui.t, opts.errors ?? {})} />, status);
  };

  /** Reads and checks the lounge form; on a problem, the form comes back with what was typed. */
  const saveLounge = async (c: Context<AppEnv>, loungeId: number | undefined) => {
    const body = await c.req.parseBody({ all: true });
    const values: Record<string, string | string[]> = { ...formValues(body), ...Object.fromEntries(Object.entries(body).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((x) => typeof x === 'string'))) };
    const form = loungeSchema.safeParse(body);
    const back = (errors: Record<string, Problem>, status: 409 | 422 = 422) => formPage(c, status, { ...(loungeId ? { loungeId } : {}), values, errors });
    if (!form.success) return back(problemsOf(form.error, body));
    const input = toInput(form.data);
    const result = loungeId ? await updateLounge(deps, actorOf(c), loungeId, input) : await createLounge(deps, actorOf(c), input);
    if (!result.ok) {
      if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
      return result.error === 'code_taken' ? back({ code: { key: 'admin.lounges.codeTaken' } }, 409) : back({ closesAt: { key: 'admin.lounges.hoursInvalid' } });
    }
    setFlash(c, 'success', loungeId ? 'admin.lounges.saved' : 'admin.lounges.created', { lounge: pick(requestText(c, deps), result.value.nameZh, result.value.nameEn) });
    return c.redirect('/admin/lounges', 303);
  };

  app.get('/admin/lounges/new', (c) => formPage(c, 200));
  app.post('/admin/lounges', (c) => saveLounge(c, undefined));
  app.get('/admin/lounges/:id/edit', (c) => formPage(c, 200, { loungeId: pathId(c) }));
  app.post('/admin/lounges/:id', (c) => saveLounge(c, pathId(c)));

  app.post('/admin/lounges/:id/staff', async (c) => {
    const loungeId = pathId(c);
    const form = staffSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const assigned = form.data.assigned === '1';
    const result = await setLoungeStaff(deps, actorOf(c), { loungeId, userId: Number(form.data.userId), assigned });
    if (!result.ok) {
      if (result.error === 'not_staff') return loungesPage(c, { key: 'admin.lounges.notStaff', status: 422 });
      failWith(result.error);
    }
    setFlash(c, 'success', assigned ? 'admin.lounges.staffAssigned' : 'admin.lounges.staffRemoved');
    return c.redirect('/admin/lounges', 303);
  });

  /** The report's period: a day (or the week starting on it) chosen in the form; today by default. */
  const period = (c: Context<AppEnv>) => {
    const zone = deps.config.timeZone;
    const asked = c.req.query('day');
    const day = (asked && parseLocalDate(asked, zone)) || startOfZonedDay(deps.clock.now(), zone);
    const range: 'day' | 'week' = c.req.query('range') === 'week' ? 'week' : 'day';
    return { day, range };
  };

  app.get('/admin/lounges/:id/occupancy', async (c) => {
    const { day, range } = period(c);
    const report = await occupancyReport(deps, actorOf(c), pathId(c), day, range === 'week' ? 7 : 1);
    if (!report.ok) failWith(report.error);
    return renderPage(c, <LoungeOccupancyPage ui={buildUi(c, deps)} report={report.value} range={range} />);
  });

  for (const format of SHEET_FORMATS) {
    app.get(`/admin/lounges/:id/visits.${format}`, async (c) => {
      const { day, range } = period(c);
      const report = await occupancyReport(deps, actorOf(c), pathId(c), day, range === 'week' ? 7 : 1);
      if (!report.ok) failWith(report.error);
      const ui = buildUi(c, deps);
      const from = toLocalDateValue(report.value.from, deps.config.timeZone);
      const filename = `visits-${report.value.lounge.code}-${from}-${range}`;
      return sheetResponse(c, visitsTable(report.value.visits, ui), { format, filename, dates: csvDatesOf(ui.fmt), zone: deps.config.timeZone });
    });
  }

  /** Tier allowances and one member's statement, with the forms to correct them. */
  const entitlementsPage = async (c: Context<AppEnv>, opts: { phone?: string; year?: number; status?: 200 | 404 | 422; errors?: Record<string, Problem>; values?: Record<string, string> } = {}) => {
    const ui = buildUi(c, deps);
    const now = thisYear();
    const year = opts.year ?? statementYear(c.req.query('year'), now);
    const phone = opts.phone ?? searchText(c.req.query('phone'));
    const lookup = phone ? await lookupEntitlements(deps, actorOf(c), phone, year) : null;
    if (lookup && !lookup.ok) failWith(lookup.error);
    const errors = Object.fromEntries(Object.entries(opts.errors ?? {}).map(([k, p]) => [k, ui.t(p.key, p.params as MessageParams | undefined)]));
    return renderPage(
      c,
      <EntitlementsPage ui={ui} tiers={await listTiers(deps)} phone={phone} year={year} years={statementYears(now)} lookup={lookup?.ok ? lookup.value : null} errors={errors} values={opts.values ?? {}} />,
      opts.status ?? 200,
    );
  };

  app.get('/admin/entitlements', (c) => entitlementsPage(c));

  app.post('/admin/entitlements/:id/adjust', async (c) => {
    const userId = pathId(c);
    const body = await c.req.parseBody();
    const form = adjustSchema.safeParse(body);
    const phone = await memberPhoneFor(deps, actorOf(c), userId);
    const typed = formValues(body);
    const values = { 'adjust:delta': typed.delta ?? '', 'adjust:reason': typed.reason ?? '' };
    const year = typeof body.year === 'string' && /^\d{4}$/.test(body.year) ? Number(body.year) : thisYear();
    if (!form.success) {
      const errors = Object.fromEntries(Object.entries(problemsOf(form.error, body)).map(([k, p]) => [`adjust:${k}`, p]));
      return entitlementsPage(c, { phone, year, status: 422, errors, values });
    }
    const result = await adjustEntitlement(deps, actorOf(c), { userId, year: Number(form.data.year), delta: form.data.delta, reason: form.data.reason });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      return entitlementsPage(c, { phone, year, status: 422, errors: { 'adjust:_form': { key: result.error === 'zero' ? 'admin.entitlements.deltaZero' : 'admin.entitlements.notMember' } }, values });
    }
    setFlash(c, 'success', 'admin.entitlements.adjusted', { count: result.value.remaining });
    return c.redirect(`/admin/entitlements?phone=${encodeURIComponent(phone)}&year=${form.data.year}`, 303);
  });

  app.post('/admin/entitlements/:id/tier', async (c) => {
    const userId = pathId(c);
    const form = tierSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const phone = await memberPhoneFor(deps, actorOf(c), userId);
    const result = await changeMemberTier(deps, actorOf(c), { userId, tierCode: form.data.tier });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      if (result.error === 'same_tier') {
        setFlash(c, 'info', 'admin.entitlements.sameTier');
        return c.redirect(`/admin/entitlements?phone=${encodeURIComponent(phone)}`, 303);
      }
      return entitlementsPage(c, { phone, status: 422, errors: { 'changeTier:tier': { key: result.error === 'tier_unknown' ? 'validation.invalid' : 'admin.entitlements.notMember' } } });
    }
    const { locale } = requestText(c, deps);
    setFlash(c, 'success', 'admin.entitlements.tierChanged', { tier: pick({ locale }, result.value.to.nameZh, result.value.to.nameEn), count: result.value.balance.remaining });
    return c.redirect(`/admin/entitlements?phone=${encodeURIComponent(phone)}`, 303);
  });

  return app;
}
