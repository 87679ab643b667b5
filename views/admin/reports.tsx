import type { AttendanceLine, AttendanceReport } from '../../src/admin/reports';
import type { FilterOptions } from '../../src/admin/report-filters';
import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import { BarChart, RateChart } from './charts';
import { CsvLink, filterValues, monthAxis, monthLabel, queryOf, rateText, ReportFilterForm, ReportHeader } from './reports-parts';
import { TableScroll } from '../components/table';

/** The filters did not make sense: the form again with what was typed and why, and no figures. */
export interface FilterProblemState {
  options: FilterOptions;
  values: Record<string, string>;
  errors: Record<string, string>;
}

function AttendanceTable({ ui, id, caption, firstCol, rows, totals }: { ui: Ui; id: string; caption: string; firstCol: string; rows: Array<{ label: string; line: AttendanceLine }>; totals?: AttendanceLine }) {
  const { t } = ui;
  const withEvents = rows.some((r) => r.line.events !== null);
  const cells = (l: AttendanceLine) => (
    <>
      {withEvents && <td class="num">{l.events ?? ''}</td>}
      <td class="num">{l.parties}</td>
      <td class="num">{l.seats}</td>
      <td class="num">{l.checkedInParties}</td>
      <td class="num">{l.checkedInSeats}</td>
      <td class="num">{l.endedParties}</td>
      <td class="num">{l.noShows}</td>
      <td class="num">{rateText(ui, l.noShowRate)}</td>
      <td class="num">{l.cancelled}</td>
    </>
  );
  return (
    <TableScroll label={caption}>
      <table class="striped" id={id}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstCol}</th>
            {withEvents && (
              <th scope="col" class="num">
                {t('admin.reports.col.events')}
              </th>
            )}
            <th scope="col" class="num">
              {t('admin.reports.col.parties')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.seats')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.checkedInParties')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.checkedInSeats')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.endedParties')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.noShows')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.noShowRate')}
            </th>
            <th scope="col" class="num">
              {t('admin.reports.col.cancelled')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              {cells(r.line)}
            </tr>
          ))}
        </tbody>
        {totals && (
          <tfoot>
            <tr>
              <th scope="row">{t('admin.reports.total')}</th>
              {cells(totals)}
            </tr>
          </tfoot>
        )}
      </table>
    </TableScroll>
  );
}

export function clubLabel(ui: Ui, r: { clubId: number | null; nameZh: string | null; nameEn: string | null }): string {
  return r.clubId === null ? ui.t('admin.reports.programmeWide') : pick(ui, r.nameZh ?? '', r.nameEn ?? '');
}

export function tierLabel(ui: Ui, r: { code: string | null; nameZh: string | null; nameEn: string | null }): string {
  return r.code === null ? ui.t('admin.reports.noTier') : pick(ui, r.nameZh ?? r.code, r.nameEn ?? r.code);
}

export function AttendanceReportPage({ ui, report, problem }: { ui: Ui; report: AttendanceReport | null; problem?: FilterProblemState }) {
  const { t } = ui;
  const values = report ? filterValues(report.filters) : problem!.values;
  const query = queryOf(values, ['club', 'tier']);
  return (
    <Layout ui={ui} title={`${t('admin.reports.title')} · ${t('admin.reports.tab.attendance')}`}>
      <ReportHeader ui={ui} current="attendance" query={report ? query : ''} />
      <ReportFilterForm ui={ui} action="/admin/reports" options={report?.options ?? problem!.options} values={values} errors={problem?.errors ?? {}} fields={['club', 'tier']} />
      {report && <AttendanceBody ui={ui} report={report} query={query} />}
    </Layout>
  );
}

function AttendanceBody({ ui, report, query }: { ui: Ui; report: AttendanceReport; query: string }) {
  const { t } = ui;
  const { totals } = report;
  if (totals.events === 0 && totals.parties === 0 && totals.cancelled === 0) {
    return (
      <p class="callout" role="status">
        {t('admin.reports.attendance.empty')}
      </p>
    );
  }
  const months = report.months.map((m) => monthLabel(ui, m.month));
  const period = `${monthLabel(ui, report.filters.from)} – ${monthLabel(ui, report.filters.to)}`;
  const seatsName = t('admin.reports.col.seats');
  const inName = t('admin.reports.col.checkedInSeats');
  return (
    <>
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{totals.events}</p>
          <p class="stat-label">{t('admin.reports.col.events')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.seats}</p>
          <p class="stat-label">{seatsName}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.checkedInSeats}</p>
          <p class="stat-label">{inName}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{rateText(ui, totals.noShowRate)}</p>
          <p class="stat-label">{t('admin.reports.col.noShowRate')}</p>
        </article>
      </div>
      <p id="att-units">
        <small>{t('admin.reports.attendance.units')}</small>
      </p>
      <section class="report-section" aria-labelledby="att-months">
        <h2 id="att-months">{t('admin.reports.attendance.byMonth')}</h2>
        <figure>
          <BarChart
            id="chart-attendance"
            title={t('admin.reports.attendance.chartTitle', { period })}
            desc={t('admin.reports.attendance.chartDesc', { seats: totals.seats, people: totals.checkedInSeats })}
            categories={months}
            axis={monthAxis(ui, report.months.map((m) => m.month))}
            series={[
              { name: seatsName, look: 1, values: report.months.map((m) => m.seats) },
              { name: inName, look: 2, values: report.months.map((m) => m.checkedInSeats) },
            ]}
            barTitle={(s, cat, v) => t('admin.reports.barTitle', { category: cat, series: s.name, count: v })}
          />
          <figcaption>{t('admin.reports.attendance.chartTitle', { period })}</figcaption>
        </figure>
        <figure>
          <RateChart
            id="chart-noshow"
            title={t('admin.reports.attendance.rateTitle', { period })}
            desc={t('admin.reports.attendance.rateDesc', { rate: rateText(ui, totals.noShowRate) })}
            categories={months}
            axis={monthAxis(ui, report.months.map((m) => m.month))}
            values={report.months.map((m) => (m.noShowRate === null ? null : Number(m.noShowRate)))}
            pointTitle={(cat, v) => t('admin.reports.rateTitle', { category: cat, rate: `${v.toFixed(1)}%` })}
          />
          <figcaption>
            {t('admin.reports.attendance.rateTitle', { period })}
            <br />
            <small>{t('admin.reports.attendance.caption')}</small>
          </figcaption>
        </figure>
        <CsvLink ui={ui} href={`/admin/reports/attendance.csv?${query}`} label={t('admin.reports.attendance.csv')} />
        <AttendanceTable ui={ui} id="table-months" caption={t('admin.reports.attendance.byMonth')} firstCol={t('admin.reports.col.month')} rows={report.months.map((m) => ({ label: monthLabel(ui, m.month), line: m }))} totals={totals} />
      </section>
      <section class="report-section" aria-labelledby="att-clubs">
        <h2 id="att-clubs">{t('admin.reports.attendance.byClub')}</h2>
        <AttendanceTable ui={ui} id="table-clubs" caption={t('admin.reports.attendance.byClub')} firstCol={t('admin.reports.club')} rows={report.byClub.map((c) => ({ label: clubLabel(ui, c), line: c }))} />
      </section>
      <section class="report-section" aria-labelledby="att-tiers">
        <h2 id="att-tiers">{t('admin.reports.attendance.byTier')}</h2>
        <p>
          <small>{t('admin.reports.attendance.tierNote')}</small>
        </p>
        {report.byTier.length ? (
          <AttendanceTable ui={ui} id="table-tiers" caption={t('admin.reports.attendance.byTier')} firstCol={t('admin.reports.tier')} rows={report.byTier.map((r) => ({ label: tierLabel(ui, r), line: r }))} />
        ) : (
          <p>{t('admin.reports.attendance.noRegistrations')}</p>
        )}
      </section>
    </>
  );
}
