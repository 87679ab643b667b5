import { Hono } from 'hono';
import { z } from 'zod';
import { ClubPageView } from '../../views/clubs/detail';
import { JoinConfirmPage, JoinRefusedPage, refusalText } from '../../views/clubs/join';
import { ClubListPage } from '../../views/clubs/list';
import { pick } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import { safeNextPath } from '../auth/policy';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { failWith } from '../lib/http-errors';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import type { JoinRefusal } from './policy';
import { getClubPage, joinClub, leaveClub, listClubs, parseClubFilters, previewJoin } from './service';

const leaveSchema = z.object({ back: z.string().max(2048).optional() }).strict();

const refusalStatus: Record<JoinRefusal, 403 | 409> = {
  not_member_role: 403,
  disabled: 403,
  tier_too_low: 403,
  archived: 409,
  already_member: 409,
};

/** Members browse and join clubs; coordinators and admins can read the same pages. */
export function clubRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/clubs', requireSection('clubs'));
  app.use('/clubs/*', requireSection('clubs'));

  app.get('/clubs', async (c) => {
    const filters = parseClubFilters({ city: c.req.query('city'), category: c.req.query('category') });
    const items = await listClubs(deps, actorOf(c), filters);
    return renderPage(c, <ClubListPage ui={buildUi(c, deps)} items={items} filters={filters} />);
  });

  app.get('/clubs/:id', async (c) => {
    const page = await getClubPage(deps, actorOf(c), pathId(c));
    if (!page.ok) failWith(page.error);
    return renderPage(c, <ClubPageView ui={buildUi(c, deps)} page={page.value} />);
  });

  /** The confirmation step: says exactly what joining means; nothing is written. */
  app.get('/clubs/:id/join', async (c) => {
    const ui = buildUi(c, deps);
    const preview = await previewJoin(deps, actorOf(c), pathId(c));
    if (preview.ok) return renderPage(c, <JoinConfirmPage ui={ui} preview={preview.value} />);
    if (preview.error === 'not_found') failWith('not_found');
    const { club, minTier, ownTier } = preview;
    const message = refusalText(ui, preview.error, minTier, ownTier);
    return renderPage(c, <JoinRefusedPage ui={ui} clubId={club.id} clubName={pick(ui, club.nameZh, club.nameEn)} message={message} />, refusalStatus[preview.error]);
  });

  app.post('/clubs/:id/join', async (c) => {
    const clubId = pathId(c);
    const result = await joinClub(deps, actorOf(c), clubId);
    if (result.ok) {
      const club = pick(requestText(c, deps), result.value.club.nameZh, result.value.club.nameEn);
      setFlash(c, 'success', `join.done.${result.value.status}`, { club, count: result.value.position ?? 0 });
      return c.redirect(`/clubs/${clubId}`, 303);
    }
    if (result.error === 'not_found') failWith('not_found');
    if (result.error === 'already_member') {
      // most often a second click on the same button: show where they stand rather than an error
      setFlash(c, 'info', 'join.refused.already_member');
      return c.redirect(`/clubs/${clubId}`, 303);
    }
    const ui = buildUi(c, deps);
    const preview = await previewJoin(deps, actorOf(c), clubId);
    const facts = !preview.ok && preview.error !== 'not_found' ? preview : null;
    const message = refusalText(ui, result.error, facts?.minTier ?? null, facts?.ownTier ?? null);
    const name = facts ? pick(ui, facts.club.nameZh, facts.club.nameEn) : '';
    return renderPage(c, <JoinRefusedPage ui={ui} clubId={clubId} clubName={name} message={message} />, refusalStatus[result.error]);
  });

  /** Leaving takes one step and no reason. */
  app.post('/clubs/:id/leave', async (c) => {
    const clubId = pathId(c);
    const parsed = leaveSchema.safeParse(await c.req.parseBody());
    const back = (parsed.success && safeNextPath(parsed.data.back)) || `/clubs/${clubId}`;
    const result = await leaveClub(deps, actorOf(c), clubId);
    if (!result.ok) {
      if (result.error === 'not_found') failWith('not_found');
      setFlash(c, 'info', 'leave.notMember');
      return c.redirect(back, 303);
    }
    setFlash(c, 'success', `leave.done.${result.value.previous}`, { club: pick(requestText(c, deps), result.value.club.nameZh, result.value.club.nameEn) });
    return c.redirect(back, 303);
  });

  return app;
}
