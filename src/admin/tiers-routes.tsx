import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { TiersPage } from '../../views/admin/tiers';
import { pick } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { problemsOf, translateProblems, wholeNumber, type Problem } from '../lib/forms';
import { failWith } from '../lib/http-errors';
import { renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import { saveTierSettings, tierSettingsPage, TIER_LIMITS } from './tiers';

const L = TIER_LIMITS;
const tierSchema = z
  .object({
    visits: wholeNumber(L.loungeVisitsPerYear.min, L.loungeVisitsPerYear.max),
    companions: wholeNumber(L.companionsPerVisit.min, L.companionsPerVisit.max),
    earlyAccess: wholeNumber(L.earlyAccessHours.min, L.earlyAccessHours.max),
  })
  .strict();

const CODE_RE = /^[a-z0-9_-]{1,32}$/;

/** The tiers page: one form per tier for its yearly visits, companions and early access. */
export function adminTierRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/admin/tiers', requireSection('admin'));
  app.use('/admin/tiers/*', requireSection('admin'));

  /** The page; a form that came back carries its tier code, what was typed and the problems. */
  const page = async (c: Context<AppEnv>, status: 200 | 422 = 200, returned?: { code: string; values: Record<string, string>; errors: Record<string, Problem> }) => {
    const result = await tierSettingsPage(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    const ui = buildUi(c, deps);
    const form = returned ? { code: returned.code, values: returned.values, errors: translateProblems(ui.t, returned.errors) } : null;
    const tier = returned && result.value.tiers.find((o) => o.tier.code === returned.code)?.tier;
    if (returned && !tier) failWith('not_found');
    if (tier) ui.flash = { kind: 'error', message: ui.t('admin.tiers.problem', { tier: pick(ui, tier.nameZh, tier.nameEn) }) };
    return renderPage(c, <TiersPage ui={ui} data={result.value} form={form} />, status);
  };

  app.get('/admin/tiers', (c) => page(c));

  app.post('/admin/tiers/:code', async (c) => {
    const code = c.req.param('code');
    if (!CODE_RE.test(code)) failWith('not_found');
    const body = await c.req.parseBody();
    const values = Object.fromEntries(['visits', 'companions', 'earlyAccess'].map((k) => [k, typeof body[k] === 'string' ? body[k] : '']));
    const form = tierSchema.safeParse(body);
    if (!form.success) {
      // refuse a non-admin before saying anything about the form
      if (actorOf(c).role !== 'admin') failWith('forbidden');
      return page(c, 422, { code, values, errors: problemsOf(form.error, body) });
    }
    const result = await saveTierSettings(deps, actorOf(c), code, { loungeVisitsPerYear: form.data.visits, companionsPerVisit: form.data.companions, earlyAccessHours: form.data.earlyAccess });
    if (!result.ok) {
      if (result.error === 'out_of_range') return page(c, 422, { code, values, errors: { _form: { key: 'validation.invalid' } } });
      failWith(result.error);
    }
    const { tier, changed, membersAdjusted } = result.value;
    const name = pick(requestText(c, deps), tier.nameZh, tier.nameEn);
    if (changed) setFlash(c, 'success', 'admin.tiers.saved', { tier: name, count: membersAdjusted });
    else setFlash(c, 'info', 'admin.tiers.unchanged', { tier: name });
    return c.redirect(`/admin/tiers#tier-${tier.code}`, 303);
  });

  return app;
}
