import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv } from '../lib/context';
import { isPartialRequest } from '../lib/htmx';
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from './cookie';
import { canEnterSection, type Actor, type Section } from './policy';
import { validateSessionToken } from './session';

/** Loads the signed-in user, if any. A garbage or stale cookie is cleared and treated as signed out. */
export function sessionMiddleware(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>) {
  const prod = deps.config.isProduction;
  return createMiddleware<AppEnv>(async function session(c, next) {
    const token = readSessionCookie(c, prod);
    c.set('user', null);
    c.set('session', null);
    if (token !== undefined) {
      const result = await validateSessionToken(deps, token);
      if (result.session) {
        c.set('user', result.user);
        c.set('session', result.session);
        if (result.renewed) setSessionCookie(c, prod, token, result.session.expiresAt, deps.clock.now());
      } else {
        deleteSessionCookie(c, prod);
      }
    }
    await next();
  });
}

/**
 * Every response to a signed-in user is `Cache-Control: private, no-store` (pages, fragments, downloads, error pages):
 * what they see is theirs, and must not stay in a shared or back-button cache after sign-out. A route that sets its own
 * Cache-Control keeps it; static assets are served before sessions and never come here.
 */
export const privateNoStore = createMiddleware<AppEnv>(async function privateNoStore(c, next) {
  const signedIn = c.get('user') !== null;
  await next();
  if ((signedIn || c.get('user')) && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'private, no-store');
});

/** Sends a signed-out visitor to sign in, coming back here afterwards. */
function signInRedirect(c: Context<AppEnv>): Response {
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? url.pathname + url.search : '/';
  const location = `/login?next=${encodeURIComponent(back)}`;
  if (isPartialRequest(c)) {
    // a fragment request cannot show a sign-in page in place: ask htmx for a full navigation
    return c.body(null, 401, { 'HX-Redirect': location });
  }
  return c.redirect(location, 303);
}

/** Whole-section guard: signed in, with a role that may enter the section. Scoped checks happen in the services. */
export function requireSection(section: Section) {
  return createMiddleware<AppEnv>(async function requireSection(c, next) {
    const user = c.get('user');
    if (!user) return signInRedirect(c);
    if (!canEnterSection(user.role, section)) throw new HTTPException(403);
    await next();
  });
}

export const requireSignedIn = createMiddleware<AppEnv>(async function requireSignedIn(c, next) {
  if (!c.get('user')) return signInRedirect(c);
  await next();
});

const allowedWhileForced = ['/account/password', '/logout', '/healthz'];

/** A member holding a one-time initial password must set their own before anything else. */
export const passwordChangeGate = createMiddleware<AppEnv>(async function passwordChangeGate(c, next) {
  const user = c.get('user');
  if (user?.mustChangePassword && !allowedWhileForced.includes(c.req.path)) {
    if (isPartialRequest(c)) return c.body(null, 403, { 'HX-Redirect': '/account/password' });
    return c.redirect('/account/password', 303);
  }
  await next();
});

/** The signed-in user as an actor for services; only call behind a guard. */
export function actorOf(c: Context<AppEnv>): Actor {
  const user = c.get('user');
  if (!user) throw new HTTPException(401);
  return { id: user.id, role: user.role, ip: c.get('clientAddress'), requestId: c.get('requestId') };
}
