import { Layout } from '../layout';
import { Field, FormError, SelectField } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { TierRow } from '../../src/lounges/entitlements';
import type { EntitlementLookup } from '../../src/lounges/allowances';
import { maskPhone } from '../../src/lib/phone';
import { BalanceStats, LedgerTable } from '../members/statement';

export interface EntitlementsPageProps {
  ui: Ui;
  tiers: TierRow[];
  phone: string;
  year: number;
  years: number[];
  lookup: EntitlementLookup | null;
  /** problems with a form that came back, keyed by form ("tier:gold", "adjust", "changeTier") and field */
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

function TierRowForm({ ui, tier, errors, values }: { ui: Ui; tier: TierRow; errors: Record<string, string>; values: Record<string, string> }) {
  const { t } = ui;
  const key = `tier:${tier.code}`;
  const visits = values[`${key}:visits`] ?? String(tier.loungeVisitsPerYear);
  const companions = values[`${key}:companions`] ?? String(tier.companionsPerVisit);
  return (
    <tr>
      <th scope="row">{pick(ui, tier.nameZh, tier.nameEn)}</th>
      <td colspan={3}>
        <form method="post" action={`/admin/tiers/${tier.code}/allowance`} class="inline-row" novalidate>
          <label for={`f-visits-${tier.code}`}>
            {t('admin.entitlements.visits')}
            <input id={`f-visits-${tier.code}`} name="visits" type="number" inputmode="numeric" min={0} max={365} value={visits} required aria-invalid={errors[key] ? 'true' : undefined} />
          </label>
          <label for={`f-companions-${tier.code}`}>
            {t('admin.entitlements.companions')}
            <input id={`f-companions-${tier.code}`} name="companions" type="number" inputmode="numeric" min={0} max={9} value={companions} required aria-invalid={errors[key] ? 'true' : undefined} />
          </label>
          <button type="submit" class="secondary compact">
            {t('admin.clubs.save')}
          </button>
          {errors[key] && (
            <small class="field-error" role="alert">
              {errors[key]}
            </small>
          )}
        </form>
      </td>
    </tr>
  );
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
          <small>{t('admin.entitlements.tiersHint')}</small>
        </p>
        <p>
          {t('admin.tiers.moved')} <a href="/admin/tiers">{t('admin.tiers.link')}</a>
        </p>
        <div class="table-scroll">
          <table class="striped">
            <tbody>
              {tiers.map((tier) => (
                <TierRowForm ui={ui} tier={tier} errors={errors} values={values} />
              ))}
            </tbody>
          </table>
        </div>
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
                  <Field name="reason" label={t('admin.entitlements.reason')} value={values['adjust:reason'] ?? ''} error={errors['adjust:reason']} hint={t('admin.entitlements.reasonHint')} maxlength={200} required />
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
