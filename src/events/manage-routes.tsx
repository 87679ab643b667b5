import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { EventFormPage } from '../../views/coordinator/event-form';
import { ManagedEventsPage } from '../../views/coordinator/events';
import { pick } from '../../views/ui';
import { CITIES } from '../../db/schema';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { checkbox, formValues, multiLineText, name, singleLineText, translateProblems, validForm, wholeNumber, type Problem } from '../lib/forms';
import { TEXT_LIMITS as L } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import type { MessageKey } from '../lib/i18n';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { addZonedDays, parseLocalDateTime, toLocalDateTimeValue } from '../lib/time';
import { buildUi, requestText } from '../lib/ui';
import { listTiers } from '../members/service';
import { cancelEvent, createEvent, listManagedEvents, managedEvent, updateEvent, type EventEditError, type EventInput } from './manage';
import type { EventRow } from './service';

const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'evm.error.dateTime' });
const optionalAge = z.union([z.literal(''), wholeNumber(0, 17)]).optional();

const eventSchema = z
  .object({
    clubId: z.union([z.literal(''), z.string().regex(/^[1-9]\d{0,9}$/)]),
    city: z.enum(CITIES, { error: 'validation.invalid' }),
    titleZh: name(L.eventTitleZh),
    titleEn: name(L.eventTitleEn),
    descriptionZh: multiLineText(L.eventDescription),
    descriptionEn: multiLineText(L.eventDescription),
    venueZh: singleLineText(L.eventVenueZh),
    venueEn: singleLineText(L.eventVenueEn),
    startsAt: dateTime,
    endsAt: dateTime,
    opensAt: dateTime,
    closesAt: dateTime,
    capacity: wholeNumber(1, 100_000),
    maxGuests: wholeNumber(0, 10),
    minTier: z.string().max(32).optional(),
    requiresClubMembership: checkbox,
    childMinAge: optionalAge,
    childMaxAge: optionalAge,
    /** "the start has passed, save anyway", offered once a start in the past was refused */
    confirmPast: checkbox,
  })
  .strict();

const cancelSchema = z.object({ reason: singleLineText(L.reason) }).strict();

/** Which field an edit error belongs to. */
const errorField: Record<string, string> = {
  ends_before_start: 'endsAt',
  closes_after_start: 'closesAt',
  closes_before_opens: 'closesAt',
  child_ages: 'childMinAge',
  club_required: 'clubId',
  club_unknown: 'clubId',
  tier_unknown: 'minTier',
  capacity_below_confirmed: 'capacity',
  starts_in_past: 'startsAt',
  cancelled: '_form',
  forbidden: 'clubId',
};

export function eventDeskRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/coordinator/events', requireSection('coordinator'));
  app.use('/coordinator/events/*', requireSection('coordinator'));
  const zone = deps.config.timeZone;

  const valuesOf = (e: EventRow): Record<string, string> => ({
    clubId: e.clubId === null ? '' : String(e.clubId),
    city: e.city,
    titleZh: e.titleZh,
    titleEn: e.titleEn,
    descriptionZh: e.descriptionZh,
    descriptionEn: e.descriptionEn,
    venueZh: e.venueZh,
    venueEn: e.venueEn,
    startsAt: toLocalDateTimeValue(e.startsAt, zone),
    endsAt: toLocalDateTimeValue(e.endsAt, zone),
    opensAt: toLocalDateTimeValue(e.opensAt, zone),
    closesAt: toLocalDateTimeValue(e.closesAt, zone),
    capacity: String(e.capacity),
    maxGuests: String(e.maxGuests),
    minTier: e.minTier ?? '',
    ...(e.requiresClubMembership ? { requiresClubMembership: 'on' } : {}),
    childMinAge: e.childMinAge === null ? '' : String(e.childMinAge),
    childMaxAge: e.childMaxAge === null ? '' : String(e.childMaxAge),
  });

  const defaults = (): Record<string, string> => {
    const start = addZonedDays(deps.clock.now(), 14, zone);
    return {
      clubId: '',
      city: 'haikou',
      startsAt: toLocalDateTimeValue(start, zone).slice(0, 11) + '19:00',
      endsAt: toLocalDateTimeValue(start, zone).slice(0, 11) + '21:00',
      opensAt: toLocalDateTimeValue(addZonedDays(deps.clock.now(), 1, zone), zone).slice(0, 11) + '10:00',
      closesAt: toLocalDateTimeValue(start, zone).slice(0, 11) + '12:00',
      capacity: '50',
      maxGuests: '1',
      minTier: '',
    };
  };

  const formPage = async (
    c: Context<AppEnv>,
    status: 200 | 409 | 422,
    opts: { event?: EventRow; values?: Record<string, string>; errors?: Record<string, Problem>; cancelError?: Problem; cancelReason?: string } = {},
  ) => {
    const actor = actorOf(c);
    const ui = buildUi(c, deps);
    const managed = await listManagedEvents(deps, actor);
    if (!managed.ok) failWith(managed.error);
    return renderPage(
      c,
      <EventFormPage
        ui={ui}
        {...(opts.event ? { event: opts.event } : {})}
        clubs={managed.value.clubs}
        allowProgrammeWide={actor.role === 'admin'}
        tiers={await listTiers(deps)}
        values={opts.values ?? (opts.event ? valuesOf(opts.event) : defaults())}
        errors={translateProblems(ui.t, opts.errors ?? {})}
        askConfirmPast={opts.errors?.startsAt?.key === 'evm.error.starts_in_past' || opts.values?.confirmPast === 'on'}
        {...(opts.cancelError ? { cancelError: ui.t(opts.cancelError.key, opts.cancelError.params) } : {})}
        {...(opts.cancelReason !== undefined ? { cancelReason: opts.cancelReason } : {})}
      />,
      status,
    );
  };

  /** Converts the form to an event; wall-clock times are read in the programme's zone. */
  const toInput = (form: z.infer<typeof eventSchema>): EventInput | { field: string } => {
    const times: Record<'startsAt' | 'endsAt' | 'opensAt' | 'closesAt', number> = { startsAt: 0, endsAt: 0, opensAt: 0, closesAt: 0 };
    for (const key of ['startsAt', 'endsAt', 'opensAt', 'closesAt'] as const) {
      const ms = parseLocalDateTime(form[key], zone);
      if (ms === null) return { field: key };
      times[key] = ms;
    }
    return {
      clubId: form.clubId === '' ? null : Number(form.clubId),
      city: form.city,
      titleZh: form.titleZh,
      titleEn: form.titleEn,
      descriptionZh: form.descriptionZh,
      descriptionEn: form.descriptionEn,
      venueZh: form.venueZh,
      venueEn: form.venueEn,
      ...times,
      capacity: form.capacity,
      maxGuests: form.maxGuests,
      minTier: form.minTier ? form.minTier : null,
      requiresClubMembership: form.requiresClubMembership,
      childMinAge: typeof form.childMinAge === 'number' ? form.childMinAge : null,
      childMaxAge: typeof form.childMaxAge === 'number' ? form.childMaxAge : null,
    };
  };

  /** The refusal at its field; an impossible year names the years allowed. */
  const editErrors = (refusal: { error: EventEditError | 'capacity_below_confirmed' | 'year_out_of_range'; confirmedSeats?: number; field?: string; from?: number; to?: number }): Record<string, Problem> => {
    const { error } = refusal;
    if (error === 'year_out_of_range') return { [refusal.field ?? 'startsAt']: { key: 'evm.error.year_out_of_range', params: { from: refusal.from ?? 0, to: refusal.to ?? 0 } } };
    return { [errorField[error] ?? '_form']: { key: (error === 'forbidden' ? 'evm.error.club_required' : `evm.error.${error}`) as MessageKey, params: { count: refusal.confirmedSeats ?? 0 } } };
  };

  app.get('/coordinator/events', async (c) => {
    const result = await listManagedEvents(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <ManagedEventsPage ui={buildUi(c, deps)} items={result.value.events} now={deps.clock.now()} />);
  });

  app.get('/coordinator/events/new', (c) => formPage(c, 200));

  app.post(
    '/coordinator/events',
    validForm(eventSchema, (c, { errors, values }) => formPage(c as Context<AppEnv>, 422, { values, errors })),
    async (c) => {
      const values = formValues(await c.req.parseBody());
      const form = c.req.valid('form');
      const input = toInput(form);
      if ('field' in input) return formPage(c, 422, { values, errors: { [input.field]: { key: 'evm.error.dateTime' } } });
      const result = await createEvent(deps, actorOf(c), input, { confirmPast: form.confirmPast });
      if (!result.ok) return formPage(c, 422, { values, errors: editErrors(result) });
      setFlash(c, 'success', 'evm.created', { event: pick(requestText(c, deps), result.value.titleZh, result.value.titleEn) });
      return c.redirect('/coordinator/events', 303);
    },
  );

  app.get('/coordinator/events/:id/edit', async (c) => {
    const event = await managedEvent(deps.db, actorOf(c), pathId(c));
    if (!event.ok) failWith(event.error);
    return formPage(c, 200, { event: event.value });
  });

  app.post(
    '/coordinator/events/:id',
    validForm(eventSchema, async (c, { errors, values }) => {
      const event = await managedEvent(deps.db, actorOf(c as Context<AppEnv>), pathId(c));
      if (!event.ok) failWith(event.error);
      return formPage(c as Context<AppEnv>, 422, { event: event.value, values, errors });
    }),
    async (c) => {
      const eventId = pathId(c);
      const before = await managedEvent(deps.db, actorOf(c), eventId);
      if (!before.ok) failWith(before.error);
      const values = formValues(await c.req.parseBody());
      const form = c.req.valid('form');
      const input = toInput(form);
      if ('field' in input) return formPage(c, 422, { event: before.value, values, errors: { [input.field]: { key: 'evm.error.dateTime' } } });
      const result = await updateEvent(deps, actorOf(c), eventId, input, { confirmPast: form.confirmPast });
      if (!result.ok) {
        if (result.error === 'not_found') failWith('not_found');
        const status = result.error === 'capacity_below_confirmed' ? 409 : 422;
        return formPage(c, status, { event: before.value, values, errors: editErrors(result) });
      }
      const label = pick(requestText(c, deps), result.value.event.titleZh, result.value.event.titleEn);
      if (result.value.promoted > 0) setFlash(c, 'success', 'evm.savedPromoted', { event: label, count: result.value.promoted });
      else setFlash(c, 'success', 'evm.saved', { event: label });
      return c.redirect('/coordinator/events', 303);
    },
  );

  app.post(
    '/coordinator/events/:id/cancel',
    validForm(cancelSchema, async (c, { errors, values }) => {
      const event = await managedEvent(deps.db, actorOf(c as Context<AppEnv>), pathId(c));
      if (!event.ok) failWith(event.error);
      return formPage(c as Context<AppEnv>, 422, { event: event.value, cancelError: errors.reason ?? errors._form ?? { key: 'validation.invalid' }, cancelReason: values.reason ?? '' });
    }),
    async (c) => {
      const eventId = pathId(c);
      const result = await cancelEvent(deps, actorOf(c), eventId, c.req.valid('form').reason);
      if (!result.ok) {
        if (result.error === 'cancelled') failWith('not_found');
        failWith(result.error);
      }
      const [event] = await deps.db.query.events.findMany({ where: (e, { eq }) => eq(e.id, eventId), limit: 1 });
      setFlash(c, 'success', 'evm.cancelled', { event: pick(requestText(c, deps), event!.titleZh, event!.titleEn), count: result.value.ended });
      return c.redirect('/coordinator/events', 303);
    },
  );

  return app;
}
