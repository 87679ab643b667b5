import { Layout } from '../layout';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { OccupancyReport } from '../../src/lounges/admin';
import { toLocalDateValue } from '../../src/lib/time';
import { TableScroll } from '../components/table';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The peak number of people inside, hour by hour, as bars against the capacity line. */
function DayChart({ ui, peaks, capacity }: { ui: Ui; peaks: number[]; capacity: number }) {
  const W = 720;
  const H = 240;
  const pad = { left: 36, bottom: 24, top: 12 };
  const plotH = H - pad.bottom - pad.top;
  const top = Math.max(capacity, ...peaks, 1);
  const y = (n: number) => pad.top + plotH - (n / top) * plotH;
  const bw = (W - pad.left) / 24;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={ui.t('admin.occupancy.chartLabel', { capacity })}>
      {[0, Math.round(top / 2), top].map((n) => (
        <g>
          <line class="chart-grid" x1={pad.left} x2={W} y1={y(n)} y2={y(n)} />
          <text class="chart-axis" x={pad.left - 6} y={y(n) + 4} text-anchor="end">
            {n}
          </text>
        </g>
      ))}
      {peaks.map((n, h) => (
        <rect class={n >= capacity ? 'chart-bar chart-bar-full' : n >= capacity * 0.8 ? 'chart-bar chart-bar-near' : 'chart-bar'} x={pad.left + h * bw + 2} y={y(n)} width={bw - 4} height={Math.max(0, pad.top + plotH - y(n))}>
          <title>{ui.t('admin.occupancy.barTitle', { hour: `${String(h).padStart(2, '0')}:00`, count: n })}</title>
        </rect>
      ))}
      <line class="chart-capacity" x1={pad.left} x2={W} y1={y(capacity)} y2={y(capacity)} />
      {HOURS.filter((h) => h % 3 === 0).map((h) => (
        <text class="chart-axis" x={pad.left + h * bw + bw / 2} y={H - 6} text-anchor="middle">
          {String(h).padStart(2, '0')}
        </text>
      ))}
    </svg>
  );
}

/** A week as a grid: a row per day, a cell per hour, shaded by how full the room was. */
function WeekChart({ ui, report }: { ui: Ui; report: OccupancyReport }) {
  const cap = report.lounge.capacity;
  const W = 720;
  const rowH = 26;
  const left = 110;
  const cw = (W - left) / 24;
  const H = report.days.length * rowH + 22;
  const shade = (n: number) => (n === 0 ? 0 : n >= cap ? 4 : Math.min(3, 1 + Math.floor((n / cap) * 3)));
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={ui.t('admin.occupancy.weekLabel', { capacity: cap })}>
      {report.days.map((day, d) => (
        <g>
          <text class="chart-axis" x={left - 8} y={d * rowH + rowH / 2 + 4} text-anchor="end">
            {ui.fmt.shortDate(day)}
          </text>
          {report.byDayHour[d]!.map((n, h) => (
            <rect class={`heat heat-${shade(n)}`} x={left + h * cw + 1} y={d * rowH + 1} width={cw - 2} height={rowH - 2}>
              <title>{ui.t('admin.occupancy.barTitle', { hour: `${ui.fmt.date(day)} ${String(h).padStart(2, '0')}:00`, count: n })}</title>
            </rect>
          ))}
        </g>
      ))}
      {HOURS.filter((h) => h % 3 === 0).map((h) => (
        <text class="chart-axis" x={left + h * cw + cw / 2} y={H - 4} text-anchor="middle">
          {String(h).padStart(2, '0')}
        </text>
      ))}
    </svg>
  );
}

export function LoungeOccupancyPage({ ui, report, range }: { ui: Ui; report: OccupancyReport; range: 'day' | 'week' }) {
  const { t } = ui;
  const l = report.lounge;
  const name = pick(ui, l.nameZh, l.nameEn);
  const dayValue = toLocalDateValue(report.from, ui.fmt.zone);
  const base = `/admin/lounges/${l.id}`;
  const query = `day=${dayValue}&range=${range}`;
  const checkedIn = report.visits.filter((v) => v.checkedInAt !== null);
  const people = checkedIn.reduce((n, v) => n + v.people, 0);
  const noShows = report.visits.filter((v) => v.status === 'no_show').length;
  const peak = Math.max(0, ...report.byDayHour.flat());
  return (
    <Layout ui={ui} title={`${t('admin.lounges.occupancy')} · ${name}`}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/lounges', label: t('admin.lounges.title') }]} current={name} />
      <PageTitle title={`${t('admin.lounges.occupancy')} · ${name}`} intro={t('admin.occupancy.intro')} />
      <form method="get" action={`${base}/occupancy`} class="filters">
        <label for="f-day">
          {t('admin.occupancy.from')}
          <input id="f-day" type="date" name="day" value={dayValue} required />
        </label>
        <label for="f-range">
          {t('admin.occupancy.range')}
          <select id="f-range" name="range">
            <option value="day" selected={range === 'day'}>
              {t('admin.occupancy.day')}
            </option>
            <option value="week" selected={range === 'week'}>
              {t('admin.occupancy.week')}
            </option>
          </select>
        </label>
        <button type="submit" class="secondary">
          {t('lounges.showDay')}
        </button>
      </form>
      <div class="stat-grid">
        <article class="stat">
          <p class="stat-value">{checkedIn.length}</p>
          <p class="stat-label">{t('admin.occupancy.visits')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{people}</p>
          <p class="stat-label">{t('admin.occupancy.people')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">
            {peak} / {l.capacity}
          </p>
          <p class="stat-label">{t('admin.occupancy.peak')}</p>
        </article>
        <article class="stat">
          <p class="stat-value">{noShows}</p>
          <p class="stat-label">{t('admin.occupancy.noShows')}</p>
        </article>
      </div>
      <figure>
        {range === 'day' ? <DayChart ui={ui} peaks={report.byDayHour[0]!} capacity={l.capacity} /> : <WeekChart ui={ui} report={report} />}
        <figcaption>
          <small>{t(range === 'day' ? 'admin.occupancy.caption' : 'admin.occupancy.weekCaption', { capacity: l.capacity })}</small>
        </figcaption>
      </figure>
      <p class="button-row">
        <a href={`${base}/visits.csv?${query}`} role="button" class="secondary" download>
          {t('admin.occupancy.csv')}
        </a>{' '}
        <a href={`${base}/visits.xlsx?${query}`} role="button" class="secondary" download>
          {t('export.xlsx')}
        </a>
      </p>
      <details>
        <summary>{t('admin.occupancy.table')}</summary>
        <TableScroll label={t('admin.occupancy.table')}>
          <table class="striped compact-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.occupancy.dayCol')}</th>
                {HOURS.map((h) => (
                  <th scope="col" class="num">
                    {String(h).padStart(2, '0')}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.days.map((day, d) => (
                <tr>
                  <th scope="row">{ui.fmt.date(day)}</th>
                  {report.byDayHour[d]!.map((n) => (
                    <td class="num">{n}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </Layout>
  );
}
