import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** Feedback and complaints (member side and the staff queue) and satisfaction ratings. */
export function feedbackRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
