import { Hono } from 'hono';
import { LandingPage } from '../../views/home/landing';
import { MemberHomePage } from '../../views/home/member';
import { actorOf } from '../auth/middleware';
import { homePathFor } from '../auth/policy';
import { listUpcomingEvents } from '../events/service';
import type { AppDeps, AppEnv } from '../lib/context';
import { failWith } from '../lib/http-errors';
import { renderPage } from '../lib/render';
import { buildUi } from '../lib/ui';
import { getMemberProfile } from '../members/service';
import { frontPage } from './front';

export function homeRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  /** Signed-out visitors see what the programme offers (src/home/front.ts); members their card; staff go to their own section. */
  app.get('/', async (c) => {
    const user = c.get('user');
    if (!user) return renderPage(c, <LandingPage ui={buildUi(c, deps)} data={await frontPage(deps)} />);
    if (user.role !== 'member') return c.redirect(homePathFor(user.role), 303);
    const actor = actorOf(c);
    const [profile, events] = await Promise.all([getMemberProfile(deps, actor), listUpcomingEvents(deps, actor, {}, 3)]);
    if (!profile.ok) failWith(profile.error);
    return renderPage(c, <MemberHomePage ui={buildUi(c, deps)} profile={profile.value} upcoming={events} />);
  });

  return app;
}
