import { Layout } from './layout';
import type { Ui } from './ui';
import type { MessageKey } from '../src/lib/i18n';

export type ErrorStatus = 400 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

const copy: Record<ErrorStatus, { title: MessageKey; body: MessageKey }> = {
  400: { title: 'error.400.title', body: 'error.400.body' },
  403: { title: 'error.403.title', body: 'error.403.body' },
  404: { title: 'error.404.title', body: 'error.404.body' },
  405: { title: 'error.405.title', body: 'error.405.body' },
  409: { title: 'error.409.title', body: 'error.409.body' },
  413: { title: 'error.413.title', body: 'error.413.body' },
  415: { title: 'error.415.title', body: 'error.415.body' },
  429: { title: 'error.429.title', body: 'error.429.body' },
  500: { title: 'error.500.title', body: 'error.500.body' },
  503: { title: 'error.503.title', body: 'error.503.body' },
};

export function ErrorPage({ ui, status, requestId }: { ui: Ui; status: ErrorStatus; requestId?: string | undefined }) {
  const { t } = ui;
  const c = copy[status];
  return (
    <Layout ui={ui} title={t(c.title)} narrow>
      <section class="error-page" aria-labelledby="error-title">
        <p class="error-code" aria-hidden="true">
          {status}
        </p>
        <h1 id="error-title">{t(c.title)}</h1>
        <p>{t(c.body)}</p>
        {status === 500 && requestId && (
          <p>
            <small>
              {t('error.reference')} <code>{requestId}</code>
            </small>
          </p>
        )}
        <p>
          <a href="/" role="button" class="secondary">
            {t('error.home')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
