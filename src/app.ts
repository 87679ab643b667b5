import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { adminRoutes } from './admin/routes';
import { passwordChangeGate, privateNoStore, sessionMiddleware } from './auth/middleware';
import { PasswordHasherBusyError } from './auth/password';
import { isDatabaseBusy } from './lib/serialized-client';
import { authRoutes } from './auth/routes';
import { clubRoutes } from './clubs/routes';
import { coordinatorRoutes } from './clubs/coordinator-routes';
import { clubAdminRoutes } from './clubs/admin-routes';
import { ensureUnreadCount, inboxRoutes, unreadCountMiddleware } from './notifications/routes';
import { outboxRoutes } from './notifications/outbox-routes';
import { feedbackRoutes } from './feedback/routes';
import { adminMemberRoutes } from './admin/members-routes';
import { adminImportRoutes } from './admin/import-routes';
import { adminReportRoutes } from './admin/reports-routes';
import { adminAuditRoutes } from './admin/audit-routes';
import { eventRoutes } from './events/routes';
import { eventDeskRoutes } from './events/manage-routes';
import { doorRoutes } from './events/door-routes';
import { homeRoutes } from './home/routes';
import type { Assets } from './lib/assets';
import { clientAddress } from './lib/client-address';
import type { AppDeps, AppEnv } from './lib/context';
import { renderError } from './lib/error-pages';
import { submitOnce } from './lib/submit-once';
import { postOnlyUrlRoutes } from './lib/post-only-urls';
import { localeMiddleware } from './lib/locale';
import { loungeRoutes } from './lounges/routes';
import { loungeDeskRoutes } from './lounges/desk-routes';
import { loungeAdminRoutes } from './lounges/admin-routes';
import { memberRoutes } from './members/routes';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const formContentType = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * Builds the application: shared middleware in a fixed order, then one route module per feature.
 * The only module that knows every feature. Used by the server and by the tests alike.
 */
export function createApp(deps: AppDeps & { assets: Assets }) {
  const { config, logger } = deps;
  const app = new Hono<AppEnv>();
  /** An error page, with the inbox badge like any page (5xx: no further trip to a database that may be failing). */
  const showError = async (c: Context<AppEnv>, status: number) => {
    if (status < 500) await ensureUnreadCount(deps, c);
    return renderError(c, deps, status);
  };

  app.use(requestId());
  app.use(
    createMiddleware<AppEnv>(async function requestLog(c, next) {
      const started = performance.now();
      await next();
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms, requestId: c.get('requestId') });
    }),
  );
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'"],
        // Pico draws its form controls' icons with data: SVG backgrounds
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      strictTransportSecurity: config.isProduction ? 'max-age=31536000; includeSubDomains' : false,
      xFrameOptions: 'DENY',
      permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [], payment: [] },
    }),
  );
  app.use(
    createMiddleware<AppEnv>(async function requestContext(c, next) {
      c.set('assetUrls', deps.assets.urls);
      c.set('clientAddress', clientAddress(c, config.trustProxy));
      await next();
    }),
  );

  // Served before sessions and CSRF: static files and the health probe need neither.
  app.route('/', deps.assets.routes);
  app.get('/healthz', async (c) => {
    try {
      await deps.client.execute('SELECT 1');
      return c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' });
    } catch (error) {
      logger.error('health check failed', { error });
      return c.json({ status: 'unavailable' }, 503, { 'Cache-Control': 'no-store' });
    }
  });

  app.use(localeMiddleware({ secure: config.isProduction }));
  app.use(
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: () => {
        throw new HTTPException(413);
      },
    }),
  );
  app.use(sessionMiddleware(deps));
  app.use(privateNoStore);
  // Every state-changing request must come from our own pages (Origin or Sec-Fetch-Site)…
  app.use(csrf({ origin: config.publicOrigins }));
  // …and carry a form: hono/csrf only inspects form content types, so anything else is refused here.
  app.use(
    createMiddleware<AppEnv>(async function formBodiesOnly(c, next) {
      const type = c.req.header('content-type');
      if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && type !== undefined && !formContentType.test(type)) {
        throw new HTTPException(415);
      }
      await next();
    }),
  );
  app.use(passwordChangeGate);
  // A repeat of a form already sent (double click, resend) gets the first answer instead of doing the work again.
  app.use(submitOnce(deps, (c) => showError(c, 409)));
  app.use(unreadCountMiddleware(deps));

  app.route('/', homeRoutes(deps));
  app.route('/', authRoutes(deps));
  app.route('/', clubRoutes(deps));
  app.route('/', coordinatorRoutes(deps));
  app.route('/', clubAdminRoutes(deps));
  app.route('/', inboxRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', eventDeskRoutes(deps));
  app.route('/', doorRoutes(deps));
  app.route('/', loungeRoutes(deps));
  app.route('/', loungeDeskRoutes(deps));
  app.route('/', loungeAdminRoutes(deps));
  app.route('/', memberRoutes(deps));
  app.route('/', feedbackRoutes(deps));
  app.route('/', outboxRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', adminMemberRoutes(deps));
  app.route('/', adminImportRoutes(deps));
  app.route('/', adminReportRoutes(deps));
  app.route('/', adminAuditRoutes(deps));
  // last: a GET of a POST-only URL (a language switch or reload after an error shown there) goes to the form's page
  app.route('/', postOnlyUrlRoutes());

  app.notFound((c) => showError(c, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      if (error.status === 401) return c.redirect('/login', 303);
      return showError(c, error.status);
    }
    if (isMalformedBody(error)) {
      // a multipart body that does not parse (routes reading c.req.parseBody() directly): the client's fault
      return showError(c, 400);
    }
    if (error instanceof PasswordHasherBusyError) {
      c.header('Retry-After', '5');
      return showError(c, 503);
    }
    if (isDatabaseBusy(error)) {
      // nothing was committed: the request can simply be tried again
      logger.warn('database busy', { method: c.req.method, path: c.req.path, requestId: c.get('requestId') });
      c.header('Retry-After', '2');
      return showError(c, 503);
    }
    logger.error('unhandled error', { error, method: c.req.method, path: c.req.path, requestId: c.get('requestId') });
    return showError(c, 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

/** What undici throws when a request body claimed as multipart/form-data cannot be read as one. */
function isMalformedBody(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'Failed to parse body as FormData.';
}
