import { Hono } from 'hono';
import { EventListPage } from '../../views/events/list';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { renderPage } from '../lib/render';
import { buildUi } from '../lib/ui';
import { listUpcomingEvents } from './service';

export function eventRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/events', requireSection('events'), async (c) => {
    const items = await listUpcomingEvents(deps, { ...actorOf(c), tierCode: c.get('user')!.tierCode });
    return renderPage(c, <EventListPage ui={buildUi(c, deps)} items={items} />);
  });

  return app;
}
