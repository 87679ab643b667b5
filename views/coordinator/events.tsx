import { Layout } from '../layout';
import { PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { ManagedEventItem } from '../../src/events/manage';
import { CoordinatorTabs } from './tabs';
import { TableScroll } from '../components/table';

export function ManagedEventsPage({ ui, items, now }: { ui: Ui; items: ManagedEventItem[]; now: number }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('evm.title')}>
      <CoordinatorTabs ui={ui} current="events" />
      <PageTitle title={t('evm.title')} intro={t('evm.intro')} />
      <p>
        <a href="/coordinator/events/new" role="button">
          {t('evm.new')}
        </a>
      </p>
      {items.length === 0 ? (
        <p class="empty">{t('evm.empty')}</p>
      ) : (
        <TableScroll label={t('evm.title')}>
          <table class="striped card-table">
            <thead>
              <tr>
                <th scope="col">{t('evm.col.event')}</th>
                <th scope="col">{t('evm.col.when')}</th>
                <th scope="col" class="num">
                  {t('evm.col.seats')}
                </th>
                <th scope="col" class="num">
                  {t('evm.col.waiting')}
                </th>
                <th scope="col">{t('evm.col.state')}</th>
                <th scope="col">{t('roster.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ event: e, club, counts }) => (
                <tr>
                  <th scope="row">
                    <a href={`/events/${e.id}`}>{pick(ui, e.titleZh, e.titleEn)}</a>
                    <br />
                    <small>{club ? pick(ui, club.nameZh, club.nameEn) : t('events.programmeWide')}</small>
                  </th>
                  <td data-label={t('evm.col.when')}>{ui.fmt.range(e.startsAt, e.endsAt)}</td>
                  <td class="num" data-label={t('evm.col.seats')}>
                    {counts.confirmedSeats} / {e.capacity}
                  </td>
                  <td class="num" data-label={t('evm.col.waiting')}>{counts.waitlisted}</td>
                  <td data-label={t('evm.col.state')}>{t(e.status === 'cancelled' ? 'evm.state.cancelled' : e.endsAt < now ? 'evm.state.past' : 'evm.state.scheduled')}</td>
                  <td class="button-row" data-label={t('roster.col.actions')}>
                    {e.status === 'scheduled' && <a href={`/coordinator/events/${e.id}/checkin`}>{t('evm.checkin')}</a>}
                    <a href={`/coordinator/events/${e.id}/attendance`}>{t('evm.attendance')}</a>
                    {e.status === 'scheduled' && <a href={`/coordinator/events/${e.id}/edit`}>{t('evm.edit')}</a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
