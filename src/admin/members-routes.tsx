import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { MembersPage } from '../../views/admin/members';
import { PersonPage } from '../../views/admin/member';
import { DisableConfirmPage, PasswordReissuedPage, ReissueConfirmPage } from '../../views/admin/member-confirm';
import { pick } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { problemsOf, translateProblems, type Problem } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import type { MessageKey } from '../lib/i18n';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import { setLoungeStaff } from '../lounges/admin';
import { changeMemberTier } from '../lounges/allowances';
import { reissueInitialPassword, setUserDisabled } from '../members/service';
import { getPersonDetail } from './member-detail';
import { parsePeopleQuery, searchPeople } from './members';
import { setClubCoordinator } from './staff';

const ID = '/admin/members/:id{[0-9]+}';

const tierSchema = z.object({ tier: z.string().trim().min(1, { error: 'validation.required' }).max(32) }).strict();
const idField = z.string().regex(/^[1-9]\d{0,9}$/).transform(Number);
const clubSchema = z.object({ clubId: idField, assigned: z.enum(['0', '1']) }).strict();
const loungeSchema = z.object({ loungeId: idField, assigned: z.enum(['0', '1']) }).strict();

/** Members and staff: search, a person's page (tier, disable, password re-issue, scopes). Admins only. */
export function adminMemberRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/admin/members', requireSection('admin'));
  app.use('/admin/members/*', requireSection('admin'));

  app.get('/admin/members', async (c) => {
    const result = await searchPeople(deps, actorOf(c), parsePeopleQuery(new URL(c.req.url).searchParams));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <MembersPage ui={buildUi(c, deps)} data={result.value} />);
  });

  const personPage = async (c: Context<AppEnv>, userId: number, status: 200 | 409 | 422 = 200, extra: { problem?: MessageKey; errors?: Record<string, Problem>; values?: Record<string, string> } = {}) => {
    const detail = await getPersonDetail(deps, actorOf(c), userId);
    if (!detail.ok) failWith(detail.error);
    const ui = buildUi(c, deps);
    return renderPage(
      c,
      <PersonPage ui={ui} detail={detail.value} problem={extra.problem ? ui.t(extra.problem) : undefined} errors={translateProblems(ui.t, extra.errors ?? {})} values={extra.values ?? {}} />,
      status,
    );
  };

  const backTo = (c: Context<AppEnv>, userId: number) => c.redirect(`/admin/members/${userId}`, 303);

  app.get(ID, (c) => personPage(c, pathId(c)));

  app.post(`${ID}/tier`, async (c) => {
    const userId = pathId(c);
    const body = await c.req.parseBody();
    const form = tierSchema.safeParse(body);
    const values = { tier: typeof body.tier === 'string' ? body.tier : '' };
    if (!form.success) return personPage(c, userId, 422, { errors: { tier: Object.values(problemsOf(form.error, body))[0]! }, values });
    const result = await changeMemberTier(deps, actorOf(c), { userId, tierCode: form.data.tier });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      if (result.error === 'same_tier') {
        setFlash(c, 'info', 'admin.person.sameTier');
        return backTo(c, userId);
      }
      if (result.error === 'tier_unknown') return personPage(c, userId, 422, { errors: { tier: { key: 'validation.invalid' } }, values });
      // not a member (staff have no tier form): said at the top; a missing person answers 404 from the page itself
      return personPage(c, userId, 422, { problem: 'admin.person.notMember' });
    }
    const { to, balance } = result.value;
    setFlash(c, 'success', 'admin.person.tierChanged', { tier: pick(requestText(c, deps), to.nameZh, to.nameEn), count: balance.remaining });
    return backTo(c, userId);
  });

  app.get(`${ID}/disable`, async (c) => {
    const userId = pathId(c);
    const detail = await getPersonDetail(deps, actorOf(c), userId);
    if (!detail.ok) failWith(detail.error);
    if (detail.value.person.disabledAt !== null) {
      setFlash(c, 'info', 'admin.person.alreadyDisabled');
      return backTo(c, userId);
    }
    return renderPage(c, <DisableConfirmPage ui={buildUi(c, deps)} detail={detail.value} />);
  });

  const setDisabled = (disabled: boolean) => async (c: Context<AppEnv>) => {
    const userId = pathId(c);
    const result = await setUserDisabled(deps, actorOf(c), userId, disabled);
    if (!result.ok) {
      if (result.error === 'self') return personPage(c, userId, 409, { problem: 'admin.person.selfRefused' });
      failWith(result.error);
    }
    if (!result.value.changed) setFlash(c, 'info', disabled ? 'admin.person.alreadyDisabled' : 'admin.person.alreadyEnabled');
    else if (disabled) setFlash(c, 'success', 'admin.person.disabledDone', { count: result.value.sessionsEnded });
    else setFlash(c, 'success', 'admin.person.enabledDone');
    return backTo(c, userId);
  };
  app.post(`${ID}/disable`, setDisabled(true));
  app.post(`${ID}/enable`, setDisabled(false));

  const reissuePage = async (c: Context<AppEnv>, userId: number, status: 200 | 409, problem?: MessageKey) => {
    const detail = await getPersonDetail(deps, actorOf(c), userId);
    if (!detail.ok) failWith(detail.error);
    const d = detail.value;
    const ui = buildUi(c, deps);
    const refusal = problem ?? (d.isSelf ? 'admin.person.selfReissue' : d.person.disabledAt !== null ? 'admin.person.disabledReissue' : undefined);
    return renderPage(c, <ReissueConfirmPage ui={ui} detail={d} problem={refusal ? ui.t(refusal) : undefined} />, status);
  };

  app.get(`${ID}/password`, (c) => reissuePage(c, pathId(c), 200));

  app.post(`${ID}/password`, async (c) => {
    const userId = pathId(c);
    const result = await reissueInitialPassword(deps, actorOf(c), userId);
    if (!result.ok) {
      if (result.error === 'forbidden' || result.error === 'not_found') failWith(result.error);
      return reissuePage(c, userId, 409, result.error === 'self' ? 'admin.person.selfReissue' : 'admin.person.disabledReissue');
    }
    // shown on this response only: never cached, never in a redirect or cookie
    c.header('Cache-Control', 'no-store');
    const { name, phone, role, initialPassword } = result.value;
    return renderPage(c, <PasswordReissuedPage ui={buildUi(c, deps)} userId={userId} name={name} phone={phone} initialPassword={initialPassword} member={role === 'member'} />);
  });

  app.post(`${ID}/clubs`, async (c) => {
    const userId = pathId(c);
    const form = clubSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const assigned = form.data.assigned === '1';
    const result = await setClubCoordinator(deps, actorOf(c), { clubId: form.data.clubId, userId, assigned });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      // someone who is not a coordinator has no clubs section: the refusal is said at the top of their page
      if (result.error === 'not_coordinator') return personPage(c, userId, 422, { problem: 'admin.scopes.wrongRole' });
      return personPage(c, userId, 422, { errors: { clubs: { key: result.error === 'archived' ? 'admin.scopes.archived' : 'admin.scopes.unknown' } } });
    }
    setFlash(c, 'success', assigned ? 'admin.scopes.clubAssigned' : 'admin.scopes.clubRemoved');
    return backTo(c, userId);
  });

  app.post(`${ID}/lounges`, async (c) => {
    const userId = pathId(c);
    const form = loungeSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400);
    const assigned = form.data.assigned === '1';
    const result = await setLoungeStaff(deps, actorOf(c), { loungeId: form.data.loungeId, userId, assigned });
    if (!result.ok) {
      if (result.error === 'forbidden') failWith('forbidden');
      if (result.error === 'not_staff') return personPage(c, userId, 422, { problem: 'admin.scopes.wrongRole' });
      return personPage(c, userId, 422, { errors: { lounges: { key: 'admin.scopes.unknown' } } });
    }
    setFlash(c, 'success', assigned ? 'admin.scopes.loungeAssigned' : 'admin.scopes.loungeRemoved');
    return backTo(c, userId);
  });

  return app;
}
