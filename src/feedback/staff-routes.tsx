import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { FeedbackQueuePage, queueBase, type StaffSection } from '../../views/feedback/queue';
import { SatisfactionPage, SubjectRatingsPage } from '../../views/feedback/ratings';
import { StaffTicketPage, StaffTicketSection, type ReplyFormState } from '../../views/feedback/staff-ticket';
import type { Flash } from '../../views/ui';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { formValues, multiLineText, problemsOf } from '../lib/forms';
import { TEXT_LIMITS } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import { isPartialRequest } from '../lib/htmx';
import type { MessageKey } from '../lib/i18n';
import { pathId } from '../lib/params';
import { renderFragment, renderPage } from '../lib/render';
import { buildUi, requestText } from '../lib/ui';
import { listQueue, parseQueueQuery } from './queue';
import { SATISFACTION_SUBJECTS, satisfactionReport, subjectRatings, type SatisfactionSubject } from './ratings';
import { closeTicket, getStaffTicket, replyToTicket } from './service';

const replySchema = z.object({ body: multiLineText(TEXT_LIMITS.feedbackMessage) }).strict();
const closeSchema = z.object({}).strict();

/**
 * The staff side: the queue and tickets, for admins under /admin/feedback and for coordinators (their clubs'
 * tickets; admins see all) under /coordinator/feedback; and satisfaction for admins. The section guards only let
 * the right roles in; the services decide which tickets each actor may see.
 */
export function staffFeedbackRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  for (const section of ['admin', 'coordinator'] as const satisfies readonly StaffSection[]) {
    const base = queueBase(section);
    app.use(base, requireSection(section));
    app.use(`${base}/*`, requireSection(section));

    app.get(base, async (c) => {
      const queue = await listQueue(deps, actorOf(c), parseQueueQuery(new URL(c.req.url).searchParams));
      if (!queue.ok) failWith(queue.error);
      return renderPage(c, <FeedbackQueuePage ui={buildUi(c, deps)} queue={queue.value} section={section} />);
    });

    app.get(`${base}/:id`, async (c) => {
      const detail = await getStaffTicket(deps, actorOf(c), pathId(c));
      if (!detail.ok) failWith(detail.error);
      return renderPage(c, <StaffTicketPage ui={buildUi(c, deps)} detail={detail.value} section={section} />);
    });

    /** The ticket again after an action: the fragment for htmx, else the whole page (for a problem) or a redirect. */
    const answer = async (c: Context<AppEnv>, id: number, outcome: { status: 200 | 409 | 422; message: Flash; form?: ReplyFormState }) => {
      if (isPartialRequest(c) || outcome.status !== 200) {
        const detail = await getStaffTicket(deps, actorOf(c), id);
        if (!detail.ok) failWith(detail.error);
        const ui = buildUi(c, deps);
        if (isPartialRequest(c)) return renderFragment(c, <StaffTicketSection ui={ui} detail={detail.value} section={section} form={outcome.form} message={outcome.message} />, outcome.status);
        return renderPage(c, <StaffTicketPage ui={{ ...ui, flash: outcome.message }} detail={detail.value} section={section} form={outcome.form} />, outcome.status);
      }
      return c.redirect(`${base}/${id}`, 303);
    };

    app.post(`${base}/:id/reply`, async (c) => {
      const id = pathId(c);
      const body = await c.req.parseBody();
      const { t } = requestText(c, deps);
      const typed = formValues(body).body ?? '';
      const form = replySchema.safeParse(body);
      if (!form.success) {
        const problem = problemsOf(form.error, body);
        const first = problem.body ?? problem._form!;
        const error = t(first.key, first.params);
        return answer(c, id, { status: 422, message: { kind: 'error', message: error }, form: { value: typed, error } });
      }
      const result = await replyToTicket(deps, actorOf(c), id, form.data.body);
      if (!result.ok) {
        if (result.error !== 'closed') failWith(result.error);
        return answer(c, id, { status: 409, message: { kind: 'error', message: t('feedback.error.closed') } });
      }
      if (!isPartialRequest(c)) setFlash(c, 'success', 'feedback.staff.replied');
      return answer(c, id, { status: 200, message: { kind: 'success', message: t('feedback.staff.replied') } });
    });

    app.post(`${base}/:id/close`, async (c) => {
      const id = pathId(c);
      if (!closeSchema.safeParse(await c.req.parseBody()).success) throw new HTTPException(400);
      const result = await closeTicket(deps, actorOf(c), id);
      if (!result.ok && result.error !== 'closed') failWith(result.error);
      const key: MessageKey = result.ok ? 'feedback.staff.closed' : 'feedback.error.closed';
      const kind = result.ok ? 'success' : 'info';
      if (!isPartialRequest(c)) setFlash(c, kind, key);
      return answer(c, id, { status: 200, message: { kind, message: requestText(c, deps).t(key) } });
    });
  }

  app.use('/admin/satisfaction', requireSection('admin'));
  app.use('/admin/satisfaction/*', requireSection('admin'));

  app.get('/admin/satisfaction', async (c) => {
    const report = await satisfactionReport(deps, actorOf(c));
    if (!report.ok) failWith(report.error);
    return renderPage(c, <SatisfactionPage ui={buildUi(c, deps)} report={report.value} />);
  });

  app.get('/admin/satisfaction/:subject/:id', async (c) => {
    const subject = c.req.param('subject');
    if (!(SATISFACTION_SUBJECTS as readonly string[]).includes(subject)) failWith('not_found');
    const data = await subjectRatings(deps, actorOf(c), subject as SatisfactionSubject, pathId(c));
    if (!data.ok) failWith(data.error);
    return renderPage(c, <SubjectRatingsPage ui={buildUi(c, deps)} data={data.value} />);
  });

  return app;
}
