import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AdminOverviewPage } from '../../views/admin/overview';
import { EnrolPage, EnrolledPage, STAFF_ROLES, StaffEnrolPage } from '../../views/admin/enrol';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { name, singleLineText, translateProblems, validForm, type Problem } from '../lib/forms';
import { TEXT_LIMITS } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import { renderPage } from '../lib/render';
import { buildUi } from '../lib/ui';
import { enrolMember, enrolPerson, listTiers, type EnrolError } from '../members/service';
import { getAdminOverview } from './service';

const enrolSchema = z
  .object({
    phone: singleLineText(20),
    name: name(TEXT_LIMITS.personName),
    tier: z.string().max(32),
    locale: z.enum(['zh', 'en'], { error: 'validation.invalid' }).default('zh'),
  })
  .strict();

const staffSchema = z
  .object({
    phone: singleLineText(20),
    name: name(TEXT_LIMITS.personName),
    role: z.enum(STAFF_ROLES, { error: 'validation.invalid' }),
    locale: z.enum(['zh', 'en'], { error: 'validation.invalid' }).default('zh'),
  })
  .strict();

const enrolProblems: Record<Exclude<EnrolError, 'forbidden'>, [string, Problem]> = {
  phone_invalid: ['phone', { key: 'validation.phone' }],
  phone_taken: ['phone', { key: 'admin.enrol.phoneTaken' }],
  tier_unknown: ['tier', { key: 'validation.invalid' }],
};

export function adminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/admin', requireSection('admin'));
  app.use('/admin/*', requireSection('admin'));

  app.get('/admin', async (c) => {
    const result = await getAdminOverview(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <AdminOverviewPage ui={buildUi(c, deps)} data={result.value} />);
  });

  const enrolForm = async (c: Context<AppEnv>, status: 200 | 409 | 422, values: Record<string, string> = {}, errors: Record<string, Problem> = {}) => {
    const ui = buildUi(c, deps);
    return renderPage(c, <EnrolPage ui={ui} tiers={await listTiers(deps)} values={values} errors={translateProblems(ui.t, errors)} />, status);
  };

  app.get('/admin/members/new', (c) => enrolForm(c, 200));

  app.post(
    '/admin/members',
    validForm(enrolSchema, (c, { errors, values }) => enrolForm(c as Context<AppEnv>, 422, values, errors)),
    async (c) => {
      const form = c.req.valid('form');
      const result = await enrolMember(deps, actorOf(c), { phone: form.phone, name: form.name, tierCode: form.tier, locale: form.locale });
      if (!result.ok) {
        if (result.error === 'forbidden') failWith('forbidden');
        const [field, problem] = enrolProblems[result.error];
        return enrolForm(c, result.error === 'phone_taken' ? 409 : 422, { phone: form.phone, name: form.name, tier: form.tier, locale: form.locale }, { [field]: problem });
      }
      // The initial password is shown on this response only: never cached, never in a redirect or cookie.
      c.header('Cache-Control', 'no-store');
      const ui = buildUi(c, deps);
      return renderPage(c, <EnrolledPage ui={ui} userId={result.value.userId} role="member" name={form.name} phone={result.value.phone} initialPassword={result.value.initialPassword} />, 201);
    },
  );

  const staffForm = (c: Context<AppEnv>, status: 200 | 409 | 422, values: Record<string, string> = {}, errors: Record<string, Problem> = {}) => {
    const ui = buildUi(c, deps);
    return renderPage(c, <StaffEnrolPage ui={ui} values={values} errors={translateProblems(ui.t, errors)} />, status);
  };

  app.get('/admin/staff/new', (c) => staffForm(c, 200));

  app.post(
    '/admin/staff',
    validForm(staffSchema, (c, { errors, values }) => staffForm(c as Context<AppEnv>, 422, values, errors)),
    async (c) => {
      const form = c.req.valid('form');
      const result = await enrolPerson(deps, actorOf(c), { phone: form.phone, name: form.name, role: form.role, locale: form.locale });
      if (!result.ok) {
        if (result.error === 'forbidden') failWith('forbidden');
        const [field, problem] = enrolProblems[result.error];
        return staffForm(c, result.error === 'phone_taken' ? 409 : 422, { phone: form.phone, name: form.name, role: form.role, locale: form.locale }, { [field]: problem });
      }
      c.header('Cache-Control', 'no-store');
      return renderPage(c, <EnrolledPage ui={buildUi(c, deps)} userId={result.value.userId} role={form.role} name={form.name} phone={result.value.phone} initialPassword={result.value.initialPassword} />, 201);
    },
  );

  return app;
}
