import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { EventListItem } from '../../src/events/service';

function WindowNote({ ui, item }: { ui: Ui; item: EventListItem }) {
  const { t } = ui;
  if (item.eligible === false && item.minTier) {
    return <span class="status status-muted">{t('events.tierRequired', { tier: pick(ui, item.minTier.nameZh, item.minTier.nameEn) })}</span>;
  }
  if (item.window === 'not_yet_open' && item.opensForMemberAt !== null) {
    return <span class="status status-info">{t('events.opensForYou', { time: ui.fmt.dateTime(item.opensForMemberAt) })}</span>;
  }
  if (item.window === 'open') return <span class="status status-ok">{t('events.openNow')}</span>;
  if (item.window === 'closed') return <span class="status status-muted">{t('events.closed')}</span>;
  return null;
}

export function EventListPage({ ui, items }: { ui: Ui; items: EventListItem[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('events.title')}>
      <PageTitle title={t('events.title')} intro={t('events.intro')} />
      {items.length === 0 ? (
        <p class="empty">{t('events.empty')}</p>
      ) : (
        <ol class="event-list">
          {items.map((item) => {
            const e = item.event;
            return (
              <li>
                <article class="event-card">
                  <p class="event-when">
                    <time datetime={ui.fmt.iso(e.startsAt)}>{ui.fmt.range(e.startsAt, e.endsAt)}</time>
                  </p>
                  <h2>{pick(ui, e.titleZh, e.titleEn)}</h2>
                  <p class="badges">
                    <span class="badge">{t(`city.${e.city}`)}</span>
                    <span class="badge badge-muted">{item.club ? pick(ui, item.club.nameZh, item.club.nameEn) : t('events.programmeWide')}</span>
                    {item.minTier && <span class="badge badge-tier">{t('clubs.minTier', { tier: pick(ui, item.minTier.nameZh, item.minTier.nameEn) })}</span>}
                  </p>
                  <p>{pick(ui, e.descriptionZh, e.descriptionEn)}</p>
                  <dl class="facts compact">
                    <dt>{t('events.venue')}</dt>
                    <dd>{pick(ui, e.venueZh, e.venueEn)}</dd>
                    <dt>{t('events.capacity')}</dt>
                    <dd>{t('events.seats', { count: e.capacity })}</dd>
                    <dt>{t('events.guests')}</dt>
                    <dd>{e.maxGuests > 0 ? t('events.guestsAllowed', { count: e.maxGuests }) : t('events.noGuests')}</dd>
                  </dl>
                  <footer>
                    <WindowNote ui={ui} item={item} />
                  </footer>
                </article>
              </li>
            );
          })}
        </ol>
      )}
    </Layout>
  );
}
