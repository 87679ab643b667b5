import { Layout } from '../layout';
import { Field, FormError } from '../components/form';
import type { Ui } from '../ui';

export function PasswordPage({ ui, forced, errors = {} }: { ui: Ui; forced: boolean; errors?: Record<string, string> }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('password.title')} narrow>
      <article class="auth-card">
        <header>
          <h1>{t(forced ? 'password.forcedTitle' : 'password.title')}</h1>
          <p>{t(forced ? 'password.forcedIntro' : 'password.intro')}</p>
        </header>
        <form method="post" action="/account/password" novalidate>
          <FormError message={errors._form} />
          <Field
            name="current"
            label={t(forced ? 'password.currentInitial' : 'password.current')}
            type="password"
            autocomplete="current-password"
            error={errors.current}
            required
            autofocus
          />
          <Field
            name="next"
            label={t('password.next')}
            type="password"
            autocomplete="new-password"
            error={errors.next}
            hint={t('password.rules')}
            minlength={8}
            required
          />
          <Field name="confirm" label={t('password.confirm')} type="password" autocomplete="new-password" error={errors.confirm} required />
          <button type="submit">{t('password.submit')}</button>
        </form>
      </article>
    </Layout>
  );
}
