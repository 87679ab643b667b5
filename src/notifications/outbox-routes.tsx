import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../lib/context';

/** Notification preferences (every signed-in person) and the admin's view of SMS / e-mail delivery. */
export function outboxRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
