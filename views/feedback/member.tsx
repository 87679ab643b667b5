import { FEEDBACK_CATEGORIES } from '../../db/schema';
import { aboutValue, type About } from '../../src/feedback/about';
import type { TicketDetail, TicketRow } from '../../src/feedback/service';
import { formatCode } from '../../src/lib/codes';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { Field, FormError, textLimit } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import { Layout } from '../layout';
import type { Flash, Ui } from '../ui';
import { AboutLink, MessageBox, StatusPill, Thread, aboutText } from './parts';
import { TableScroll } from '../components/table';

function replyLine(ui: Ui, t: TicketRow) {
  if (t.firstResponseAt !== null) return ui.t('feedback.answeredAt', { time: ui.fmt.dateTime(t.firstResponseAt) });
  if (t.status === 'closed') return '';
  return ui.t('feedback.dueBy', { time: ui.fmt.dateTime(t.dueAt) });
}

/** The member's tickets, newest first. */
export function MyFeedbackPage({ ui, tickets }: { ui: Ui; tickets: TicketRow[] }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('feedback.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/me', label: t('nav.me') }]} current={t('feedback.title')} />
      <PageTitle title={t('feedback.title')} intro={t('feedback.intro')} />
      <p>
        <a href="/me/feedback/new" role="button">
          {t('feedback.new')}
        </a>
      </p>
      {tickets.length === 0 ? (
        <p class="empty">{t('feedback.empty')}</p>
      ) : (
        <TableScroll label={t('feedback.title')}>
          <table class="striped card-table fb-table">
            <thead>
              <tr>
                <th scope="col">{t('feedback.col.subject')}</th>
                <th scope="col">{t('feedback.col.reference')}</th>
                <th scope="col">{t('feedback.col.category')}</th>
                <th scope="col">{t('feedback.col.status')}</th>
                <th scope="col">{t('feedback.col.reply')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/me/feedback/${row.reference}`}>{row.subject}</a>
                    <br />
                    <small>
                      <time datetime={ui.fmt.iso(row.createdAt)}>{ui.fmt.dateTime(row.createdAt)}</time>
                    </small>
                  </th>
                  <td data-label={t('feedback.col.reference')}>
                    <code>{formatCode(row.reference)}</code>
                  </td>
                  <td data-label={t('feedback.col.category')}>{t(`feedback.category.${row.category}`)}</td>
                  <td data-label={t('feedback.col.status')}>
                    <StatusPill ui={ui} status={row.status} />
                  </td>
                  <td data-label={t('feedback.col.reply')}>
                    <small>{replyLine(ui, row)}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}

export interface TicketFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** The form: type, subject, message; what it is about comes along read-only when the member started from it. */
export function NewFeedbackPage({ ui, about, form }: { ui: Ui; about: About | null; form: TicketFormState }) {
  const { t } = ui;
  const { values, errors } = form;
  return (
    <Layout ui={ui} title={t('feedback.new')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/me', label: t('nav.me') }, { href: '/me/feedback', label: t('feedback.title') }]} current={t('feedback.new')} />
      <PageTitle title={t('feedback.new')} intro={t('feedback.form.intro')} />
      <form method="post" action="/me/feedback" class="fb-form" novalidate>
        <FormError message={errors._form} />
        {about && (
          <p class="fb-about">
            <small>{t('feedback.form.about')}</small>
            <br />
            <strong>{aboutText(ui, about)}</strong>
            <input type="hidden" name="about" value={aboutValue(about)} />
          </p>
        )}
        <fieldset aria-invalid={errors.category ? 'true' : undefined} aria-describedby={errors.category ? 'f-category-error' : undefined}>
          <legend>{t('feedback.form.category')}</legend>
          {FEEDBACK_CATEGORIES.map((c) => (
            <label for={`f-category-${c}`}>
              <input type="radio" id={`f-category-${c}`} name="category" value={c} checked={values.category === c} required />
              {t(`feedback.category.${c}`)}
            </label>
          ))}
          {errors.category && (
            <small id="f-category-error" class="field-error">
              {errors.category}
            </small>
          )}
        </fieldset>
        <Field name="subject" label={t('feedback.form.subject')} value={values.subject} error={errors.subject} required limit={textLimit(t, TEXT_LIMITS.feedbackSubject)} />
        <MessageBox name="body" label={t('feedback.form.body')} value={values.body} error={errors.body} hint={t('feedback.form.bodyHint')} limit={textLimit(t, TEXT_LIMITS.feedbackMessage)} rows={8} />
        <button type="submit">{t('feedback.form.submit')}</button>
      </form>
    </Layout>
  );
}

/** The part of the ticket page a reply replaces: facts, conversation, and the box to write more. */
export function MyTicketSection({ ui, detail, form, message }: { ui: Ui; detail: TicketDetail; form?: { value: string; error?: string | undefined }; message?: Flash | null }) {
  const { t } = ui;
  const { ticket } = detail;
  const url = `/me/feedback/${ticket.reference}/messages`;
  return (
    <section id="ticket" aria-labelledby="thread-title">
      {message && (
        <p class={`flash flash-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.message}
        </p>
      )}
      <dl class="facts">
        <dt>{t('feedback.ticket.reference')}</dt>
        <dd>
          <code>{formatCode(ticket.reference)}</code>
        </dd>
        <dt>{t('feedback.col.category')}</dt>
        <dd>{t(`feedback.category.${ticket.category}`)}</dd>
        <dt>{t('feedback.form.about')}</dt>
        <dd>
          <AboutLink ui={ui} about={detail.about} viewer="member" />
        </dd>
        <dt>{t('feedback.col.status')}</dt>
        <dd>
          <StatusPill ui={ui} status={ticket.status} />
        </dd>
        <dt>{t('feedback.col.reply')}</dt>
        <dd>{replyLine(ui, ticket) || t('feedback.status.closed')}</dd>
      </dl>
      <h2 id="thread-title">{t('feedback.thread')}</h2>
      <Thread ui={ui} messages={detail.messages} viewer="member" memberName="" />
      {ticket.status === 'closed' ? (
        <p class="callout">
          {t('feedback.closedNote')} <a href="/me/feedback/new">{t('feedback.new')}</a>
        </p>
      ) : (
        <form method="post" action={url} data-hx-post={url} data-hx-target="#ticket" data-hx-swap="outerHTML" class="fb-reply" novalidate>
          <MessageBox name="body" id="f-reply" label={t('feedback.reply.label')} value={form?.value} error={form?.error} limit={textLimit(t, TEXT_LIMITS.feedbackMessage)} rows={4} />
          <button type="submit">{t('feedback.reply.submit')}</button>
        </form>
      )}
    </section>
  );
}

export function MyTicketPage({ ui, detail, form }: { ui: Ui; detail: TicketDetail; form?: { value: string; error?: string | undefined } }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={detail.ticket.subject} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/me', label: t('nav.me') }, { href: '/me/feedback', label: t('feedback.back') }]} current={formatCode(detail.ticket.reference)} />
      <PageTitle title={detail.ticket.subject} />
      <MyTicketSection ui={ui} detail={detail} {...(form ? { form } : {})} />
    </Layout>
  );
}
