import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** Members and staff: search, a member's page (tier, disable, password re-issue, scopes). */
export function adminMemberRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
