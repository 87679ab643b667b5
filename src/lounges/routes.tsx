import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DeskHomePage } from '../../views/desk/index';
import { DeskLoungePage } from '../../views/desk/lounge';
import { LoungeListPage } from '../../views/lounges/list';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { failWith } from '../lib/http-errors';
import { parseId } from '../lib/params';
import { renderPage } from '../lib/render';
import { startOfZonedDay } from '../lib/time';
import { buildUi } from '../lib/ui';
import { getDeskLounge, listDeskLounges, listLounges } from './service';

export function loungeRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/lounges', requireSection('lounges'), async (c) => {
    const data = await listLounges(deps, { ...actorOf(c), tierCode: c.get('user')!.tierCode });
    return renderPage(c, <LoungeListPage ui={buildUi(c, deps)} lounges={data.lounges} allowance={data.allowance} />);
  });

  app.get('/desk', requireSection('desk'), async (c) => {
    const result = await listDeskLounges(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <DeskHomePage ui={buildUi(c, deps)} lounges={result.value} />);
  });

  app.get('/desk/lounges/:id', requireSection('desk'), async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === null) throw new HTTPException(404);
    const result = await getDeskLounge(deps, actorOf(c), id);
    if (!result.ok) failWith(result.error);
    const today = startOfZonedDay(deps.clock.now(), deps.config.timeZone);
    return renderPage(c, <DeskLoungePage ui={buildUi(c, deps)} lounge={result.value} today={today} />);
  });

  return app;
}
