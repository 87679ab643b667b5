import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClubListPage } from '../../views/clubs/list';
import { CoordinatorClubPage } from '../../views/coordinator/club';
import { CoordinatorHomePage } from '../../views/coordinator/index';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { failWith } from '../lib/http-errors';
import { parseId } from '../lib/params';
import { renderPage } from '../lib/render';
import { buildUi } from '../lib/ui';
import { getManagedClub, listClubs, listManagedClubs } from './service';

export function clubRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/clubs', requireSection('clubs'), async (c) => {
    const items = await listClubs(deps, { ...actorOf(c), tierCode: c.get('user')!.tierCode });
    return renderPage(c, <ClubListPage ui={buildUi(c, deps)} items={items} />);
  });

  app.get('/coordinator', requireSection('coordinator'), async (c) => {
    const result = await listManagedClubs(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <CoordinatorHomePage ui={buildUi(c, deps)} clubs={result.value} />);
  });

  app.get('/coordinator/clubs/:id', requireSection('coordinator'), async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) throw new HTTPException(404);
    const result = await getManagedClub(deps, actorOf(c), id);
    if (!result.ok) failWith(result.error);
    return renderPage(c, <CoordinatorClubPage ui={buildUi(c, deps)} data={result.value} />);
  });

  return app;
}
