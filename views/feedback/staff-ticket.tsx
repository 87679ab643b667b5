import type { StaffTicketDetail } from '../../src/feedback/service';
import { formatCode } from '../../src/lib/codes';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { textLimit } from '../components/form';
import { CoordinatorTabs } from '../coordinator/tabs';
import { Breadcrumb, PageTitle } from '../components/page';
import { Layout } from '../layout';
import type { Flash, Ui } from '../ui';
import { AboutLink, MessageBox, SlaBadge, StatusPill, Thread } from './parts';
import { queueBase, type StaffSection } from './queue';

export interface ReplyFormState {
  value: string;
  error?: string | undefined;
}

/** The part of the page a reply or close replaces: the facts and clock, the conversation and the actions. */
export function StaffTicketSection({ ui, detail, section, form, message }: { ui: Ui; detail: StaffTicketDetail; section: StaffSection; form?: ReplyFormState | undefined; message?: Flash | null }) {
  const { t } = ui;
  const { ticket, member } = detail;
  const base = `${queueBase(section)}/${ticket.id}`;
  const swap = { 'data-hx-target': '#ticket', 'data-hx-swap': 'outerHTML' } as const;
  return (
    <section id="ticket" aria-labelledby="thread-title">
      {message && (
        <p class={`flash flash-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.message}
        </p>
      )}
      <dl class="facts">
        <dt>{t('feedback.col.due')}</dt>
        <dd>
          <SlaBadge ui={ui} sla={detail.sla} clock={detail.clock} />
          <br />
          <small>
            <time datetime={ui.fmt.iso(ticket.dueAt)}>{ui.fmt.dateTime(ticket.dueAt)}</time>
          </small>
        </dd>
        <dt>{t('feedback.col.status')}</dt>
        <dd>
          <StatusPill ui={ui} status={ticket.status} />
        </dd>
        <dt>{t('feedback.ticket.reference')}</dt>
        <dd>
          <code>{formatCode(ticket.reference)}</code> · {t(`feedback.category.${ticket.category}`)}
        </dd>
        <dt>{t('feedback.col.member')}</dt>
        <dd>
          {member.name} · <span>{t('feedback.staff.phone')}</span> {member.phoneMasked}
        </dd>
        <dt>{t('feedback.form.about')}</dt>
        <dd>
          <AboutLink ui={ui} about={detail.about} viewer={section} />
        </dd>
        <dt>{t('feedback.ticket.created')}</dt>
        <dd>
          <time datetime={ui.fmt.iso(ticket.createdAt)}>{ui.fmt.dateTime(ticket.createdAt)}</time>
        </dd>
        {ticket.firstResponseAt !== null && (
          <>
            <dt>{t('feedback.ticket.firstResponse')}</dt>
            <dd>
              <time datetime={ui.fmt.iso(ticket.firstResponseAt)}>{ui.fmt.dateTime(ticket.firstResponseAt)}</time>
            </dd>
          </>
        )}
        {ticket.closedAt !== null && (
          <>
            <dt>{t('feedback.ticket.closedAt')}</dt>
            <dd>
              <time datetime={ui.fmt.iso(ticket.closedAt)}>{ui.fmt.dateTime(ticket.closedAt)}</time>
            </dd>
          </>
        )}
      </dl>
      <h2 id="thread-title">{t('feedback.thread')}</h2>
      <Thread ui={ui} messages={detail.messages} viewer={section} memberName={member.name} />
      {ticket.status !== 'closed' && (
        <>
          <form method="post" action={`${base}/reply`} data-hx-post={`${base}/reply`} {...swap} class="fb-reply" novalidate>
            <MessageBox name="body" id="f-reply" label={t('feedback.staff.reply')} value={form?.value} error={form?.error} hint={t('feedback.staff.replyHint')} limit={textLimit(t, TEXT_LIMITS.feedbackMessage)} rows={5} />
            <button type="submit">{t('feedback.staff.send')}</button>
          </form>
          <form method="post" action={`${base}/close`} data-hx-post={`${base}/close`} {...swap}>
            <button type="submit" class="secondary outline">
              {t('feedback.staff.close')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

export function StaffTicketPage(p: { ui: Ui; detail: StaffTicketDetail; section: StaffSection; form?: ReplyFormState | undefined }) {
  const { ui, detail, section } = p;
  const { t } = ui;
  const trail = section === 'admin' ? [{ href: '/admin', label: t('admin.title') }, { href: '/admin/feedback', label: t('admin.feedback.title') }] : [{ href: '/coordinator/feedback', label: t('admin.feedback.title') }];
  return (
    <Layout ui={ui} title={`${detail.ticket.subject} · ${t('admin.feedback.title')}`}>
      {section === 'coordinator' && <CoordinatorTabs ui={ui} current="feedback" />}
      <Breadcrumb ui={ui} trail={trail} current={formatCode(detail.ticket.reference)} />
      <PageTitle title={detail.ticket.subject} />
      <StaffTicketSection ui={ui} detail={detail} section={section} form={p.form} />
    </Layout>
  );
}
