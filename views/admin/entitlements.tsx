import { Layout } from '../layout';
import { Field, FormError, SelectField, textLimit } from '../components/form';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { TierRow } from '../../src/lounges/entitlements';
import type { EntitlementLookup } from '../../src/lounges/allowances';
import { maskPhone } from '../../src/lib/phone';
import { BalanceStats, LedgerTable } from '../members/statement';
import { TableScroll } from '../components/table';

export interface EntitlementsPageProps {
  ui: Ui;
  tiers: TierRow[];
  phone: string;
  year: number;
  years: number[];
  lookup: EntitlementLookup | null;
  /** problems with a form that came back, keyed by form ("adjust", "changeTier") and field */
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

export function EntitlementsPage({ ui, tiers, phone, year, years, lookup, errors = {}, values = {} }: EntitlementsPageProps) {
  const { t } = ui;
  const member = lookup?.member ?? null;
  const statement = lookup?.statement ?? null;
  return (
    <Layout ui={ui} title={t('admin.entitlements.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/lounges', label: t('admin.lounges.title') }]} current={t('admin.entitlements.title')} />
      <PageTitle title={t('admin.entitlements.title')} intro={t('admin.entitlements.intro')} />
      <section aria-labelledby="tiers-title">
        <h2 id="tiers-title">{t('admin.entitlements.tiers')}</h2>
        <p>
          {t('admin.tiers.moved')} <a href="/admin/tiers">{t('admin.tiers.link')}</a>
        </p>
        <TableScroll labelledBy="tiers-title">
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{t('admin.entitlements.tier')}</th>
                <th scope="col">{t('admin.entitlements.visits')}</th>
                <th scope="col">{t('admin.entitlements.companions')}</th>
              </tr>
            </thead>
            <tbody>
              {tiers.map((tier) => (
                <tr>
                  <th scope="row">{pick(ui, tier.nameZh, tier.nameEn)}</th>
                  <td>{tier.loungeVisitsPerYear}</td>
                  <td>{tier.companionsPerVisit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="member-title">
        <h2 id="member-title">{t('admin.entitlements.member')}</h2>
        <form method="get" action="/admin/entitlements" class="filters">
          <label for="f-phone">
            {t('roster.col.phone')}
            <input id="f-phone" name="phone" type="tel" inputmode="tel" value={phone} maxlength={20} autocomplete="off" required />
          </label>
          <label for="f-year">
            {t('statement.year')}
            <select id="f-year" name="year">
              {years.map((y) => (
                <option value={String(y)} selected={y === year}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary">
            {t('admin.entitlements.find')}
          </button>
        </form>
        {phone && !member && <p class="empty">{t('admin.entitlements.notFound')}</p>}
        {member && statement && (
          <>
            <h3>
              {member.name} <small>{maskPhone(member.phone)}</small> · {statement.tier ? pick(ui, statement.tier.nameZh, statement.tier.nameEn) : ''} · {year}
            </h3>
            <BalanceStats ui={ui} balance={statement.balance} />
            <div class="home-grid">
              <article aria-labelledby="adjust-title">
                <h4 id="adjust-title">{t('admin.entitlements.adjust')}</h4>
                <form method="post" action={`/admin/entitlements/${member.id}/adjust`} novalidate>
                  <FormError message={errors['adjust:_form']} />
                  <input type="hidden" name="year" value={String(year)} />
                  <Field name="delta" label={t('admin.entitlements.delta')} value={values['adjust:delta'] ?? ''} error={errors['adjust:delta']} hint={t('admin.entitlements.deltaHint')} maxlength={4} required />
                  <Field name="reason" label={t('admin.entitlements.reason')} value={values['adjust:reason'] ?? ''} error={errors['adjust:reason']} hint={t('admin.entitlements.reasonHint')} limit={textLimit(t, TEXT_LIMITS.reason)} required />
                  <button type="submit">{t('admin.entitlements.adjustSubmit')}</button>
                </form>
              </article>
              <article aria-labelledby="tier-change-title">
                <h4 id="tier-change-title">{t('admin.entitlements.changeTier')}</h4>
                <form method="post" action={`/admin/entitlements/${member.id}/tier`} novalidate>
                  <SelectField
                    name="tier"
                    label={t('roster.col.tier')}
                    value={values['changeTier:tier'] ?? member.tierCode ?? ''}
                    error={errors['changeTier:tier']}
                    options={tiers.map((tier) => ({ value: tier.code, label: t('admin.entitlements.tierOption', { tier: pick(ui, tier.nameZh, tier.nameEn), count: tier.loungeVisitsPerYear }) }))}
                  />
                  <small>{t('admin.entitlements.changeTierHint')}</small>
                  <button type="submit" class="secondary">
                    {t('admin.entitlements.changeTierSubmit')}
                  </button>
                </form>
              </article>
            </div>
            <LedgerTable ui={ui} statement={statement} />
          </>
        )}
      </section>
    </Layout>
  );
}
