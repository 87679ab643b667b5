import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { InboxPage } from '../../views/notifications/inbox';
import { actorOf, requireSignedIn } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { isPartialRequest } from '../lib/htmx';
import { renderPage } from '../lib/render';
import { buildUi } from '../lib/ui';
import { listInbox, markRead, unreadCount as countUnread } from './service';

const readSchema = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/).optional() }).strict();

/** The in-app inbox, for every signed-in role. */
export function inboxRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/inbox', requireSignedIn);
  app.use('/inbox/*', requireSignedIn);

  app.get('/inbox', async (c) => {
    const items = await listInbox(deps, actorOf(c));
    return renderPage(c, <InboxPage ui={buildUi(c, deps)} items={items} />);
  });

  /** Marks one message (id) or all of them read. */
  app.post('/inbox/read', async (c) => {
    const form = readSchema.safeParse(await c.req.parseBody());
    if (!form.success) throw new HTTPException(400); // never read a malformed request as "mark all"
    const id = form.data.id ? Number(form.data.id) : null;
    await markRead(deps, actorOf(c), id === null ? 'all' : [id]);
    if (id === null) setFlash(c, 'success', 'inbox.allRead');
    return c.redirect('/inbox', 303);
  });

  return app;
}

/**
 * Puts the signed-in user's unread count where the navigation can show it: for pages only (GET requests that draw
 * the whole layout), not for the fragments htmx swaps into part of a page, which have no navigation to show it in.
 */
/** The badge for a page rendered where the middleware has not run (an error raised before it); 0 on failure. */
export async function ensureUnreadCount(deps: Pick<AppDeps, 'db'>, c: Context<AppEnv>): Promise<void> {
  const user = c.get('user');
  if (c.get('unread') !== undefined || !user || isPartialRequest(c)) return;
  c.set('unread', await countUnread(deps, user.id).catch(() => 0));
}

export function unreadCountMiddleware(deps: Pick<AppDeps, 'db'>) {
  return createMiddleware<AppEnv>(async function unreadCount(c, next) {
    const user = c.get('user');
    // every whole page a signed-in person gets carries the badge: a form that comes back with an error (422 at a
    // POST URL) and the error pages too, not just pages asked for with GET
    c.set('unread', user && !isPartialRequest(c) ? await countUnread(deps, user.id) : 0);
    await next();
  });
}
