import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { AccountPage } from '../../views/auth/account';
import type { ChildFormState } from '../../views/members/children';
import { MemberHubPage } from '../../views/members/me';
import { CancelAllPage } from '../../views/members/cancel-all';
import { tiers, users } from '../../db/schema';
import { actorOf, requireSection, requireSignedIn } from '../auth/middleware';
import { listMyMemberships } from '../clubs/service';
import { listMyRegistrations } from '../events/registration';
import { myLounges } from '../lounges/booking';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { setLangCookie } from '../lib/locale';
import { name, translateProblems, validForm, wholeNumber, type Problem } from '../lib/forms';
import { TEXT_LIMITS } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import { pathId } from '../lib/params';
import { maskPhone } from '../lib/phone';
import { renderPage } from '../lib/render';
import { zonedParts } from '../lib/time';
import { buildUi } from '../lib/ui';
import { addDependent, listDependents, removeDependent, updateDependent, type DependentError } from './dependents';
import { getMemberProfile } from './service';
import { cancelAllUpcoming, countPlans, countUpcoming, listUpcomingPlans, ratingStates } from './hub';
import { myRatingScores } from '../feedback/ratings';

const idList = z.union([z.string().regex(/^[1-9]\d{0,14}$/), z.array(z.string().regex(/^[1-9]\d{0,14}$/)).max(500)]).optional();
const cancelAllSchema = z.object({ registration: idList, booking: idList, club: idList }).strict();

/** The account's language (SMS, e-mail, this browser's pages): changed only here, by a POST from /account. */
const languageSchema = z.object({ locale: z.enum(['zh', 'en']) }).strict();

const childSchema = z.object({ name: name(TEXT_LIMITS.personName), birthYear: wholeNumber(1900, 2100) }).strict();

const childErrors: Record<Exclude<DependentError, 'forbidden' | 'not_found'>, Record<string, Problem>> = {
  birth_year_future: { birthYear: { key: 'children.error.birth_year_future' } },
  birth_year_adult: { birthYear: { key: 'children.error.birth_year_adult' } },
  too_many: { _form: { key: 'children.error.too_many' } },
};

export function memberRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/me', requireSection('me'), async (c) => {
    const actor = actorOf(c);
    const [profile, memberships, registrations, lounges, scores] = await Promise.all([
      getMemberProfile(deps, actor),
      listMyMemberships(deps, actor),
      listMyRegistrations(deps, actor),
      myLounges(deps, actor),
      myRatingScores(deps, actor),
    ]);
    if (!profile.ok) failWith(profile.error);
    const now = deps.clock.now();
    const year = zonedParts(now, deps.config.timeZone).year;
    const upcoming = countUpcoming(now, { registrations, bookings: lounges.bookings, memberships });
    const ratings = ratingStates(now, { registrations, bookings: lounges.bookings, scores });
    return renderPage(c, <MemberHubPage ui={buildUi(c, deps)} profile={profile.value} year={year} memberships={memberships} registrations={registrations} lounges={lounges} ratings={ratings} upcoming={upcoming} now={now} />);
  });

  /** The one confirmation before everything upcoming is cancelled, listing each item. */
  app.get('/me/cancel-all', requireSection('me'), async (c) => {
    const plans = await listUpcomingPlans(deps, actorOf(c));
    if (!plans.ok) failWith(plans.error);
    return renderPage(c, <CancelAllPage ui={buildUi(c, deps)} plans={plans.value} total={countPlans(plans.value)} />);
  });

  app.post('/me/cancel-all', requireSection('me'), async (c) => {
    const form = cancelAllSchema.safeParse(await c.req.parseBody({ all: true }));
    if (!form.success) throw new HTTPException(400);
    const ids = (v: string | string[] | undefined) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(Number));
    const result = await cancelAllUpcoming(deps, actorOf(c), { registrationIds: ids(form.data.registration), bookingIds: ids(form.data.booking), clubIds: ids(form.data.club) });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      setFlash(c, 'info', 'cancelAll.nothing');
      return c.redirect('/me', 303);
    }
    const { events, lounges, clubs, skipped } = result.value;
    const params = { count: events + lounges + clubs, events, lounges, clubs, skipped };
    if (skipped > 0) setFlash(c, 'info', 'cancelAll.doneSkipped', params);
    else setFlash(c, 'success', 'cancelAll.done', params);
    return c.redirect('/me', 303);
  });

  const accountPage = async (c: Context<AppEnv>, status: 200 | 404 | 422 = 200, childForm?: { target: 'new' | number; values: Record<string, string>; errors: Record<string, Problem> }) => {
    const user = c.get('user')!;
    const ui = buildUi(c, deps);
    const tier = user.tierCode ? (await deps.db.select().from(tiers).where(eq(tiers.code, user.tierCode)))[0] : undefined;
    const dependents = user.role === 'member' ? await listDependents(deps, actorOf(c)) : null;
    const state: ChildFormState | undefined = childForm ? { ...childForm, errors: translateProblems(ui.t, childForm.errors) } : undefined;
    return renderPage(
      c,
      <AccountPage
        ui={ui}
        account={{
          name: user.name,
          phoneMasked: maskPhone(user.phone),
          roleLabel: ui.t(`role.${user.role}`),
          tierLabel: tier ? (ui.locale === 'zh' ? tier.nameZh : tier.nameEn) : null,
          cardCode: user.role === 'member' ? user.cardCode : null,
          locale: user.locale,
        }}
        dependents={dependents}
        childForm={state}
      />,
      status,
    );
  };

  app.get('/account', requireSignedIn, (c) => accountPage(c));

  // A GET with ?lang= only changes this browser's pages (a cookie); the language notices are sent in changes here.
  app.post('/account/language', requireSignedIn, async (c) => {
    const form = languageSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const user = c.get('user')!;
    const locale = form.data.locale;
    await deps.db.update(users).set({ locale, updatedAt: deps.clock.now() }).where(eq(users.id, user.id));
    setLangCookie(c, locale, deps.config.isProduction);
    setFlash(c, 'success', 'account.languageSaved');
    return c.redirect('/account', 303);
  });

  app.post(
    '/account/children',
    requireSection('me'),
    validForm(childSchema, (c, { errors, values }) => accountPage(c as Context<AppEnv>, 422, { target: 'new', values, errors })),
    async (c) => {
      const form = c.req.valid('form');
      const result = await addDependent(deps, actorOf(c), form);
      if (!result.ok) {
        if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
        return accountPage(c, 422, { target: 'new', values: { name: form.name, birthYear: String(form.birthYear) }, errors: childErrors[result.error] });
      }
      setFlash(c, 'success', 'children.added', { name: result.value.name });
      return c.redirect('/account#children', 303);
    },
  );

  app.post(
    '/account/children/:id',
    requireSection('me'),
    validForm(childSchema, (c, { errors, values }) => accountPage(c as Context<AppEnv>, 422, { target: pathId(c), values, errors })),
    async (c) => {
      const id = pathId(c);
      const form = c.req.valid('form');
      const result = await updateDependent(deps, actorOf(c), id, form);
      if (!result.ok) {
        if (result.error === 'forbidden') failWith('forbidden');
        if (result.error === 'not_found') failWith('not_found'); // someone else's child looks like no child at all
        return accountPage(c, 422, { target: id, values: { name: form.name, birthYear: String(form.birthYear) }, errors: childErrors[result.error] });
      }
      setFlash(c, 'success', 'children.saved');
      return c.redirect('/account#children', 303);
    },
  );

  app.post('/account/children/:id/delete', requireSection('me'), async (c) => {
    const result = await removeDependent(deps, actorOf(c), pathId(c));
    if (!result.ok) failWith(result.error === 'forbidden' ? 'forbidden' : 'not_found');
    setFlash(c, 'success', 'children.removed');
    return c.redirect('/account#children', 303);
  });

  return app;
}
