import type { FilterOptions, ReportFilters } from '../../src/admin/report-filters';
import type { MessageKey } from '../../src/lib/i18n';
import { FormError, SelectField } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import { pick, type Ui } from '../ui';
import type { AxisLabel } from './charts';

export type ReportTab = 'attendance' | 'lounges' | 'satisfaction';

export const REPORT_PATHS: Record<ReportTab, string> = {
  attendance: '/admin/reports',
  lounges: '/admin/reports/lounges',
  satisfaction: '/admin/reports/satisfaction',
};

const TAB_LABELS: Record<ReportTab, MessageKey> = {
  attendance: 'admin.reports.tab.attendance',
  lounges: 'admin.reports.tab.lounges',
  satisfaction: 'admin.reports.tab.satisfaction',
};

/** The report page's heading: breadcrumb, h1 and the tabs between the three reports. */
export function ReportHeader({ ui, current, query }: { ui: Ui; current: ReportTab; query: string }) {
  const { t } = ui;
  return (
    <>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.reports.title')} />
      <PageTitle title={`${t('admin.reports.title')} · ${t(TAB_LABELS[current])}`} intro={t(`admin.reports.intro.${current}` as MessageKey)} />
      <nav class="tabs" aria-label={t('admin.reports.title')}>
        <ul>
          {(Object.keys(REPORT_PATHS) as ReportTab[]).map((tab) => (
            <li>
              <a href={`${REPORT_PATHS[tab]}${query ? `?${query}` : ''}`} aria-current={tab === current ? 'page' : undefined}>
                {t(TAB_LABELS[tab])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

/** "2026年12月" / "Dec 2026" for "2026-12". */
export function monthLabel(ui: Ui, month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return ui.t('admin.reports.month', { year, name: ui.t(`admin.reports.mon.${m}` as MessageKey) });
}

/** Short axis labels: the month, with the year under the first month and under every January. */
export function monthAxis(ui: Ui, months: string[]): AxisLabel[] {
  return months.map((month, i) => {
    const [year, m] = month.split('-').map(Number) as [number, number];
    return { main: ui.t(`admin.reports.mon.${m}` as MessageKey), sub: i === 0 || m === 1 ? String(year) : undefined };
  });
}

/** The filters as query values (what the form shows and the links carry). */
export function filterValues(f: ReportFilters): Record<string, string> {
  const out: Record<string, string> = { from: f.from, to: f.to };
  if (f.club !== 'all') out.club = String(f.club);
  if (f.tier) out.tier = f.tier;
  if (f.lounge !== null) out.lounge = String(f.lounge);
  return out;
}

export function queryOf(values: Record<string, string>, keep: Array<'club' | 'tier' | 'lounge'>): string {
  const params = new URLSearchParams();
  for (const k of ['from', 'to', ...keep]) if (values[k]) params.set(k, values[k]!);
  return params.toString();
}

function MonthInput({ ui, name, label, value, error }: { ui: Ui; name: string; label: string; value: string | undefined; error: string | undefined }) {
  const id = `f-${name}`;
  return (
    <label for={id}>
      {label}
      <input id={id} name={name} type="month" value={value} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : `${id}-hint`} />
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      ) : (
        <small id={`${id}-hint`}>{ui.t('admin.reports.monthHint')}</small>
      )}
    </label>
  );
}

/** The filter form (GET): months from/to and, per report, club, tier and lounge. */
export function ReportFilterForm(props: { ui: Ui; action: string; options: FilterOptions; values: Record<string, string>; errors: Record<string, string>; fields: Array<'club' | 'tier' | 'lounge'> }) {
  const { ui, options, values, errors, fields } = props;
  const { t } = ui;
  // a problem with a filter this report has no field for (e.g. a lounge in an attendance link) is said above the form
  const elsewhere = (['club', 'tier', 'lounge'] as const).filter((f) => !fields.includes(f) && errors[f]).map((f) => errors[f]);
  return (
    <form method="get" action={props.action} class="filters report-filters" novalidate>
      <FormError message={errors._form ?? elsewhere[0]} />
      <MonthInput ui={ui} name="from" label={t('admin.reports.from')} value={values.from} error={errors.from} />
      <MonthInput ui={ui} name="to" label={t('admin.reports.to')} value={values.to} error={errors.to} />
      {fields.includes('club') && (
        <SelectField
          name="club"
          label={t('admin.reports.club')}
          value={values.club ?? 'all'}
          error={errors.club}
          options={[
            { value: 'all', label: t('admin.reports.allClubs') },
            { value: 'none', label: t('admin.reports.programmeWide') },
            ...options.clubs.map((c) => ({ value: String(c.id), label: c.archived ? t('admin.reports.closedClub', { name: pick(ui, c.nameZh, c.nameEn) }) : pick(ui, c.nameZh, c.nameEn) })),
          ]}
        />
      )}
      {fields.includes('tier') && (
        <SelectField name="tier" label={t('admin.reports.tier')} value={values.tier ?? ''} error={errors.tier} options={[{ value: '', label: t('admin.reports.allTiers') }, ...options.tiers.map((x) => ({ value: x.code, label: pick(ui, x.nameZh, x.nameEn) }))]} />
      )}
      {fields.includes('lounge') && (
        <SelectField name="lounge" label={t('admin.reports.lounge')} value={values.lounge ?? ''} error={errors.lounge} options={[{ value: '', label: t('admin.reports.allLounges') }, ...options.lounges.map((l) => ({ value: String(l.id), label: pick(ui, l.nameZh, l.nameEn) }))]} />
      )}
      <button type="submit" class="secondary">
        {t('admin.reports.apply')}
      </button>
    </form>
  );
}

/** A figure's actions: the CSV of the same numbers, and the same as .xlsx. */
export function CsvLink({ ui, href, label }: { ui: Ui; href: string; label: string }) {
  return (
    <p class="report-actions">
      <a href={href} role="button" class="secondary" download>
        {label}
      </a>{' '}
      <a href={href.replace(/\.csv(?=\?|$)/, '.xlsx')} role="button" class="secondary" download>
        {ui.t('export.xlsx')}
      </a>
      <small>{ui.t('admin.reports.csvHint')}</small>
    </p>
  );
}

/** "12.5%" or "—". */
export function rateText(ui: Ui, rate: string | null): string {
  return rate === null ? ui.t('admin.reports.none') : `${rate}%`;
}
