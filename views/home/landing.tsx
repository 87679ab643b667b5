import { Layout } from '../layout';
import type { Ui } from '../ui';
import type { MessageKey } from '../../src/lib/i18n';

const promises: Array<{ title: MessageKey; body: MessageKey }> = [
  { title: 'landing.promise.oneplace.title', body: 'landing.promise.oneplace.body' },
  { title: 'landing.promise.confirm.title', body: 'landing.promise.confirm.body' },
  { title: 'landing.promise.cancel.title', body: 'landing.promise.cancel.body' },
  { title: 'landing.promise.bill.title', body: 'landing.promise.bill.body' },
];

export function LandingPage({ ui }: { ui: Ui }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('landing.title')}>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('landing.heading')}</h1>
        <p class="lead">{t('landing.lead')}</p>
        <p>
          <a href="/login" role="button">
            {t('nav.signIn')}
          </a>
        </p>
      </section>
      <section aria-labelledby="promises-title">
        <h2 id="promises-title">{t('landing.promisesTitle')}</h2>
        <div class="card-grid">
          {promises.map((p) => (
            <article>
              <h3>{t(p.title)}</h3>
              <p>{t(p.body)}</p>
            </article>
          ))}
        </div>
      </section>
    </Layout>
  );
}
