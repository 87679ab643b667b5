import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import type { Ui } from '../ui';
import type { InboxItem } from '../../src/notifications/service';
import { notificationText } from './message';

export function InboxPage({ ui, items }: { ui: Ui; items: InboxItem[] }) {
  const { t } = ui;
  const unread = items.filter((n) => n.readAt === null).length;
  return (
    <Layout ui={ui} title={t('inbox.title')}>
      <PageTitle title={t('inbox.title')} />
      {unread > 0 && (
        <form method="post" action="/inbox/read" class="inline-form">
          <button type="submit" class="secondary outline compact">
            {t('inbox.markAllRead')}
          </button>
        </form>
      )}
      {items.length === 0 ? (
        <p class="empty">{t('inbox.empty')}</p>
      ) : (
        <ol class="inbox">
          {items.map((n) => (
            <li class={n.readAt === null ? 'inbox-item unread' : 'inbox-item'}>
              <p class="inbox-meta">
                {n.readAt === null && <span class="badge">{t('inbox.unread')}</span>} <time datetime={ui.fmt.iso(n.createdAt)}>{ui.fmt.dateTime(n.createdAt)}</time>
              </p>
              <p class="inbox-text">
                <strong>{notificationText(ui, n)}</strong>
              </p>
              {n.title && <p class="inbox-title">{n.title}</p>}
              {n.body && <p class="prose">{n.body}</p>}
              <div class="button-row">
                {n.link && <a href={n.link}>{t('inbox.open')}</a>}
                {n.readAt === null && (
                  <form method="post" action="/inbox/read" class="inline-form">
                    <input type="hidden" name="id" value={String(n.id)} />
                    <button type="submit" class="secondary outline compact">
                      {t('inbox.markRead')}
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
