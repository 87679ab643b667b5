import { Layout } from '../layout';
import { Field, FormError } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
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
  return (
    <article id={`tier-${tier.code}`} aria-labelledby={`tier-${tier.code}-title`}>
      <header>
        <h2 id={`tier-${tier.code}-title`} class="h-small">
          {name} <small>{t('admin.tiers.rank', { rank: tier.rank })}</small>
        </h2>
      </header>
      <form method="post" action={`/admin/tiers/${tier.code}`} novalidate>
        <FormError message={errors._form} />
        <Field
          id={id('visits')}
          name="visits"
          type="number"
          inputmode="numeric"
          label={t('admin.tiers.visits')}
          value={value('visits', tier.loungeVisitsPerYear)}
          min={TIER_LIMITS.loungeVisitsPerYear.min}
          max={TIER_LIMITS.loungeVisitsPerYear.max}
          error={errors.visits}
          hint={t('admin.tiers.visitsEffect')}
          required
        />
        <Field
          id={id('companions')}
          name="companions"
          type="number"
          inputmode="numeric"
          label={t('admin.tiers.companions')}
          value={value('companions', tier.companionsPerVisit)}
          min={TIER_LIMITS.companionsPerVisit.min}
          max={TIER_LIMITS.companionsPerVisit.max}
          error={errors.companions}
          hint={t('admin.tiers.companionsEffect')}
          required
        />
        <p>
          <small>{t('admin.tiers.preview', { count: item.membersIntoYear, year })}</small>
        </p>
        <Field
          id={id('earlyAccess')}
          name="earlyAccess"
          type="number"
          inputmode="numeric"
          label={t('admin.tiers.earlyAccess')}
          value={value('earlyAccess', tier.earlyAccessHours)}
          min={TIER_LIMITS.earlyAccessHours.min}
          max={TIER_LIMITS.earlyAccessHours.max}
          error={errors.earlyAccess}
          hint={t('admin.tiers.earlyAccessEffect')}
          required
        />
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
