import { ROLES, type Programme, type RoleName } from './security-fixture';

/**
 * Who may use each route when its path points at the OTHER party's rows (member B's registration, booking,
 * feedback and child; club Y; lounge M; an event of club Y) — written out, not derived from the code under test.
 * First matching rule wins; a route no rule matches fails the sweep, so a new route must be classified here.
 *
 * "public": answered to everyone, signed in or not. Otherwise anon is sent to sign in (303 /login?next=…),
 * the listed roles are let through (never 403, never 5xx; a GET never 404 either — a POST may find that an
 * earlier allowed POST already did the thing) and every other role is refused with 403 or 404.
 */
export type Rule = { public: true } | { allow: readonly RoleName[] } | { formPage: true };

/**
 * "formPage": the GET side of a URL that only takes POST (src/lib/post-only-urls.ts): everyone is sent on (303) to
 * the page the form lives on — anon to sign in first where the section needs it — and that page's own rule decides.
 * A redirect to a page everyone may ask for reveals nothing.
 */
const POST_ONLY_GETS = [
  '/inbox/read',
  '/clubs/:id/leave',
  '/coordinator/clubs/:id/members/:mid/:action',
  '/coordinator/clubs/:id/notices',
  '/admin/clubs/:id',
  '/admin/clubs/:id/archive',
  '/admin/clubs/:id/reopen',
  '/events/:id/cancel',
  '/coordinator/events/:id',
  '/coordinator/events/:id/cancel',
  '/coordinator/events/:id/checkin/:rid',
  '/coordinator/events/:id/checkin/:rid/undo',
  '/coordinator/events/:id/walkin',
  '/lounges/:id/bookings',
  '/lounges/passes/:code/companions',
  '/lounges/passes/:code/cancel',
  '/desk/lounges/:id/bookings/:bid/checkin',
  '/desk/lounges/:id/bookings/:bid/checkout',
  '/desk/lounges/:id/walkins',
  '/admin/lounges/:id',
  '/admin/lounges/:id/staff',
  '/admin/entitlements/:id/adjust',
  '/admin/entitlements/:id/tier',
  '/account/language',
  '/account/children',
  '/account/children/:id',
  '/account/children/:id/delete',
  '/me/ratings',
  '/me/feedback/:reference/messages',
  '/admin/feedback/:id/reply',
  '/admin/feedback/:id/close',
  '/coordinator/feedback/:id/reply',
  '/coordinator/feedback/:id/close',
  '/admin/outbox/retry-failed',
  '/admin/outbox/:id/retry',
  '/admin/staff',
  '/admin/members/:id{[0-9]+}/tier',
  '/admin/members/:id{[0-9]+}/enable',
  '/admin/members/:id{[0-9]+}/clubs',
  '/admin/members/:id{[0-9]+}/lounges',
  '/admin/tiers/:code',
];

const MEMBERS = ['memberA', 'memberB'] as const;
const SIGNED_IN = ROLES.filter((r) => r !== 'anon');

export const ROUTE_RULES: ReadonlyArray<[method: 'GET' | 'POST' | '*', pattern: RegExp, rule: Rule]> = [
  ...POST_ONLY_GETS.map((path) => ['GET', new RegExp(`^${path.replace(/[{}[\]+]/g, '\\$&')}$`), { formPage: true }] as ['GET', RegExp, Rule]),
  ['*', /^\/(healthz|login|logout)?$/, { public: true }],
  ['GET', /^\/assets\//, { public: true }],
  // the admin console: admins only, whatever the id
  ['*', /^\/admin(\/|$)/, { allow: ['admin'] }],
  // one club's / event's / ticket's coordinator pages: club Y's coordinator and admins
  ['*', /^\/coordinator\/(clubs|events|feedback)\/:id/, { allow: ['coordY', 'admin'] }],
  ['*', /^\/coordinator(\/|$)/, { allow: ['coordX', 'coordY', 'admin'] }],
  // one lounge's desk: lounge M's staff and admins
  ['*', /^\/desk\/lounges\/:id/, { allow: ['staffM', 'admin'] }],
  ['*', /^\/desk$/, { allow: ['staffL', 'staffM', 'admin'] }],
  // member B's own rows
  ['*', /^\/me\/feedback\/:reference/, { allow: ['memberB'] }],
  ['*', /^\/account\/children\/:id/, { allow: ['memberB'] }],
  ['POST', /^\/lounges\/passes\/:code/, { allow: ['memberB'] }],
  ['GET', /^\/lounges\/passes\/:code/, { allow: ['memberB', 'staffM', 'admin'] }],
  ['GET', /^\/tickets\/:code/, { allow: ['memberB', 'coordY', 'admin'] }],
  ['*', /^\/me\/ratings/, { allow: ['memberB'] }],
  // a member's own things (no other party's id in the path)
  ['*', /^\/me(\/|$)/, { allow: MEMBERS }],
  ['*', /^\/account\/children$/, { allow: MEMBERS }],
  ['*', /^\/(account|inbox)(\/|$)/, { allow: SIGNED_IN }],
  // joining and registering are for members; leaving and cancelling what one does not have is a harmless no-op
  ['*', /^\/(clubs|events)\/:id\/(join|register)$/, { allow: MEMBERS }],
  ['POST', /^\/(clubs|events)\/:id\/(leave|cancel)$/, { allow: [...MEMBERS, 'coordX', 'coordY', 'admin'] }],
  ['*', /^\/(clubs|events)(\/|$)/, { allow: [...MEMBERS, 'coordX', 'coordY', 'admin'] }],
  ['*', /^\/lounges(\/|$)/, { allow: [...MEMBERS, 'staffL', 'staffM', 'admin'] }],
];

export function ruleFor(method: string, path: string): Rule | undefined {
  return ROUTE_RULES.find(([m, re]) => (m === '*' || m === method) && re.test(path))?.[2];
}

export function mayUse(rule: Rule, role: RoleName): boolean {
  return 'public' in rule || 'formPage' in rule || (rule.allow as readonly string[]).includes(role);
}

/** The first role allowed by the rule (to send a request that would otherwise succeed). */
export function allowedRole(rule: Rule): RoleName {
  return 'public' in rule ? 'anon' : 'formPage' in rule ? 'admin' : rule.allow[0]!;
}

/**
 * A form that passes validation, for the routes whose checks must be proven to refuse a stranger even when the
 * form is right (an empty form might be refused by validation before the ownership check ran).
 */
export function validBody(path: string, p: Programme): Record<string, string> {
  const bodies: Record<string, Record<string, string>> = {
    '/login': { phone: p.people.memberA.phone, password: 'wrong-password-1' },
    '/account/children/:id': { name: '新名字', birthYear: '2019' },
    '/account/children': { name: '孩子', birthYear: '2019' },
    '/lounges/passes/:code/companions': { companions: '1' },
    '/desk/lounges/:id/walkins': { userId: String(p.people.memberA.id), companions: '0' },
    '/me/feedback/:reference/messages': { body: '你好' },
    '/coordinator/feedback/:id/reply': { body: '你好' },
    '/admin/feedback/:id/reply': { body: '你好' },
    '/coordinator/clubs/:id/notices': { title: '通知', body: '内容' },
    '/coordinator/events/:id/cancel': { reason: '天气' },
    '/coordinator/clubs/:id/members/:mid/:action': {},
    '/me/ratings': { registration: String(p.attendedB.id), score: '4', comment: '不错' },
  };
  return bodies[path] ?? {};
}
