import { pick, type Ui } from '../ui';
import type { RosterRow } from '../../src/clubs/roster';
import { rosterActions } from '../../src/clubs/policy';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { Field, textLimit, type TextLimit } from '../components/form';

export interface RowState {
  /** an error to show on this row (e.g. a missing removal reason), with what was typed */
  error?: string;
  reason?: string;
  /** the action whose form the error belongs to (its reason field shows it); remove unless told */
  action?: 'decline' | 'remove';
}

/** The reason field of a decline or removal, its limit said, with the server's message inline (the forms are novalidate). */
function ReasonField({ id, label, required, state, limit }: { id: string; label: string; required?: boolean; state?: RowState | undefined; limit: TextLimit }) {
  return <Field id={id} name="reason" label={label} required={required} value={state?.reason} error={state?.error} limit={limit} />;
}

function ActionForm(p: { ui: Ui; clubId: number; row: RosterRow; action: string; back: string; children?: unknown; label: string; tone?: string }) {
  const url = `/coordinator/clubs/${p.clubId}/members/${p.row.membershipId}/${p.action}`;
  return (
    <form method="post" action={url} data-hx-post={url} data-hx-target="#roster" data-hx-swap="outerHTML" class="inline-form" novalidate>
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
  const reasonLimit = textLimit(t, TEXT_LIMITS.reason);
  const declineState = state?.error && state.action === 'decline' ? state : undefined;
  const removeState = state?.error && state.action !== 'decline' ? state : undefined;
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
          <details class="row-detail" open={declineState !== undefined}>
            <summary>{t('roster.decline')}</summary>
            <ActionForm ui={ui} clubId={clubId} row={row} action="decline" back={back} label={t('roster.decline')} tone="compact secondary">
              <ReasonField id={`d-${reasonId}`} label={t('roster.declineReason')} state={declineState} limit={reasonLimit} />
            </ActionForm>
          </details>
        )}
        {actions.includes('remove') && (
          <details class="row-detail" open={removeState !== undefined}>
            <summary>{t('roster.remove')}</summary>
            <ActionForm ui={ui} clubId={clubId} row={row} action="remove" back={back} label={t('roster.removeConfirm')} tone="compact contrast">
              <ReasonField id={reasonId} label={t('roster.removeReason')} required state={removeState} limit={reasonLimit} />
            </ActionForm>
          </details>
        )}
      </td>
    </tr>
  );
}
