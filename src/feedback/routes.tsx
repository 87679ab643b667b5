import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { FEEDBACK_CATEGORIES } from '../../db/schema';
import { MyFeedbackPage, MyTicketPage, MyTicketSection, NewFeedbackPage } from '../../views/feedback/member';
import { RatingPage, RatingRefusedPage } from '../../views/feedback/ratings';
import { actorOf, requireSection } from '../auth/middleware';
import { formatCode } from '../lib/codes';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { formValues, multiLineText, problemsOf, singleLineText, translateProblems, type Problem } from '../lib/forms';
import { TEXT_LIMITS } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import { isPartialRequest } from '../lib/htmx';
import { renderFragment, renderPage } from '../lib/render';
import { createTimeFormat } from '../lib/time';
import { buildUi, requestText } from '../lib/ui';
import { parseAboutRef, type About } from './about';
import { ratingTarget, submitRating, type RatingError, type RatingTargetRef } from './ratings';
import { addMemberMessage, feedbackSubject, getMyTicket, listMyTickets, openTicket } from './service';
import { staffFeedbackRoutes } from './staff-routes';

const ID = /^[1-9][0-9]{0,15}$/;

const ticketSchema = z
  .object({
    category: z.enum(FEEDBACK_CATEGORIES, { error: 'feedback.error.category' }),
    subject: singleLineText(TEXT_LIMITS.feedbackSubject),
    body: multiLineText(TEXT_LIMITS.feedbackMessage),
    about: z.string().max(40).optional(),
  })
  .strict();

const memberMessageSchema = z.object({ body: multiLineText(TEXT_LIMITS.feedbackMessage) }).strict();

const ratingSchema = z
  .object({
    registration: z.string().regex(ID).optional(),
    booking: z.string().regex(ID).optional(),
    score: z.enum(['1', '2', '3', '4', '5'], { error: 'rating.error.score' }),
    comment: multiLineText(TEXT_LIMITS.ratingComment, { optional: true }).optional(),
  })
  .strict();

const ratingStatus: Record<RatingError, 403 | 404 | 409 | 422> = {
  forbidden: 403,
  not_found: 404,
  already_rated: 409,
  not_attended: 422,
  not_ended: 422,
  not_visited: 422,
  not_started: 422,
};

/** The registration or booking a rating is for: exactly one, as a positive id; anything else is null. */
function ratingRef(source: Record<string, unknown>): RatingTargetRef | null {
  const reg = source.registration;
  const booking = source.booking;
  if (typeof reg === 'string' && ID.test(reg) && booking === undefined) return { registrationId: Number(reg) };
  if (typeof booking === 'string' && ID.test(booking) && reg === undefined) return { bookingId: Number(booking) };
  return null;
}

/** Feedback and complaints (member side and the staff queue) and satisfaction ratings. */
export function feedbackRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  for (const path of ['/me/feedback', '/me/feedback/*', '/me/ratings', '/me/ratings/*']) app.use(path, requireSection('me'));

  app.get('/me/feedback', async (c) => {
    const tickets = await listMyTickets(deps, actorOf(c));
    return renderPage(c, <MyFeedbackPage ui={buildUi(c, deps)} tickets={tickets} />);
  });

  /** The subject named in the form or link, if it is the member's own; anything else answers 404. */
  const subjectOf = async (c: Context<AppEnv>, raw: unknown): Promise<About | null> => {
    if (raw === undefined || raw === '') return null;
    const ref = typeof raw === 'string' ? parseAboutRef(raw) : null;
    if (!ref) failWith('not_found');
    const about = await feedbackSubject(deps, actorOf(c), ref);
    if (!about.ok) failWith(about.error);
    return about.value;
  };

  const ticketForm = async (c: Context<AppEnv>, about: About | null, status: 200 | 422, values: Record<string, string> = {}, errors: Record<string, Problem> = {}) => {
    const ui = buildUi(c, deps);
    return renderPage(c, <NewFeedbackPage ui={ui} about={about} form={{ values, errors: translateProblems(ui.t, errors) }} />, status);
  };

  app.get('/me/feedback/new', async (c) => ticketForm(c, await subjectOf(c, c.req.query('about')), 200));

  app.post('/me/feedback', async (c) => {
    const body = await c.req.parseBody();
    const about = await subjectOf(c, body.about);
    const form = ticketSchema.safeParse(body);
    if (!form.success) return ticketForm(c, about, 422, formValues(body), problemsOf(form.error, body));
    const { category, subject, body: message } = form.data;
    const result = await openTicket(deps, actorOf(c), { category, subject, body: message, about });
    if (!result.ok) failWith(result.error);
    const ticket = result.value;
    const fmt = createTimeFormat(requestText(c, deps).locale, deps.config.timeZone);
    setFlash(c, 'success', 'feedback.sent', { reference: formatCode(ticket.reference), time: fmt.dateTime(ticket.dueAt) });
    return c.redirect(`/me/feedback/${ticket.reference}`, 303);
  });

  app.get('/me/feedback/:reference', async (c) => {
    const detail = await getMyTicket(deps, actorOf(c), c.req.param('reference'));
    if (!detail.ok) failWith(detail.error);
    return renderPage(c, <MyTicketPage ui={buildUi(c, deps)} detail={detail.value} />);
  });

  app.post('/me/feedback/:reference/messages', async (c) => {
    const reference = c.req.param('reference');
    const actor = actorOf(c);
    const body = await c.req.parseBody();
    const { t } = requestText(c, deps);
    const again = async (status: 409 | 422, error: string, value: string) => {
      const detail = await getMyTicket(deps, actor, reference);
      if (!detail.ok) failWith(detail.error);
      const ui = buildUi(c, deps);
      const form = { value, error };
      // a closed ticket has no box to write in: the problem is said at the top instead
      const message = status === 409 ? { kind: 'error' as const, message: error } : null;
      if (isPartialRequest(c)) return renderFragment(c, <MyTicketSection ui={ui} detail={detail.value} form={form} message={message} />, status);
      return renderPage(c, <MyTicketPage ui={message ? { ...ui, flash: message } : ui} detail={detail.value} form={form} />, status);
    };
    const form = memberMessageSchema.safeParse(body);
    const typed = formValues(body).body ?? '';
    if (!form.success) {
      const problem = problemsOf(form.error, body);
      const first = problem.body ?? problem._form!;
      return again(422, t(first.key, first.params), typed);
    }
    const result = await addMemberMessage(deps, actor, reference, form.data.body);
    if (!result.ok) {
      if (result.error === 'not_found') failWith('not_found');
      return again(409, t('feedback.error.closed'), typed);
    }
    if (isPartialRequest(c)) {
      const detail = await getMyTicket(deps, actor, reference);
      if (!detail.ok) failWith(detail.error);
      return renderFragment(c, <MyTicketSection ui={buildUi(c, deps)} detail={detail.value} message={{ kind: 'success', message: t('feedback.message.sent') }} />);
    }
    setFlash(c, 'success', 'feedback.message.sent');
    return c.redirect(`/me/feedback/${result.value.reference}`, 303);
  });

  // ── Ratings ──

  const refused = (c: Context<AppEnv>, error: RatingError) => {
    if (error === 'forbidden' || error === 'not_found') failWith(error);
    const ui = buildUi(c, deps);
    return renderPage(c, <RatingRefusedPage ui={ui} message={ui.t(`rating.refused.${error}`)} />, ratingStatus[error]);
  };

  app.get('/me/ratings/new', async (c) => {
    const ref = ratingRef(c.req.query());
    if (!ref) failWith('not_found');
    const target = await ratingTarget(deps, actorOf(c), ref);
    if (!target.ok) return refused(c, target.error);
    return renderPage(c, <RatingPage ui={buildUi(c, deps)} target={target.value} form={{ values: {}, errors: {} }} />);
  });

  app.post('/me/ratings', async (c) => {
    const body = await c.req.parseBody();
    const ref = ratingRef(body);
    if (!ref) failWith('not_found');
    const actor = actorOf(c);
    const target = await ratingTarget(deps, actor, ref);
    if (!target.ok) return refused(c, target.error);
    const form = ratingSchema.safeParse(body);
    if (!form.success) {
      const ui = buildUi(c, deps);
      return renderPage(c, <RatingPage ui={ui} target={target.value} form={{ values: formValues(body), errors: translateProblems(ui.t, problemsOf(form.error, body)) }} />, 422);
    }
    const result = await submitRating(deps, actor, ref, Number(form.data.score), form.data.comment || null);
    if (!result.ok) return refused(c, result.error);
    setFlash(c, 'success', 'rating.thanks');
    return c.redirect('/me', 303);
  });

  app.route('/', staffFeedbackRoutes(deps));
  return app;
}
