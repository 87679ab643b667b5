import { Hono } from 'hono';
import type { AppEnv } from './context';

/**
 * A form sent to a URL that only takes POST may come back there with an error (422, 409): the page then stands at
 * that URL, and its language switch (`?lang=en`) or a reload asks for it with GET. Rather than a 404, every
 * POST-only URL answers GET with a redirect (303) to the page its form lives on, keeping the language asked for.
 *
 * One table for the whole app; `test/integration/lib/post-only-urls.test.ts` checks that every POST route without
 * a GET of its own is listed here, so a new one cannot be forgotten.
 */
export const POST_ONLY_FORM_PAGES: Record<string, (p: Record<string, string>) => string> = {
  '/logout': () => '/',
  '/inbox/read': () => '/inbox',
  '/clubs/:id/leave': (p) => `/clubs/${p.id}`,
  '/coordinator/clubs/:id/members/:mid/:action': (p) => `/coordinator/clubs/${p.id}`,
  '/coordinator/clubs/:id/notices': (p) => `/coordinator/clubs/${p.id}`,
  '/admin/clubs/:id': (p) => `/admin/clubs/${p.id}/edit`,
  '/admin/clubs/:id/archive': (p) => `/admin/clubs/${p.id}/edit`,
  '/admin/clubs/:id/reopen': (p) => `/admin/clubs/${p.id}/edit`,
  '/events/:id/cancel': (p) => `/events/${p.id}`,
  '/coordinator/events/:id': (p) => `/coordinator/events/${p.id}/edit`,
  '/coordinator/events/:id/cancel': (p) => `/coordinator/events/${p.id}/edit`,
  '/coordinator/events/:id/checkin/:rid': (p) => `/coordinator/events/${p.id}/checkin`,
  '/coordinator/events/:id/checkin/:rid/undo': (p) => `/coordinator/events/${p.id}/checkin`,
  '/coordinator/events/:id/walkin': (p) => `/coordinator/events/${p.id}/checkin`,
  '/lounges/:id/bookings': (p) => `/lounges/${p.id}`,
  '/lounges/passes/:code/companions': (p) => `/lounges/passes/${p.code}`,
  '/lounges/passes/:code/cancel': (p) => `/lounges/passes/${p.code}`,
  '/desk/lounges/:id/bookings/:bid/checkin': (p) => `/desk/lounges/${p.id}`,
  '/desk/lounges/:id/bookings/:bid/checkout': (p) => `/desk/lounges/${p.id}`,
  '/desk/lounges/:id/walkins': (p) => `/desk/lounges/${p.id}`,
  '/admin/lounges/:id': (p) => `/admin/lounges/${p.id}/edit`,
  '/admin/lounges/:id/staff': () => '/admin/lounges',
  '/admin/entitlements/:id/adjust': () => '/admin/entitlements',
  '/admin/entitlements/:id/tier': () => '/admin/entitlements',
  '/account/language': () => '/account',
  '/account/children': () => '/account',
  '/account/children/:id': () => '/account',
  '/account/children/:id/delete': () => '/account',
  '/me/ratings': () => '/me',
  '/me/feedback/:reference/messages': (p) => `/me/feedback/${p.reference}`,
  '/admin/feedback/:id/reply': (p) => `/admin/feedback/${p.id}`,
  '/admin/feedback/:id/close': (p) => `/admin/feedback/${p.id}`,
  '/coordinator/feedback/:id/reply': (p) => `/coordinator/feedback/${p.id}`,
  '/coordinator/feedback/:id/close': (p) => `/coordinator/feedback/${p.id}`,
  '/admin/outbox/retry-failed': () => '/admin/outbox',
  '/admin/outbox/:id/retry': () => '/admin/outbox',
  '/admin/staff': () => '/admin/staff/new',
  '/admin/members/:id{[0-9]+}/tier': (p) => `/admin/members/${p.id}`,
  '/admin/members/:id{[0-9]+}/enable': (p) => `/admin/members/${p.id}`,
  '/admin/members/:id{[0-9]+}/clubs': (p) => `/admin/members/${p.id}`,
  '/admin/members/:id{[0-9]+}/lounges': (p) => `/admin/members/${p.id}`,
  '/admin/tiers/:code': () => '/admin/tiers',
};

/** The GET side of every POST-only URL: 303 to the form's page, with `?lang=` kept. The target page checks access. */
export function postOnlyUrlRoutes() {
  const app = new Hono<AppEnv>();
  for (const [path, formPage] of Object.entries(POST_ONLY_FORM_PAGES)) {
    app.get(path, (c) => {
      const params = Object.fromEntries(Object.entries(c.req.param() as Record<string, string>).map(([k, v]) => [k, encodeURIComponent(v)]));
      const lang = c.req.query('lang');
      const target = formPage(params);
      return c.redirect(lang === 'zh' || lang === 'en' ? `${target}?lang=${lang}` : target, 303);
    });
  }
  return app;
}
