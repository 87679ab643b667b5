import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AdminOutboxPage } from '../../views/admin/outbox';
import { PreferencesPage } from '../../views/notifications/preferences';
import { actorOf, requireSection, requireSignedIn } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { checkbox, singleLineText, translateProblems, validForm, type Problem } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import { pathId } from '../lib/params';
import { renderPage } from '../lib/render';
import { buildUi } from '../lib/ui';
import { outboxOverview, retryFailedOutbox, retryOutboxMessage } from './outbox-admin';
import { getPreferences, savePreferences } from './preferences';

/** An e-mail address as people type it: optional, at most 254 characters, one plausible address. */
const emailAddress = singleLineText(254, { optional: true }).refine((v) => v === '' || z.regexes.email.test(v), { error: 'prefs.emailInvalid' });

const preferencesSchema = z.object({ email: emailAddress.default(''), sms: checkbox, email_enabled: checkbox }).strict();

/** Notification preferences (every signed-in person) and the admin's view of SMS / e-mail delivery. */
export function outboxRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/account/notifications', requireSignedIn);
  app.use('/admin/outbox', requireSection('admin'));
  app.use('/admin/outbox/*', requireSection('admin'));

  const preferencesPage = async (c: Context<AppEnv>, status: 200 | 422 = 200, form?: { values: Record<string, string>; errors: Record<string, Problem> }) => {
    const prefs = await getPreferences(deps, actorOf(c));
    if (!prefs.ok) failWith(prefs.error);
    const ui = buildUi(c, deps);
    return renderPage(c, <PreferencesPage ui={ui} prefs={prefs.value} values={form?.values} errors={translateProblems(ui.t, form?.errors ?? {})} />, status);
  };

  app.get('/account/notifications', (c) => preferencesPage(c));

  app.post(
    '/account/notifications',
    validForm(preferencesSchema, (c, form) => preferencesPage(c as Context<AppEnv>, 422, form)),
    async (c) => {
      const form = c.req.valid('form');
      const result = await savePreferences(deps, actorOf(c), { email: form.email, sms: form.sms, emailEnabled: form.email_enabled });
      if (!result.ok) {
        if (result.error === 'not_found') failWith('not_found');
        const values = { email: form.email, ...(form.sms ? { sms: 'on' } : {}), ...(form.email_enabled ? { email_enabled: 'on' } : {}) };
        return preferencesPage(c, 422, { values, errors: { email: { key: 'prefs.emailRequired' } } });
      }
      setFlash(c, 'success', 'prefs.saved');
      return c.redirect('/account/notifications', 303);
    },
  );

  app.get('/admin/outbox', async (c) => {
    const page = Number(/^[1-9]\d{0,5}$/.test(c.req.query('page') ?? '') ? c.req.query('page') : 1);
    const result = await outboxOverview(deps, actorOf(c), page);
    if (!result.ok) failWith(result.error);
    return renderPage(c, <AdminOutboxPage ui={buildUi(c, deps)} data={result.value} />);
  });

  app.post('/admin/outbox/retry-failed', async (c) => {
    const result = await retryFailedOutbox(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    setFlash(c, 'success', 'admin.outbox.retriedAll', { count: result.value });
    return c.redirect('/admin/outbox', 303);
  });

  app.post('/admin/outbox/:id/retry', async (c) => {
    const result = await retryOutboxMessage(deps, actorOf(c), pathId(c));
    if (!result.ok) {
      if (result.error !== 'not_retryable') failWith(result.error);
      setFlash(c, 'info', 'admin.outbox.notRetryable');
    } else {
      setFlash(c, 'success', 'admin.outbox.retried');
    }
    return c.redirect('/admin/outbox', 303);
  });

  return app;
}
