import type { FeedbackStatus } from '../../db/schema';
import type { About } from '../../src/feedback/about';
import type { DueClock, SlaState } from '../../src/feedback/policy';
import type { ThreadMessage } from '../../src/feedback/service';
import type { MessageKey } from '../../src/lib/i18n';
import { TextArea, type TextLimit } from '../components/form';
import { pick, type Ui } from '../ui';

/** Who is looking: the member who wrote it, or staff through the admin or coordinator section. */
export type Viewer = 'member' | 'admin' | 'coordinator';

/** The status in words (and a class for colour, which only ever repeats the words). */
export function StatusPill({ ui, status }: { ui: Ui; status: FeedbackStatus }) {
  return <span class={`status-pill fb-status-${status}`}>{ui.t(`feedback.status.${status}`)}</span>;
}

export function clockText(ui: Ui, clock: DueClock): string {
  return ui.t(`feedback.clock.${clock.overdue ? 'over' : 'left'}.${clock.unit}` as MessageKey, { count: clock.count });
}

/** Where a ticket stands against the 48-hour clock: a badge in words, and the time left or past due. */
export function SlaBadge({ ui, sla, clock }: { ui: Ui; sla: SlaState; clock: DueClock | null }) {
  return (
    <span class={`sla sla-${sla}`}>
      <span class="sla-badge">
        {sla === 'overdue' && <span aria-hidden="true">⚠ </span>}
        {ui.t(`feedback.sla.${sla}`)}
      </span>
      {clock && <span class="sla-clock"> {clockText(ui, clock)}</span>}
    </span>
  );
}

/** "Event: Golf day (Sat 12 Dec 2026, 09:00)" */
export function aboutText(ui: Ui, about: About): string {
  const name = pick(ui, about.nameZh, about.nameEn);
  if (about.type === 'club') return ui.t('feedback.about.club', { name });
  return ui.t(`feedback.about.${about.type}`, { name, time: about.at === null ? '' : ui.fmt.dateTime(about.at) });
}

/** Where the subject can be looked at, for this viewer (none where they could not open it). */
export function aboutHref(about: About, viewer: Viewer): string | null {
  if (viewer === 'member') {
    if (about.type === 'registration') return `/tickets/${about.code}`;
    if (about.type === 'booking') return `/lounges/passes/${about.code}`;
    return `/clubs/${about.id}`;
  }
  if (about.type === 'registration') return `/events/${about.eventId}`;
  if (about.type === 'booking') return viewer === 'admin' ? `/lounges/passes/${about.code}` : null;
  return `/coordinator/clubs/${about.id}`;
}

export function AboutLink({ ui, about, viewer }: { ui: Ui; about: About | null; viewer: Viewer }) {
  if (!about) return <>{ui.t('feedback.about.none')}</>;
  const href = aboutHref(about, viewer);
  const text = aboutText(ui, about);
  return href ? <a href={href}>{text}</a> : <>{text}</>;
}

/** The conversation, oldest first: who wrote (the member sees staff by role only), when, and what. */
export function Thread({ ui, messages, viewer, memberName }: { ui: Ui; messages: ThreadMessage[]; viewer: Viewer; memberName: string }) {
  const { t } = ui;
  return (
    <ol class="fb-thread" aria-label={t('feedback.thread')}>
      {messages.map((m) => {
        const role = m.fromStaff ? t(`role.${m.authorRole ?? 'admin'}`) : t('role.member');
        const who = viewer === 'member' ? (m.fromStaff ? role : t('feedback.author.you')) : `${m.fromStaff ? m.authorName ?? '' : memberName} · ${role}`;
        return (
          <li class={m.fromStaff ? 'fb-message fb-from-staff' : 'fb-message fb-from-member'}>
            <p class="fb-meta">
              <strong>{who}</strong> · <time datetime={ui.fmt.iso(m.createdAt)}>{ui.fmt.dateTime(m.createdAt)}</time>
            </p>
            <p class="fb-body">{m.body}</p>
          </li>
        );
      })}
    </ol>
  );
}

/** A multi-line message field with its label, hint, limit and error tied to it (required unless `optional`). */
export function MessageBox(p: { name: string; label: string; value?: string | undefined; error?: string | undefined; hint?: string; limit: TextLimit; rows?: number; id?: string; optional?: boolean }) {
  return <TextArea name={p.name} id={p.id ?? `f-${p.name}`} label={p.label} value={p.value} error={p.error} hint={p.hint} limit={p.limit} rows={p.rows ?? 5} required={!p.optional} />;
}
