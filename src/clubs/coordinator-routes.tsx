import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { CoordinatorHomePage } from '../../views/coordinator/index';
import { RosterPage, RosterSection } from '../../views/coordinator/roster';
import { ROSTER_CSV_COLUMNS, rosterTable, type RosterCsvColumn } from '../../views/coordinator/roster-csv';
import type { RowState } from '../../views/coordinator/roster-row';
import { actorOf, requireSection } from '../auth/middleware';
import type { AppDeps, AppEnv } from '../lib/context';
import { setFlash } from '../lib/flash';
import { multiLineText, normalizeText, problemsOf, searchText, singleLineText, translateProblems, validForm, type Problem } from '../lib/forms';
import { TEXT_LIMITS } from '../lib/text-limits';
import { failWith } from '../lib/http-errors';
import { isPartialRequest } from '../lib/htmx';
import type { MessageKey } from '../lib/i18n';
import { pathIds } from '../lib/params';
import { renderFragment, renderPage } from '../lib/render';
import { csvDatesOf } from '../lib/sheet';
import { SHEET_FORMATS, sheetResponse } from '../lib/sheet-response';
import { buildUi, requestText } from '../lib/ui';
import { ROSTER_SORTS, ROSTER_STATUS_FILTERS, exportRoster, getRoster, listManagedClubs, type RosterQuery } from './roster';
import { actOnMembership, postNotice, type RosterAction } from './roster-actions';

const ACTIONS = ['approve', 'decline', 'remove', 'prioritize'] as const;

/** Reads the roster view from a query string; anything unknown falls back to the default view. */
export function parseRosterQuery(params: URLSearchParams): RosterQuery {
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page') ?? '1');
  const tier = params.get('tier') ?? '';
  return {
    q: searchText(params.get('q')),
    status: (ROSTER_STATUS_FILTERS as readonly string[]).includes(status) ? (status as RosterQuery['status']) : 'current',
    tier: /^[a-z_]{1,32}$/.test(tier) ? tier : null,
    sort: (ROSTER_SORTS as readonly string[]).includes(sort) ? (sort as RosterQuery['sort']) : status === 'waitlisted' ? 'queue' : 'recent',
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

const actionSchema = z.object({ back: z.string().max(2048).optional(), reason: singleLineText(TEXT_LIMITS.reason, { optional: true }).optional() }).strict();
const noticeSchema = z.object({ title: singleLineText(TEXT_LIMITS.noticeTitle), body: multiLineText(TEXT_LIMITS.noticeBody) }).strict();

export function coordinatorRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('/coordinator', requireSection('coordinator'));
  app.use('/coordinator/*', requireSection('coordinator'));

  app.get('/coordinator', async (c) => {
    const result = await listManagedClubs(deps, actorOf(c));
    if (!result.ok) failWith(result.error);
    return renderPage(c, <CoordinatorHomePage ui={buildUi(c, deps)} clubs={result.value} />);
  });

  const rosterPage = async (c: Context<AppEnv>, clubId: number, query: RosterQuery, status: 200 | 422 = 200, extra: { rowStates?: Record<number, RowState>; notice?: { values: Record<string, string>; errors: Record<string, Problem> } } = {}) => {
    const roster = await getRoster(deps, actorOf(c), clubId, query);
    if (!roster.ok) failWith(roster.error);
    const ui = buildUi(c, deps);
    const notice = extra.notice ? { values: extra.notice.values, errors: translateProblems(ui.t, extra.notice.errors) } : undefined;
    return renderPage(c, <RosterPage ui={ui} roster={roster.value} rowStates={extra.rowStates} {...(notice ? { notice } : {})} />, status);
  };

  app.get('/coordinator/clubs/:id', async (c) => {
    const [clubId] = pathIds(c, 'id');
    return rosterPage(c, clubId!, parseRosterQuery(new URL(c.req.url).searchParams));
  });

  for (const format of SHEET_FORMATS) {
    app.get(`/coordinator/clubs/:id/roster.${format}`, async (c) => {
      const [clubId] = pathIds(c, 'id');
      const params = new URL(c.req.url).searchParams;
      const chosen = params.getAll('columns').filter((col): col is RosterCsvColumn => (ROSTER_CSV_COLUMNS as readonly string[]).includes(col));
      const columns = chosen.length ? [...new Set(chosen)] : [...ROSTER_CSV_COLUMNS];
      const result = await exportRoster(deps, actorOf(c), clubId!, { ...parseRosterQuery(params), page: 1 }, columns);
      if (!result.ok) failWith(result.error);
      const ui = buildUi(c, deps);
      const table = rosterTable(result.value.rows, columns, ui);
      return sheetResponse(c, table, { format, filename: `roster-${result.value.club.slug}`, dates: csvDatesOf(ui.fmt), zone: deps.config.timeZone });
    });
  }

  app.post('/coordinator/clubs/:id/members/:mid/:action', async (c) => {
    const [clubId, membershipId] = pathIds(c, 'id', 'mid');
    const action = c.req.param('action') as RosterAction;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new HTTPException(404);
    const body = await c.req.parseBody();
    const form = actionSchema.safeParse(body);
    const { t } = requestText(c, deps);
    if (!form.success) {
      // the roster comes back (for those allowed to see it) with the problem at the row and the reason as typed
      const problem = problemsOf(form.error, body);
      const message = problem.reason ? t(problem.reason.key, problem.reason.params) : t('validation.unexpectedField');
      const typed = typeof body.reason === 'string' ? normalizeText(body.reason, 'line') : '';
      const query = parseRosterQuery(new URLSearchParams(typeof body.back === 'string' ? body.back : ''));
      const rowStates = { [membershipId!]: { error: message, reason: typed, action: action === 'decline' ? ('decline' as const) : ('remove' as const) } };
      if (isPartialRequest(c)) return rosterFragment(c, clubId!, query, null, rowStates, 422);
      return rosterPage(c, clubId!, query, 422, { rowStates });
    }
    const back = new URLSearchParams(form.data.back ?? '');
    const query = parseRosterQuery(back);
    const result = await actOnMembership(deps, actorOf(c), { clubId: clubId!, membershipId: membershipId!, action, reason: form.data.reason });

    if (!result.ok && (result.error === 'forbidden' || result.error === 'not_found')) failWith(result.error);
    if (!result.ok && result.error === 'reason_required') {
      const rowStates = { [membershipId!]: { error: t('roster.error.reason_required'), reason: form.data.reason ?? '' } };
      if (isPartialRequest(c)) return rosterFragment(c, clubId!, query, null, rowStates, 422);
      return rosterPage(c, clubId!, query, 422, { rowStates });
    }
    let key: MessageKey;
    let params: Record<string, string | number> = {};
    let kind: 'success' | 'info' = 'success';
    if (result.ok) {
      key = action === 'approve' && result.value.status === 'waitlisted' ? 'roster.done.approveWaitlisted' : (`roster.done.${action}` as MessageKey);
      params = { name: result.value.memberName, count: result.value.position ?? 0 };
    } else {
      key = 'roster.error.not_allowed';
      kind = 'info';
    }
    if (isPartialRequest(c)) return rosterFragment(c, clubId!, query, { kind, message: t(key, params) });
    setFlash(c, kind, key, params);
    const qs = back.toString();
    return c.redirect(`/coordinator/clubs/${clubId}${qs ? `?${qs}` : ''}#roster`, 303);
  });

  const rosterFragment = async (c: Context<AppEnv>, clubId: number, query: RosterQuery, message: { kind: 'success' | 'info' | 'error'; message: string } | null, rowStates?: Record<number, RowState>, status: 200 | 422 = 200) => {
    const roster = await getRoster(deps, actorOf(c), clubId, query);
    if (!roster.ok) failWith(roster.error);
    return renderFragment(c, <RosterSection ui={buildUi(c, deps)} roster={roster.value} message={message} {...(rowStates ? { rowStates } : {})} />, status);
  };

  app.post(
    '/coordinator/clubs/:id/notices',
    validForm(noticeSchema, (c, { errors, values }) => {
      const [clubId] = pathIds(c, 'id');
      return rosterPage(c as Context<AppEnv>, clubId!, parseRosterQuery(new URLSearchParams()), 422, { notice: { values, errors } });
    }),
    async (c) => {
      const [clubId] = pathIds(c, 'id');
      const result = await postNotice(deps, actorOf(c), { clubId: clubId!, ...c.req.valid('form') });
      if (!result.ok) failWith(result.error);
      setFlash(c, 'success', 'roster.noticeSent', { count: result.value.recipients });
      return c.redirect(`/coordinator/clubs/${clubId}`, 303);
    },
  );

  return app;
}
