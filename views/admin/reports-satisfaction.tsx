import type { SatisfactionByPeriod, Score } from '../../src/admin/report-satisfaction';
import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import { BarChart } from './charts';
import type { FilterProblemState } from './reports';
import { CsvLink, filterValues, monthAxis, monthLabel, queryOf, ReportFilterForm, ReportHeader } from './reports-parts';
import { TableScroll } from '../components/table';

function ScoreCells({ ui, score }: { ui: Ui; score: Score }) {
  return (
    <>
      <td class="num">{score.count}</td>
      <td class="num">{score.average ?? ui.t('admin.reports.none')}</td>
    </>
  );
}

function SubjectTable({ ui, id, title, firstCol, rows }: { ui: Ui; id: string; title: string; firstCol: string; rows: Array<{ label: string; href: string | null; score: Score }> }) {
  const { t } = ui;
  return (
    <section class="report-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {rows.length === 0 ? (
        <p>{t('admin.reports.satisfaction.noneHere')}</p>
      ) : (
        <TableScroll labelledBy={`${id}-h`}>
          <table class="striped" id={id}>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{firstCol}</th>
                <th scope="col" class="num">
                  {t('admin.reports.col.ratings')}
                </th>
                <th scope="col" class="num">
                  {t('admin.reports.col.average')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
                  <ScoreCells ui={ui} score={r.score} />
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function SatisfactionReportPage({ ui, report, problem }: { ui: Ui; report: SatisfactionByPeriod | null; problem?: FilterProblemState }) {
  const { t } = ui;
  const values = report ? filterValues(report.filters) : problem!.values;
  const query = queryOf(values, ['club', 'tier']);
  return (
    <Layout ui={ui} title={`${t('admin.reports.title')} · ${t('admin.reports.tab.satisfaction')}`}>
      <ReportHeader ui={ui} current="satisfaction" query={report ? query : ''} />
      <ReportFilterForm ui={ui} action="/admin/reports/satisfaction" options={report?.options ?? problem!.options} values={values} errors={problem?.errors ?? {}} fields={['club', 'tier']} />
      <p>
        <a href="/admin/satisfaction">{t('admin.reports.satisfaction.allTime')}</a>
      </p>
      {report && <SatisfactionBody ui={ui} report={report} query={query} />}
    </Layout>
  );
}

function SatisfactionBody({ ui, report, query }: { ui: Ui; report: SatisfactionByPeriod; query: string }) {
  const { t } = ui;
  const { totals } = report;
  if (totals.all.count === 0) {
    return (
      <p class="callout" role="status">
        {t('admin.reports.satisfaction.empty')}
      </p>
    );
  }
  const period = `${monthLabel(ui, report.filters.from)} – ${monthLabel(ui, report.filters.to)}`;
  const eventsName = t('admin.reports.satisfaction.events');
  const loungesName = t('admin.reports.satisfaction.lounges');
  const avg = (s: Score) => (s.average === null ? 0 : Number(s.average));
  return (
    <>
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{totals.all.average}</p>
          <p class="stat-label">{t('admin.reports.satisfaction.overall', { count: totals.all.count })}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{totals.events.average ?? t('admin.reports.none')}</p>
          <p class="stat-label">{t('admin.reports.satisfaction.eventsCount', { count: totals.events.count })}</p>
        </article>
        {report.loungesIncluded && (
          <article class="stat">
            <p class="stat-value">{totals.lounges.average ?? t('admin.reports.none')}</p>
            <p class="stat-label">{t('admin.reports.satisfaction.loungesCount', { count: totals.lounges.count })}</p>
          </article>
        )}
      </div>
      <section class="report-section" aria-labelledby="sat-months">
        <h2 id="sat-months">{t('admin.reports.satisfaction.byMonth')}</h2>
        <figure>
          <BarChart
            id="chart-satisfaction"
            title={t('admin.reports.satisfaction.chartTitle', { period })}
            desc={t('admin.reports.satisfaction.chartDesc', { count: totals.all.count, average: totals.all.average ?? '' })}
            categories={report.months.map((m) => monthLabel(ui, m.month))}
            axis={monthAxis(ui, report.months.map((m) => m.month))}
            series={[
              { name: eventsName, look: 1, values: report.months.map((m) => avg(m.events)) },
              ...(report.loungesIncluded ? [{ name: loungesName, look: 2 as const, values: report.months.map((m) => avg(m.lounges)) }] : []),
            ]}
            max={5}
            barTitle={(s, cat, v) => t('admin.reports.satisfaction.barTitle', { category: cat, series: s.name, average: v ? v.toFixed(1) : t('admin.reports.none') })}
          />
          <figcaption>
            {t('admin.reports.satisfaction.chartTitle', { period })}
            <br />
            <small>{t('admin.reports.satisfaction.caption')}</small>
          </figcaption>
        </figure>
        <CsvLink ui={ui} href={`/admin/reports/satisfaction.csv?${query}`} label={t('admin.reports.satisfaction.csv')} />
        <TableScroll labelledBy="sat-months">
          <table class="striped" id="table-sat-months">
            <caption class="visually-hidden">{t('admin.reports.satisfaction.byMonth')}</caption>
            <thead>
              <tr>
                <th scope="col" rowspan={2}>
                  {t('admin.reports.col.month')}
                </th>
                <th scope="colgroup" colspan={2}>
                  {eventsName}
                </th>
                {report.loungesIncluded && (
                  <th scope="colgroup" colspan={2}>
                    {loungesName}
                  </th>
                )}
                <th scope="colgroup" colspan={2}>
                  {t('admin.reports.satisfaction.all')}
                </th>
              </tr>
              <tr>
                {[eventsName, ...(report.loungesIncluded ? [loungesName] : []), t('admin.reports.satisfaction.all')].map(() => (
                  <>
                    <th scope="col" class="num">
                      {t('admin.reports.col.ratings')}
                    </th>
                    <th scope="col" class="num">
                      {t('admin.reports.col.average')}
                    </th>
                  </>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.months.map((m) => (
                <tr>
                  <th scope="row">{monthLabel(ui, m.month)}</th>
                  <ScoreCells ui={ui} score={m.events} />
                  {report.loungesIncluded && <ScoreCells ui={ui} score={m.lounges} />}
                  <ScoreCells ui={ui} score={m.all} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('admin.reports.total')}</th>
                <ScoreCells ui={ui} score={totals.events} />
                {report.loungesIncluded && <ScoreCells ui={ui} score={totals.lounges} />}
                <ScoreCells ui={ui} score={totals.all} />
              </tr>
            </tfoot>
          </table>
        </TableScroll>
      </section>
      <SubjectTable
        ui={ui}
        id="table-sat-clubs"
        title={t('admin.reports.satisfaction.byClub')}
        firstCol={t('admin.reports.club')}
        rows={report.byClub.map((c) => ({ label: c.id === null ? t('admin.reports.programmeWide') : pick(ui, c.nameZh ?? '', c.nameEn ?? ''), href: c.id === null ? null : `/admin/satisfaction/clubs/${c.id}`, score: c }))}
      />
      <SubjectTable
        ui={ui}
        id="table-sat-events"
        title={t('admin.reports.satisfaction.byEvent')}
        firstCol={t('admin.reports.col.event')}
        rows={report.byEvent.map((e) => ({ label: `${pick(ui, e.nameZh, e.nameEn)} · ${ui.fmt.date(e.startsAt)}`, href: `/admin/satisfaction/events/${e.id}`, score: e }))}
      />
      {report.loungesIncluded && (
        <SubjectTable ui={ui} id="table-sat-lounges" title={t('admin.reports.satisfaction.byLounge')} firstCol={t('admin.reports.lounge')} rows={report.byLounge.map((l) => ({ label: pick(ui, l.nameZh, l.nameEn), href: `/admin/satisfaction/lounges/${l.id}`, score: l }))} />
      )}
    </>
  );
}
