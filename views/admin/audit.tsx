import { Layout } from '../layout';
import { Field, SelectField } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import type { Ui } from '../ui';
import { AUDIT_CSV_MAX_ROWS, AUDIT_TARGET_TYPES, type AuditPage, type AuditRow } from '../../src/admin/audit-log';
import { ACTION_PREFIXES, LABELLED_ACTIONS, actionLabel, auditQueryString, DETAIL_VALUE_MAX, targetHref, targetTypeLabel, truncate } from './audit-parts';
import { detailLines, targetText } from './audit-words';
import type { AuditNames } from '../../src/admin/audit-names';
import { TableScroll } from '../components/table';

function Filters({ ui, page, errors }: { ui: Ui; page: AuditPage; errors: Record<string, string> }) {
  const { t } = ui;
  const f = page.filter;
  const qs = auditQueryString(f);
  const hasFilter = qs !== '';
  const types: string[] = [...AUDIT_TARGET_TYPES];
  if (f.targetType && !types.includes(f.targetType)) types.push(f.targetType);
  return (
    <form method="get" action="/admin/audit" aria-label={t('admin.audit.filters')} novalidate>
      <div class="grid">
        <Field name="actor" label={t('admin.audit.actor')} value={f.actor} error={errors.actor} hint={t('admin.audit.actorHint')} maxlength={40} autocomplete="off" />
        <label for="f-action">
          {t('admin.audit.action')}
          <input id="f-action" name="action" type="text" value={f.action} maxlength={80} autocomplete="off" list="audit-actions" aria-invalid={errors.action ? 'true' : undefined} aria-describedby={errors.action ? 'f-action-hint f-action-error' : 'f-action-hint'} />
          <small id="f-action-hint">{t('admin.audit.actionHint')}</small>
          {errors.action && (
            <small id="f-action-error" class="field-error">
              {errors.action}
            </small>
          )}
        </label>
        <datalist id="audit-actions">
          {[...ACTION_PREFIXES, ...LABELLED_ACTIONS].map((a) => (
            <option value={a}>{actionLabel(t, a) ?? a}</option>
          ))}
        </datalist>
      </div>
      <div class="grid">
        <SelectField
          name="targetType"
          label={t('admin.audit.targetType')}
          value={f.targetType}
          error={errors.targetType}
          options={[{ value: '', label: t('admin.audit.anyTarget') }, ...types.map((type) => ({ value: type, label: targetTypeLabel(t, type) }))]}
        />
        <Field name="targetId" label={t('admin.audit.targetId')} value={f.targetId} error={errors.targetId} maxlength={64} autocomplete="off" />
      </div>
      <div class="grid">
        <Field name="from" label={t('admin.audit.from')} type="date" value={f.from} error={errors.from} />
        <Field name="to" label={t('admin.audit.to')} type="date" value={f.to} error={errors.to} />
      </div>
      <p class="button-row">
        <button type="submit">{t('admin.audit.apply')}</button>
        {hasFilter && (
          <a href="/admin/audit" role="button" class="secondary outline">
            {t('admin.audit.clear')}
          </a>
        )}
        <a href={`/admin/audit.csv${qs}`} role="button" class="secondary" download>
          {t('admin.audit.csv')}
        </a>
        <a href={`/admin/audit.xlsx${qs}`} role="button" class="secondary" download>
          {t('export.xlsx')}
        </a>
      </p>
    </form>
  );
}

function Who({ ui, row }: { ui: Ui; row: AuditRow }) {
  if (!row.actor) return <em>{ui.t('admin.audit.system')}</em>;
  return (
    <>
      <a href={`/admin/members/${row.actor.id}`}>{row.actor.name}</a>
      <br />
      <small>{ui.t(`role.${row.actor.role}`)}</small>
    </>
  );
}

function Target({ ui, row, names }: { ui: Ui; row: AuditRow; names: AuditNames }) {
  if (!row.targetType) return <>—</>;
  const text = targetText(ui, names, row.targetType, row.targetId);
  const href = targetHref(row.targetType, row.targetId);
  return href ? <a href={href}>{text}</a> : <>{text}</>;
}

function Detail({ ui, row, names }: { ui: Ui; row: AuditRow; names: AuditNames }) {
  const lines = detailLines(ui, names, row.action, row.detail);
  if (lines.length === 0) return <>—</>;
  return (
    <dl class="facts compact audit-detail">
      {lines.map(({ label, text: full }) => {
        const shown = truncate(full, DETAIL_VALUE_MAX);
        return (
          <>
            <dt>{truncate(label, 40)}</dt>
            <dd title={shown === full ? undefined : truncate(full, 500)}>{shown}</dd>
          </>
        );
      })}
    </dl>
  );
}

function Entry({ ui, row, names }: { ui: Ui; row: AuditRow; names: AuditNames }) {
  const label = actionLabel(ui.t, row.action);
  return (
    <tr>
      <td class="audit-when">
        <time datetime={ui.fmt.iso(row.at)}>{ui.fmt.dateTime(row.at)}</time>
      </td>
      <td class="audit-who">
        <Who ui={ui} row={row} />
      </td>
      <td>
        {label && (
          <>
            {label}
            <br />
          </>
        )}
        <code>{row.action}</code>
      </td>
      <td>
        <Target ui={ui} row={row} names={names} />
      </td>
      <td>
        <Detail ui={ui} row={row} names={names} />
      </td>
      <td class="audit-where">
        {row.ip ? ui.t('admin.audit.ip', { ip: row.ip }) : '—'}
        {row.requestId && (
          <>
            <br />
            <small>{ui.t('admin.audit.request', { id: row.requestId })}</small>
          </>
        )}
      </td>
    </tr>
  );
}

export interface AuditLogPageProps {
  ui: Ui;
  page: AuditPage;
  /** problems with the filter, already in the page's language */
  errors: Record<string, string>;
}

export function AuditLogPage({ ui, page, errors }: AuditLogPageProps) {
  const { t } = ui;
  const qs = auditQueryString(page.filter);
  return (
    <Layout ui={ui} title={t('admin.audit.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.audit.title')} />
      <PageTitle title={t('admin.audit.title')} intro={t('admin.audit.intro')} />
      <Filters ui={ui} page={page} errors={errors} />
      <p>
        <small>
          {t('admin.audit.zone', { zone: ui.fmt.zone })} {t('admin.audit.csvHint', { max: AUDIT_CSV_MAX_ROWS })}
        </small>
      </p>
      <section id="audit-results" aria-labelledby="audit-results-title">
        <h2 id="audit-results-title" class="visually-hidden">
          {t('admin.audit.title')}
        </h2>
        {page.people.length > 0 && <p>{t('admin.audit.people', { names: page.people.map((p) => t('admin.audit.person', { name: p.name, role: t(`role.${p.role}`) })).join(ui.locale === 'zh' ? '、' : ', ') })}</p>}
        {page.rows.length === 0 ? (
          <p class="empty">{t('admin.audit.empty')}</p>
        ) : (
          <>
            <p>
              <small>{t('admin.audit.showing', { count: page.rows.length })}</small>
            </p>
            <TableScroll labelledBy="audit-results-title">
              <table class="striped audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.audit.col.when')}</th>
                    <th scope="col">{t('admin.audit.col.who')}</th>
                    <th scope="col">{t('admin.audit.col.action')}</th>
                    <th scope="col">{t('admin.audit.col.target')}</th>
                    <th scope="col">{t('admin.audit.col.detail')}</th>
                    <th scope="col">{t('admin.audit.col.where')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.rows.map((row) => (
                    <Entry ui={ui} row={row} names={page.names} />
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
        {(!page.first || page.olderBefore !== null) && (
          <nav class="pager" aria-label={t('admin.audit.pages')}>
            {!page.first ? <a href={`/admin/audit${qs}`}>{t('admin.audit.newest')}</a> : <span />}
            {page.olderBefore !== null ? <a href={`/admin/audit${auditQueryString(page.filter, page.olderBefore)}`} rel="next">{t('admin.audit.older')}</a> : <span />}
          </nav>
        )}
      </section>
    </Layout>
  );
}
