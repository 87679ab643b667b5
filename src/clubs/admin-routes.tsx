import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AdminClubsPage, ClubFormPage } from '../../views/admin/clubs';
import { pick } from '../../views/ui';
import { CITIES, CLUB_CATEGORIES } from '../../db/schema';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { checkbox, formValues, multiLineText, name, singleLineText, translateProblems, validForm, wholeNumber, type Problem } from '../lib/forms';
import { TEXT_LIMITS as L } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import { listTiers } from '../members/service';
import { createClub, listAllClubs, setClubArchived, updateClub, type ClubInput } from './admin';
import { countsForClub, findClub } from './waitlist';

const optionalText = (max: number) => multiLineText(max, { optional: true }).transform((v) => (v === '' ? null : v));

const clubSchema = z
  .object({
    nameZh: name(L.clubName),
    nameEn: name(L.clubName),
    category: z.enum(CLUB_CATEGORIES, { error: 'validation.invalid' }),
    city: z.enum(CITIES, { error: 'validation.invalid' }),
    descriptionZh: multiLineText(L.clubDescription),
    descriptionEn: multiLineText(L.clubDescription),
    termsZh: optionalText(L.clubTerms).optional(),
    termsEn: optionalText(L.clubTerms).optional(),
    minTier: z.string().max(32).optional(),
    capacity: wholeNumber(1, 100_000),
    requiresApproval: checkbox,
  })
  .strict();

const archiveSchema = z.object({ reason: singleLineText(L.reason) }).strict();

function toInput(form: z.infer<typeof clubSchema>): ClubInput {
  return {
    nameZh: form.nameZh,
    nameEn: form.nameEn,
    category: form.category,
    city: form.city,
    descriptionZh: form.descriptionZh,
    descriptionEn: form.descriptionEn,
    termsZh: form.termsZh ?? null,
    termsEn: form.termsEn ?? null,
    minTier: form.minTier ? form.minTier : null,
    capacity: form.capacity,
    requiresApproval: form.requiresApproval,
  };
}

export function clubAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/admin/clubs', requireSection('admin'));
  app.use('/admin/clubs/*', requireSection('admin'));

  const formPage = async (
    c: Context<AppEnv>,
    status: 200 | 409 | 422,
    opts: { clubId?: number; values?: Record<string, string>; errors?: Record<string, Problem>; archiveError?: Problem; archiveReason?: string } = {},
  ) => {
    const ui = buildUi(c, deps);
    const club = opts.clubId ? await findClub(deps.db, opts.clubId) : undefined;
    if (opts.clubId && !club) failWith('not_found');
    const counts = club ? await countsForClub(deps.db, club.id) : null;
    return renderPage(
      c,
      <ClubFormPage
        ui={ui}
        tiers={await listTiers(deps)}
        {...(club ? { club } : {})}
        active={counts ? counts.active + counts.pending + counts.waitlisted : 0}
        {...(opts.values ? { values: opts.values } : {})}
        errors={translateProblems(ui.t, opts.errors ?? {})}
        {...(opts.archiveError ? { archiveError: ui.t(opts.archiveError.key, opts.archiveError.params) } : {})}
        {...(opts.archiveReason ? { archiveReason: opts.archiveReason } : {})}
      />,
      status,
    );
  };

  app.get('/admin/clubs', async (c) => {
    const result = await listAllClubs(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <AdminClubsPage ui={buildUi(c, deps)} clubs={result.value} />);
  });

  app.get('/admin/clubs/new', (c) => formPage(c, 200));

  app.post(
    '/admin/clubs',
    validForm(clubSchema, (c, { errors, values }) => formPage(c as Context<AppEnv>, 422, { values, errors })),
    async (c) => {
      const form = c.req.valid('form');
      const result = await createClub(deps, actorOf(c), toInput(form));
      if (!result.ok) {
        if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
        return formPage(c, 422, { values: await rawValues(c), errors: { minTier: { key: 'validation.invalid' } } });
      }
      setFlash(c, 'success', 'admin.clubs.created', { club: pick(requestText(c, deps), result.value.nameZh, result.value.nameEn) });
      return c.redirect('/admin/clubs', 303);
    },
  );

  app.get('/admin/clubs/:id/edit', (c) => formPage(c, 200, { clubId: pathId(c) }));

  app.post(
    '/admin/clubs/:id',
    validForm(clubSchema, (c, { errors, values }) => formPage(c as Context<AppEnv>, 422, { clubId: pathId(c), values, errors })),
    async (c) => {
      const id = pathId(c);
      const result = await updateClub(deps, actorOf(c), id, toInput(c.req.valid('form')));
      if (!result.ok) {
        if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
        const errors: Record<string, Problem> =
          result.error === 'capacity_below_active'
            ? { capacity: { key: 'admin.clubs.capacityBelowActive', params: { count: 'active' in result ? result.active : 0 } } }
            : { minTier: { key: 'validation.invalid' } };
        return formPage(c, result.error === 'capacity_below_active' ? 409 : 422, { clubId: id, values: await rawValues(c), errors });
      }
      const { club, promoted } = result.value;
      const label = pick(requestText(c, deps), club.nameZh, club.nameEn);
      if (promoted > 0) setFlash(c, 'success', 'admin.clubs.savedPromoted', { club: label, count: promoted });
      else setFlash(c, 'success', 'admin.clubs.saved', { club: label });
      return c.redirect('/admin/clubs', 303);
    },
  );

  app.post(
    '/admin/clubs/:id/archive',
    validForm(archiveSchema, (c, { errors, values }) => formPage(c as Context<AppEnv>, 422, { clubId: pathId(c), archiveError: errors.reason ?? errors._form ?? { key: 'validation.invalid' }, archiveReason: values.reason ?? '' })),
    async (c) => {
      const id = pathId(c);
      const result = await setClubArchived(deps, actorOf(c), id, true, c.req.valid('form').reason);
      if (!result.ok) {
        if (result.error === 'reason_required') return formPage(c, 422, { clubId: id, archiveError: { key: 'validation.required' } });
        failWith(result.error);
      }
      const club = (await findClub(deps.db, id))!;
      setFlash(c, 'success', 'admin.clubs.archivedDone', { club: pick(requestText(c, deps), club.nameZh, club.nameEn), count: result.value.ended });
      return c.redirect('/admin/clubs', 303);
    },
  );

  app.post('/admin/clubs/:id/reopen', async (c) => {
    const id = pathId(c);
    const result = await setClubArchived(deps, actorOf(c), id, false, null);
    if (!result.ok) failWith(result.error === 'reason_required' ? 'not_found' : result.error);
    const club = (await findClub(deps.db, id))!;
    setFlash(c, 'success', 'admin.clubs.reopened', { club: pick(requestText(c, deps), club.nameZh, club.nameEn) });
    return c.redirect('/admin/clubs', 303);
  });

  return app;
}

/** The submitted form again (already parsed and cached by the validator), to refill the form. */
async function rawValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  return formValues(await c.req.parseBody());
}
