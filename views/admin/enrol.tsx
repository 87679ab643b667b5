import { Layout } from '../layout';
import { Breadcrumb } from '../components/page';
import { Field, FormError, SelectField, textLimit } from '../components/form';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { pick, type Ui } from '../ui';
import type { Role } from '../../db/schema';
import type { TierRow } from '../../src/members/service';

export interface EnrolFormProps {
  ui: Ui;
  tiers: TierRow[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** The roles a staff account can have (members are enrolled on their own form, with a tier). */
export const STAFF_ROLES = ['coordinator', 'lounge_staff', 'admin'] as const satisfies readonly Role[];

function trail(ui: Ui) {
  return [
    { href: '/admin', label: ui.t('admin.title') },
    { href: '/admin/members', label: ui.t('admin.members.title') },
  ];
}

function CommonFields({ ui, values, errors }: { ui: Ui; values: Record<string, string>; errors: Record<string, string> }) {
  const { t } = ui;
  return (
    <>
      <FormError message={errors._form} />
      <Field name="phone" label={t('login.phone')} type="tel" inputmode="numeric" value={values.phone} error={errors.phone} maxlength={20} required autocomplete="off" />
      <Field name="name" label={t('account.name')} value={values.name} error={errors.name} limit={textLimit(t, TEXT_LIMITS.personName)} required autocomplete="off" />
    </>
  );
}

function LocaleField({ ui, values, errors }: { ui: Ui; values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <SelectField
      name="locale"
      label={ui.t('admin.enrol.language')}
      value={values.locale ?? 'zh'}
      error={errors.locale}
      options={[
        { value: 'zh', label: '简体中文', lang: 'zh-CN' },
        { value: 'en', label: 'English', lang: 'en' },
      ]}
    />
  );
}

export function EnrolPage({ ui, tiers, values = {}, errors = {} }: EnrolFormProps) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.enrol.title')} narrow>
      <Breadcrumb ui={ui} trail={trail(ui)} current={t('admin.enrol.title')} />
      <h1>{t('admin.enrol.title')}</h1>
      <p>{t('admin.enrol.intro')}</p>
      <form method="post" action="/admin/members" novalidate>
        <CommonFields ui={ui} values={values} errors={errors} />
        <SelectField
          name="tier"
          label={t('account.tier')}
          value={values.tier ?? 'silver'}
          error={errors.tier}
          options={tiers.map((tier) => ({ value: tier.code, label: pick(ui, tier.nameZh, tier.nameEn) }))}
        />
        <LocaleField ui={ui} values={values} errors={errors} />
        <button type="submit">{t('admin.enrol.submit')}</button>
      </form>
      <p>
        {t('admin.enrol.staffLink')} <a href="/admin/staff/new">{t('admin.staffEnrol.title')}</a>
      </p>
    </Layout>
  );
}

export function StaffEnrolPage({ ui, values = {}, errors = {} }: Omit<EnrolFormProps, 'tiers'>) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('admin.staffEnrol.title')} narrow>
      <Breadcrumb ui={ui} trail={trail(ui)} current={t('admin.staffEnrol.title')} />
      <h1>{t('admin.staffEnrol.title')}</h1>
      <p>{t('admin.staffEnrol.intro')}</p>
      <form method="post" action="/admin/staff" novalidate>
        <CommonFields ui={ui} values={values} errors={errors} />
        <SelectField
          name="role"
          label={t('account.role')}
          value={values.role ?? 'coordinator'}
          error={errors.role}
          options={STAFF_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        />
        <LocaleField ui={ui} values={values} errors={errors} />
        <p>
          <small>{t('admin.staffEnrol.scopeHint')}</small>
        </p>
        <button type="submit">{t('admin.staffEnrol.submit')}</button>
      </form>
    </Layout>
  );
}

/** A one-time password with the warning that it is shown only once. */
export function OneTimeSecret({ ui, body, initialPassword, member }: { ui: Ui; body: string; initialPassword: string; member: boolean }) {
  const { t } = ui;
  return (
    <article class="one-time-secret" aria-labelledby="secret-title">
      <p>{body}</p>
      <h2 id="secret-title">{t('admin.enrolled.passwordLabel')}</h2>
      <p class="secret-value">
        <code>{initialPassword}</code>
      </p>
      <p role="note">
        <strong>{member ? t('admin.enrolled.once') : t('admin.staffEnrolled.once')}</strong>
      </p>
      <p>{t('admin.enrolled.smsSent')}</p>
    </article>
  );
}

export function EnrolledPage({ ui, userId, role, name, phone, initialPassword }: { ui: Ui; userId: number; role: Role; name: string; phone: string; initialPassword: string }) {
  const { t } = ui;
  const member = role === 'member';
  const title = member ? t('admin.enrolled.title') : t('admin.staffEnrolled.title');
  return (
    <Layout ui={ui} title={title} narrow>
      <h1>{title}</h1>
      <OneTimeSecret ui={ui} body={member ? t('admin.enrolled.body', { name, phone }) : t('admin.staffEnrolled.body', { name, phone, role: t(`role.${role}`) })} initialPassword={initialPassword} member={member} />
      <p class="button-row">
        <a href={`/admin/members/${userId}`} role="button">
          {t('admin.enrolled.open')}
        </a>
        <a href={member ? '/admin/members/new' : '/admin/staff/new'} role="button" class="secondary">
          {t('admin.enrolled.another')}
        </a>
      </p>
    </Layout>
  );
}
