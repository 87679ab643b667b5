import { Layout } from '../layout';
import { Breadcrumb } from '../components/page';
import { Field, FormError, SelectField } from '../components/form';
import { pick, type Ui } from '../ui';
import type { TierRow } from '../../src/members/service';

export interface EnrolFormProps {
  ui: Ui;
  tiers: TierRow[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

export function EnrolPage({ ui, tiers, values = {}, errors = {} }: EnrolFormProps) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.enrol.title')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.enrol.title')} />
      <h1>{t('admin.enrol.title')}</h1>
      <p>{t('admin.enrol.intro')}</p>
      <form method="post" action="/admin/members" novalidate>
        <FormError message={errors._form} />
        <Field name="phone" label={t('login.phone')} type="tel" inputmode="numeric" value={values.phone} error={errors.phone} maxlength={20} required autocomplete="off" />
        <Field name="name" label={t('account.name')} value={values.name} error={errors.name} maxlength={40} required autocomplete="off" />
        <SelectField
          name="tier"
          label={t('account.tier')}
          value={values.tier ?? 'silver'}
          error={errors.tier}
          options={tiers.map((tier) => ({ value: tier.code, label: pick(ui, tier.nameZh, tier.nameEn) }))}
          required
        />
        <SelectField
          name="locale"
          label={t('admin.enrol.language')}
          value={values.locale ?? 'zh'}
          error={errors.locale}
          options={[
            { value: 'zh', label: '简体中文', lang: 'zh-CN' },
            { value: 'en', label: 'English', lang: 'en' },
          ]}
        />
        <button type="submit">{t('admin.enrol.submit')}</button>
      </form>
    </Layout>
  );
}

export function EnrolledPage({ ui, name, phone, initialPassword }: { ui: Ui; name: string; phone: string; initialPassword: string }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.enrolled.title')} narrow>
      <h1>{t('admin.enrolled.title')}</h1>
      <article class="one-time-secret" aria-labelledby="secret-title">
        <p>{t('admin.enrolled.body', { name, phone })}</p>
        <h2 id="secret-title">{t('admin.enrolled.passwordLabel')}</h2>
        <p class="secret-value">
          <code>{initialPassword}</code>
        </p>
        <p role="note">
          <strong>{t('admin.enrolled.once')}</strong>
        </p>
      </article>
      <p class="button-row">
        <a href="/admin/members/new" role="button">
          {t('admin.enrolled.another')}
        </a>
        <a href="/admin" role="button" class="secondary">
          {t('admin.title')}
        </a>
      </p>
    </Layout>
  );
}
