import { Layout } from '../layout';
import { Field, FormError } from '../components/form';
import type { Ui } from '../ui';

export interface DemoAccount {
  phone: string;
  role: string;
}

export interface LoginProps {
  ui: Ui;
  values?: { phone?: string | undefined; next?: string | undefined };
  errors?: Record<string, string>;
  formError?: string | null;
  demoAccounts?: DemoAccount[] | null;
}

export function LoginPage({ ui, values = {}, errors = {}, formError, demoAccounts }: LoginProps) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('login.title')} narrow>
      <article class="auth-card">
        <header>
          <h1>{t('login.title')}</h1>
          <p>{t('login.intro')}</p>
        </header>
        <form method="post" action="/login" novalidate>
          <FormError message={formError ?? errors._form} />
          <Field
            name="phone"
            label={t('login.phone')}
            type="text"
            inputmode="numeric"
            autocomplete="username"
            value={values.phone}
            error={errors.phone}
            maxlength={20}
            required
            autofocus={!values.phone}
          />
          <Field
            name="password"
            label={t('login.password')}
            type="password"
            autocomplete="current-password"
            error={errors.password}
            hint={t('login.passwordHint')}
            required
            autofocus={!!values.phone}
          />
          {values.next && <input type="hidden" name="next" value={values.next} />}
          <button type="submit">{t('login.submit')}</button>
        </form>
        <footer>
          <small>{t('login.help')}</small>
        </footer>
      </article>
      {demoAccounts && demoAccounts.length > 0 && (
        <details class="demo-accounts">
          <summary>{t('login.demo.title')}</summary>
          <p>
            <small>{t('login.demo.password')}</small>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('login.phone')}</th>
                <th scope="col">{t('login.demo.role')}</th>
              </tr>
            </thead>
            <tbody>
              {demoAccounts.map((a) => (
                <tr>
                  <td>
                    <code>{a.phone}</code>
                  </td>
                  <td>{a.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </Layout>
  );
}
