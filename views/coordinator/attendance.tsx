import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { AttendanceReport, AttendanceRow } from '../../src/events/attendance';
import type { Translate } from '../../src/lib/i18n';
import { TableScroll } from '../components/table';

export function statusText(t: Translate, r: AttendanceRow): string {
  if (r.status === 'waitlisted') return t('att.waiting');
  if (r.checkedInSeats > 0) return t('reg.checkedIn');
  if (r.noShowAt !== null) return t('reg.noShow');
  return t('att.confirmed');
}

export function AttendancePage({ ui, report, now }: { ui: Ui; report: AttendanceReport; now: number }) {
  const { t } = ui;
  const { event, totals } = report;
  const title = pick(ui, event.titleZh, event.titleEn);
  return (
    <Layout ui={ui} title={`${t('att.title')} · ${title}`}>
      <Breadcrumb ui={ui} trail={[{ href: '/coordinator/events', label: t('evm.title') }]} current={t('att.title')} />
      <PageTitle title={title} intro={ui.fmt.range(event.startsAt, event.endsAt)} />
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{totals.confirmedSeats}</p>
          <p class="stat-label">
            {t('att.confirmed')} · {t('att.people', { count: totals.confirmed, seats: totals.confirmedSeats })}
          </p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.checkedInSeats}</p>
          <p class="stat-label">{t('att.checkedIn')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.noShows}</p>
          <p class="stat-label">{t('att.noShows')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.waitlistLeft}</p>
          <p class="stat-label">{t('att.waitlistLeft')}</p>
        </article>
      </div>
      {event.endsAt > now && <p class="callout">{t('att.notYet')}</p>}
      <h2 class="h-small">{t('att.byTier')}</h2>
      <TableScroll label={t('att.byTier')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('roster.col.tier')}</th>
              <th scope="col" class="num">{t('att.confirmed')}</th>
              <th scope="col" class="num">{t('att.checkedIn')}</th>
              <th scope="col" class="num">{t('att.noShows')}</th>
            </tr>
          </thead>
          <tbody>
            {report.byTier.map((line) => (
              <tr>
                <th scope="row">{line.nameZh ? pick(ui, line.nameZh, line.nameEn ?? '') : '—'}</th>
                <td class="num">{line.confirmed}</td>
                <td class="num">{line.checkedIn}</td>
                <td class="num">{line.noShows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2 class="h-small">{t('att.list')}</h2>
      <p class="button-row">
        <a href={`/coordinator/events/${event.id}/attendance.csv`} data-hx-boost="false" role="button" class="secondary" download>
          {t('att.export')}
        </a>{' '}
        <a href={`/coordinator/events/${event.id}/attendance.xlsx`} data-hx-boost="false" role="button" class="secondary" download>
          {t('export.xlsx')}
        </a>
      </p>
      <TableScroll label={t('att.list')}>
        <table class="striped">
          <thead>
            <tr>
              <th scope="col">{t('roster.col.name')}</th>
              <th scope="col">{t('roster.col.tier')}</th>
              <th scope="col" class="num">{t('att.col.seats')}</th>
              <th scope="col">{t('roster.col.status')}</th>
              <th scope="col">{t('att.col.checkedInAt')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr>
                <th scope="row">{r.name}</th>
                <td>{r.tierNameZh ? pick(ui, r.tierNameZh, r.tierNameEn ?? '') : '—'}</td>
                <td class="num">{r.checkedInSeats > 0 ? `${r.checkedInSeats} / ${r.seats}` : r.seats}</td>
                <td>{statusText(t, r)}</td>
                <td>{r.checkedInAt ? ui.fmt.time(r.checkedInAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}
