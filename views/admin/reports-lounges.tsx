import type { LoungeHeatReport } from '../../src/admin/report-lounges';
import type { MessageKey } from '../../src/lib/i18n';
import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import { HeatLegend, HeatMap } from './charts';
import type { FilterProblemState } from './reports';
import { CsvLink, filterValues, monthLabel, queryOf, ReportFilterForm, ReportHeader } from './reports-parts';
import { TableScroll } from '../components/table';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Monday … Sunday in the page's language. */
export function weekdayNames(ui: Ui): string[] {
  return [1, 2, 3, 4, 5, 6, 7].map((d) => ui.t(`admin.reports.weekday.${d}` as MessageKey));
}

export function LoungeReportPage({ ui, report, problem }: { ui: Ui; report: LoungeHeatReport | null; problem?: FilterProblemState }) {
  const { t } = ui;
  const values = report ? filterValues(report.filters) : problem!.values;
  const query = queryOf(values, ['lounge', 'tier']);
  return (
    <Layout ui={ui} title={`${t('admin.reports.title')} · ${t('admin.reports.tab.lounges')}`}>
      <ReportHeader ui={ui} current="lounges" query={report ? query : ''} />
      <ReportFilterForm ui={ui} action="/admin/reports/lounges" options={report?.options ?? problem!.options} values={values} errors={problem?.errors ?? {}} fields={['lounge', 'tier']} />
      {report && <LoungeBody ui={ui} report={report} query={query} />}
    </Layout>
  );
}

function LoungeBody({ ui, report, query }: { ui: Ui; report: LoungeHeatReport; query: string }) {
  const { t } = ui;
  const { totals } = report;
  if (totals.visits === 0 && totals.noShows === 0) {
    return (
      <p class="callout" role="status">
        {t('admin.reports.lounges.empty')}
      </p>
    );
  }
  const days = weekdayNames(ui);
  const period = `${monthLabel(ui, report.filters.from)} – ${monthLabel(ui, report.filters.to)}`;
  const scope = report.filters.lounge === null ? t('admin.reports.allLounges') : pick(ui, report.lounges[0]!.nameZh, report.lounges[0]!.nameEn);
  const max = Math.max(0, ...report.cells.flat());
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return (
    <>
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{totals.visits}</p>
          <p class="stat-label">{t('admin.reports.lounges.visits')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.people}</p>
          <p class="stat-label">{t('admin.reports.lounges.people')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.walkIns}</p>
          <p class="stat-label">{t('admin.reports.lounges.walkIns')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.noShows}</p>
          <p class="stat-label">{t('admin.reports.lounges.noShows')}</p>
        </article>
      </div>
      <section class="report-section" aria-labelledby="lounge-heat">
        <h2 id="lounge-heat">{t('admin.reports.lounges.heatTitle')}</h2>
        <figure>
          <HeatMap
            id="chart-lounge-heat"
            title={t('admin.reports.lounges.chartTitle', { scope, period })}
            desc={t('admin.reports.lounges.chartDesc', { count: totals.visits, max })}
            rows={days}
            cells={report.cells}
            cellTitle={(day, h, n) => t('admin.reports.lounges.cellTitle', { day, hour: hh(h), count: n })}
          />
          <figcaption>
            {t('admin.reports.lounges.chartTitle', { scope, period })}
            <HeatLegend max={max} label={(shade, from, to) => (shade === 0 ? t('admin.reports.lounges.legendNone') : from === to ? t('admin.reports.lounges.legendOne', { count: from }) : t('admin.reports.lounges.legendRange', { from, to }))} />
            <small>{t('admin.reports.lounges.caption')}</small>
          </figcaption>
        </figure>
        <CsvLink ui={ui} href={`/admin/reports/lounges.csv?${query}`} label={t('admin.reports.lounges.csv')} />
        <TableScroll labelledBy="lounge-heat">
          <table class="striped compact-table" id="table-heat">
            <caption class="visually-hidden">{t('admin.reports.lounges.heatTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.reports.col.weekday')}</th>
                {HOURS.map((h) => (
                  <th scope="col" class="num">
                    {String(h).padStart(2, '0')}
                  </th>
                ))}
                <th scope="col" class="num">
                  {t('admin.reports.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day, d) => (
                <tr>
                  <th scope="row">{day}</th>
                  {report.cells[d]!.map((n) => (
                    <td class="num">{n}</td>
                  ))}
                  <td class="num">{report.cells[d]!.reduce((a, b) => a + b, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section class="report-section" aria-labelledby="lounge-table">
        <h2 id="lounge-table">{t('admin.reports.lounges.byLounge')}</h2>
        <TableScroll labelledBy="lounge-table">
          <table class="striped" id="table-lounges">
            <caption class="visually-hidden">{t('admin.reports.lounges.byLounge')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.reports.lounge')}</th>
                <th scope="col" class="num">
                  {t('admin.reports.lounges.visits')}
                </th>
                <th scope="col" class="num">
                  {t('admin.reports.lounges.people')}
                </th>
                <th scope="col" class="num">
                  {t('admin.reports.lounges.walkIns')}
                </th>
                <th scope="col" class="num">
                  {t('admin.reports.lounges.noShows')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.lounges.map((l) => (
                <tr>
                  <th scope="row">
                    <a href={`/admin/lounges/${l.loungeId}/occupancy`}>{pick(ui, l.nameZh, l.nameEn)}</a>
                  </th>
                  <td class="num">{l.visits}</td>
                  <td class="num">{l.people}</td>
                  <td class="num">{l.walkIns}</td>
                  <td class="num">{l.noShows}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </>
  );
}
