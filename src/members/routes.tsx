import { Hono } from 'hono';
import { MemberHubPage } from '../../views/members/me';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { failWith } from '../lib/http-errors';
import { renderPage } from '../lib/render';
import { zonedParts } from '../lib/time';
import { buildUi } from '../lib/ui';
import { getMemberProfile } from './service';

export function memberRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/me', requireSection('me'), async (c) => {
    const profile = await getMemberProfile(deps, actorOf(c));
    if (!profile.ok) failWith(profile.error);
    const year = zonedParts(deps.clock.now(), deps.config.timeZone).year;
    return renderPage(c, <MemberHubPage ui={buildUi(c, deps)} profile={profile.value} year={year} />);
  });

  return app;
}
