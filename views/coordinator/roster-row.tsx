import { pick, type Ui } from '../ui';
import type { RosterRow } from '../../src/clubs/roster';
import { rosterActions } from '../../src/clubs/policy';

export interface RowState {
  /** an error to show on this row (e.g. a missing removal reason), with what was typed */
  error?: string;
  reason?: string;
}

function ActionForm(p: { ui: Ui; clubId: number; row: RosterRow; action: string; back: string; children?: unknown; label: string; tone?: string }) {
  const url = `/coordinator/clubs/${p.clubId}/members/${p.row.membershipId}/${p.action}`;
  return (
    <form method="post" action={url} data-hx-post={url} data-hx-target="#roster" data-hx-swap="outerHTML" class="inline-form">
      <input type="hidden" name="back" value={p.back} />
      {p.children as never}
      <button type="submit" class={p.tone ?? 'compact'}>
        {p.label}
      </button>
    </form>
  );
}

export function RosterRowView({ ui, clubId, row, back, state }: { ui: Ui; clubId: number; row: RosterRow; back: string; state?: RowState | undefined }) {
  const { t } = ui;
  const actions = rosterActions(row.status);
  const status = row.status === 'waitlisted' ? t('roster.status.waitlisted', { count: row.position ?? 0 }) : t(`roster.status.${row.status}`);
  const reasonId = `reason-${row.membershipId}`;
  return (
    <tr id={`m-${row.membershipId}`}>
      <th scope="row">{row.name}</th>
      <td data-label={t('roster.col.phone')}>
        <a href={`tel:${row.phone}`}>{row.phone}</a>
      </td>
      <td data-label={t('roster.col.tier')}>{row.tierNameZh ? pick(ui, row.tierNameZh, row.tierNameEn ?? '') : '—'}</td>
      <td data-label={t('roster.col.status')}>
        <span class={`status-pill status-${row.status}`}>{status}</span>
        {row.reason && (row.status === 'removed' || row.status === 'declined') && (
          <>
            <br />
            <small>{row.reason}</small>
          </>
        )}
      </td>
      <td data-label={t('roster.col.joined')}>
        {row.activeSince ? (
          <time datetime={ui.fmt.iso(row.activeSince)}>{ui.fmt.date(row.activeSince)}</time>
        ) : (
          <small>{t('roster.requestedOn', { date: ui.fmt.date(row.requestedAt) })}</small>
        )}
      </td>
      <td class="num" data-label={t('roster.col.events')}>
        <span title={t('roster.col.events')}>{t('roster.eventsLine', { registered: row.eventsRegistered, attended: row.eventsAttended, noShow: row.eventsNoShow })}</span>
      </td>
      <td class="row-actions" data-label={t('roster.col.actions')}>
        {actions.includes('approve') && <ActionForm ui={ui} clubId={clubId} row={row} action="approve" back={back} label={t('roster.approve')} tone="compact" />}
        {actions.includes('prioritize') && (
          <ActionForm ui={ui} clubId={clubId} row={row} action="prioritize" back={back} label={t('roster.prioritize')} tone="compact secondary outline" />
        )}
        {actions.includes('decline') && (
          <details class="row-detail">
            <summary>{t('roster.decline')}</summary>
            <ActionForm ui={ui} clubId={clubId} row={row} action="decline" back={back} label={t('roster.decline')} tone="compact secondary">
              <label for={`d-${reasonId}`}>
                {t('roster.declineReason')}
                <input id={`d-${reasonId}`} name="reason" maxlength={200} />
              </label>
            </ActionForm>
          </details>
        )}
        {actions.includes('remove') && (
          <details class="row-detail" open={!!state?.error}>
            <summary>{t('roster.remove')}</summary>
            <ActionForm ui={ui} clubId={clubId} row={row} action="remove" back={back} label={t('roster.removeConfirm')} tone="compact contrast">
              <label for={reasonId}>
                {t('roster.removeReason')}
                <input
                  id={reasonId}
                  name="reason"
                  maxlength={200}
                  required
                  value={state?.reason}
                  aria-invalid={state?.error ? 'true' : undefined}
                  aria-describedby={state?.error ? `${reasonId}-error` : undefined}
                />
                {state?.error && (
                  <small id={`${reasonId}-error`} class="field-error">
                    {state.error}
                  </small>
                )}
              </label>
            </ActionForm>
          </details>
        )}
      </td>
    </tr>
  );
}
