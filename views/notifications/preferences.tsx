import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { Field, FormError, type FieldErrors } from '../components/form';
import type { Ui } from '../ui';
import type { NotificationPreferences } from '../../src/notifications/preferences';

export interface PreferencesProps {
  ui: Ui;
  prefs: NotificationPreferences;
  /** what was submitted, when the form comes back with a problem */
  values?: Record<string, string> | undefined;
  errors?: FieldErrors;
}

/** A labelled switch with a line under it. */
function Switch({ name, label, hint, checked }: { name: string; label: string; hint?: string; checked: boolean }) {
  const id = `f-${name}`;
  return (
    <label for={id}>
      <input id={id} type="checkbox" name={name} role="switch" checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} />
      {label}
      {hint && (
        <>
          <br />
          <small id={`${id}-hint`}>{hint}</small>
        </>
      )}
    </label>
  );
}

/** The channels a person gets notices on; works as a plain form post. */
export function PreferencesPage({ ui, prefs, values, errors = {} }: PreferencesProps) {
  const { t } = ui;
  const sms = values ? values.sms === 'on' : prefs.sms;
  const emailEnabled = values ? values.email_enabled === 'on' : prefs.emailEnabled;
  const email = values ? values.email ?? '' : prefs.email ?? '';
  return (
    <Layout ui={ui} title={t('prefs.title')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/account', label: t('account.title') }]} current={t('prefs.title')} />
      <PageTitle title={t('prefs.title')} intro={t('prefs.intro')} />
      <article>
        <form method="post" action="/account/notifications" novalidate>
          <FormError message={errors._form} />
          <fieldset>
            <legend>{t('prefs.channels')}</legend>
            <Switch name="sms" label={t('prefs.sms')} hint={t('prefs.smsHint', { phone: prefs.phoneMasked })} checked={sms} />
            <Switch name="email_enabled" label={t('prefs.emailEnabled')} checked={emailEnabled} />
          </fieldset>
          <Field name="email" type="email" label={t('prefs.email')} value={email} error={errors.email} hint={t('prefs.emailHint')} autocomplete="email" maxlength={254} />
          <button type="submit">{t('prefs.save')}</button>
        </form>
      </article>
    </Layout>
  );
}
