import { Layout } from '../layout';
import { Field, FormError } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { MessageKey } from '../../src/lib/i18n';
import { TIER_LIMITS, type TierOverview, type TiersPage as TiersData } from '../../src/admin/tiers';

export interface TierFormState {
  code: string;
  values: Record<string, string>;
  /** problems already in the page's language, by field ("_form" for the form as a whole) */
  errors: Record<string, string>;
}

function TierForm({ ui, year, item, form }: { ui: Ui; year: number; item: TierOverview; form: TierFormState | null }) {
  const { t } = ui;
  const { tier } = item;
  const name = pick(ui, tier.nameZh, tier.nameEn);
  const mine = form?.code === tier.code ? form : null;
  const value = (field: string, saved: number) => mine?.values[field] ?? String(saved);
  const errors = mine?.errors ?? {};
  const id = (field: string) => `f-${tier.code}-${field}`;
  /** one number with its limits and, next to it, when a change takes effect */
  const setting = (field: string, column: keyof typeof TIER_LIMITS, label: MessageKey, effect: MessageKey) => (
    <Field
      id={id(field)}
      name={field}
      type="number"
      inputmode="numeric"
      label={t(label)}
      value={value(field, tier[column])}
      min={TIER_LIMITS[column].min}
      max={TIER_LIMITS[column].max}
      error={errors[field]}
      hint={t(effect)}
      required
    />
  );
  return (
    <article id={`tier-${tier.code}`} aria-labelledby={`tier-${tier.code}-title`}>
      <header>
        <h2 id={`tier-${tier.code}-title`} class="h-small">
          {name} <small>{t('admin.tiers.rank', { rank: tier.rank })}</small>
        </h2>
      </header>
      <form method="post" action={`/admin/tiers/${tier.code}`} novalidate>
        <FormError message={errors._form} />
        {setting('visits', 'loungeVisitsPerYear', 'admin.tiers.visits', 'admin.tiers.visitsEffect')}
        {setting('companions', 'companionsPerVisit', 'admin.tiers.companions', 'admin.tiers.companionsEffect')}
        <p>
          <small>{t('admin.tiers.preview', { count: item.membersIntoYear, year })}</small>
        </p>
        {setting('earlyAccess', 'earlyAccessHours', 'admin.tiers.earlyAccess', 'admin.tiers.earlyAccessEffect')}
        <p>
          <small>{t('admin.tiers.eventsAhead', { count: item.eventsAhead })}</small>
        </p>
        <button type="submit">{t('admin.tiers.save', { tier: name })}</button>
      </form>
    </article>
  );
}

export function TiersPage({ ui, data, form }: { ui: Ui; data: TiersData; form: TierFormState | null }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.tiers.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.tiers.title')} />
      <PageTitle title={t('admin.tiers.title')} intro={t('admin.tiers.intro')} />
      <p>
        <a href="/admin/audit?targetType=tier">{t('admin.tiers.history')}</a>
      </p>
      <div class="card-grid">
        {data.tiers.map((item) => (
          <TierForm ui={ui} year={data.year} item={item} form={form} />
        ))}
      </div>
    </Layout>
  );
}
