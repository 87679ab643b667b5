import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { LoginPage, type DemoAccount } from '../../views/auth/login';
import { PasswordPage } from '../../views/auth/password';
import { users } from '../../db/schema';
import { DEMO_ACCOUNTS } from '../../db/seed-data';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { translateProblems, validForm, type Problem } from '../lib/forms';
import { LANG_COOKIE } from '../lib/locale';
import { renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import { deleteSessionCookie, readDeviceCookie, setDeviceCookie, setSessionCookie } from './cookie';
import { DEVICE_TTL_MS, deviceTokensOf, withDeviceToken } from './device';
import { actorOf, requireSignedIn } from './middleware';
import { homePathFor, safeNextPath } from './policy';
import { changePassword, signIn, signOut } from './service';

const loginSchema = z
  .object({
    phone: z.string({ error: 'login.phoneRequired' }).trim().min(1, { error: 'login.phoneRequired' }).max(32, { error: 'login.invalid' }),
    password: z.string({ error: 'login.passwordRequired' }).min(1, { error: 'login.passwordRequired' }).max(1024, { error: 'login.invalid' }),
    next: z.string().max(2048).optional(),
  })
  .strict();

const passwordSchema = z
  .object({
    current: z.string().min(1, { error: 'validation.required' }).max(1024),
    next: z.string().min(1, { error: 'validation.required' }).max(1024, { error: 'password.tooLong' }),
    confirm: z.string().min(1, { error: 'validation.required' }).max(1024),
  })
  .strict();

export function authRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const prod = deps.config.isProduction;
  const demoAccounts = (c: Context<AppEnv>): DemoAccount[] | null => {
    if (!deps.config.seedDemo || prod) return null;
    const { t } = requestText(c, deps);
    return DEMO_ACCOUNTS.map((a) => ({ phone: a.phone, role: t(a.labelKey) }));
  };

  const loginPage = (c: Context<AppEnv>, status: 200 | 401 | 403 | 422 | 429, opts: { phone?: string | undefined; next?: string | undefined; errors?: Record<string, Problem>; formError?: string }) => {
    const ui = buildUi(c, deps);
    return renderPage(
      c,
      <LoginPage
        ui={ui}
        values={{ phone: opts.phone, next: safeNextPath(opts.next) ?? undefined }}
        errors={translateProblems(ui.t, opts.errors ?? {})}
        formError={opts.formError ?? null}
        demoAccounts={demoAccounts(c)}
      />,
      status,
    );
  };

  app.get('/login', async (c) => {
    const user = c.get('user');
    if (user) return c.redirect(safeNextPath(c.req.query('next')) ?? homePathFor(user.role), 303);
    return loginPage(c, 200, { next: c.req.query('next') });
  });

  app.post(
    '/login',
    validForm(loginSchema, (c, { errors, values }) => loginPage(c as Context<AppEnv>, 422, { phone: values.phone, next: values.next, errors })),
    async (c) => {
      const form = c.req.valid('form');
      const { t } = requestText(c, deps);
      const deviceTokens = deviceTokensOf(readDeviceCookie(c, prod));
      const result = await signIn(deps, { phone: form.phone, password: form.password, address: c.get('clientAddress'), deviceTokens });
      if (!result.ok) {
        if (result.error === 'throttled') {
          const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
          c.header('Retry-After', String(seconds));
          return loginPage(c, 429, { phone: form.phone, next: form.next, formError: t('login.throttled', { count: seconds }) });
        }
        if (result.error === 'disabled') return loginPage(c, 403, { phone: form.phone, next: form.next, formError: t('login.disabled') });
        return loginPage(c, 401, { phone: form.phone, next: form.next, formError: t('login.invalid') });
      }
      setSessionCookie(c, prod, result.token, result.session.expiresAt, deps.clock.now());
      setDeviceCookie(c, prod, withDeviceToken(deviceTokens, result.deviceToken), DEVICE_TTL_MS);
      if (!getCookie(c, LANG_COOKIE)) {
        const stored = (await deps.db.select({ locale: users.locale }).from(users).where(eq(users.id, result.userId)))[0];
        if (stored) setCookie(c, LANG_COOKIE, stored.locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', httpOnly: true, secure: prod });
      }
      if (result.mustChangePassword) return c.redirect('/account/password', 303);
      return c.redirect(safeNextPath(form.next) ?? homePathFor(result.role), 303);
    },
  );

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await signOut(deps, session.id);
    deleteSessionCookie(c, prod);
    setFlash(c, 'info', 'logout.done');
    return c.redirect('/', 303);
  });

  const passwordPage = (c: Context<AppEnv>, status: 200 | 422, errors: Record<string, Problem> = {}) => {
    const ui = buildUi(c, deps);
    return renderPage(c, <PasswordPage ui={ui} forced={!!c.get('user')?.mustChangePassword} errors={translateProblems(ui.t, errors)} />, status);
  };

  app.get('/account/password', requireSignedIn, (c) => passwordPage(c, 200));

  app.post(
    '/account/password',
    requireSignedIn,
    validForm(passwordSchema, (c, { errors }) => passwordPage(c as Context<AppEnv>, 422, errors)),
    async (c) => {
      const result = await changePassword(deps, actorOf(c), c.req.valid('form'));
      if (!result.ok) {
        const errors = Object.fromEntries(Object.entries(result.errors).map(([field, key]) => [field, { key }])) as Record<string, Problem>;
        return passwordPage(c, 422, errors);
      }
      setSessionCookie(c, prod, result.token, result.session.expiresAt, deps.clock.now());
      setDeviceCookie(c, prod, withDeviceToken(deviceTokensOf(readDeviceCookie(c, prod)), result.deviceToken), DEVICE_TTL_MS);
      setFlash(c, 'success', 'password.changed');
      return c.redirect(homePathFor(c.get('user')!.role), 303);
    },
  );

  return app;
}
