import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/db';
import { launchBrowser, watchForErrors } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * Stored XSS: script payloads in every text field a person can write and the app shows — written through the
 * real forms where a member or coordinator writes them (feedback, a coordinator's notice) and into
 * the stored rows for the rest (names, club / event / lounge texts, reasons, flight numbers, comments, tier names:
 * what the admin and import forms store) — then every page reachable from each role's home is opened in Chromium.
 * No payload may run (window.__xss stays unset, the injected <img src=x> is never fetched), no CSP violation may
 * be reported (that would mean an injected element got as far as the browser), and the payloads read as text.
 */

const PASSWORD = 'demo-pass-2026';
const PAYLOAD = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=1">',
  "'><svg onload=window.__xss=1>",
  '</textarea><script>window.__xss=1</script>',
  'javascript:window.__xss=1//',
].join(' ');

/** [table, column] pairs written straight into the stored rows (each gets a marker so we know where it showed) */
const STORED: Array<[string, string]> = [
  ['users', 'name'],
  ['clubs', 'name_zh'],
  ['clubs', 'description_zh'],
  ['clubs', 'terms_zh'],
  ['club_memberships', 'reason'],
  ['events', 'title_zh'],
  ['events', 'description_zh'],
  ['events', 'venue_zh'],
  ['lounges', 'name_zh'],
  ['lounges', 'location_zh'],
  ['lounges', 'description_zh'],
  ['lounge_bookings', 'flight_no'],
  ['entitlement_ledger', 'reason'],
  ['notifications', 'title'],
  ['notifications', 'body'],
  ['feedback_tickets', 'subject'],
  ['feedback_messages', 'body'],
  ['ratings', 'comment'],
  ['dependents', 'name'],
  ['tiers', 'name_zh'],
];
const marker = (what: string) => `[${what}]`;

let server: RunningServer;
let browser: Browser;
const extraStarts: { member: string[]; admin: string[]; [role: string]: string[] | undefined } = { member: [], admin: [] };

async function signInCookie(phone: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/login`, { method: 'POST', body: new URLSearchParams({ phone, password: PASSWORD }), headers: { origin: server.baseUrl }, redirect: 'manual' });
  if (res.status !== 303) throw new Error(`sign-in as ${phone}: ${res.status}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('vip_session='))!.split(';')[0]!;
}

async function postForm(cookie: string, path: string, form: Record<string, string>): Promise<number> {
  const res = await fetch(`${server.baseUrl}${path}`, { method: 'POST', body: new URLSearchParams(form), headers: { origin: server.baseUrl, cookie }, redirect: 'manual' });
  await res.body?.cancel();
  return res.status;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // through the real forms
  const member = await signInCookie('13900000001');
  const coordinator = await signInCookie('13800000001');
  expect(await postForm(member, '/me/feedback', { category: 'complaint', subject: `${marker('form.subject')} ${PAYLOAD}`.slice(0, 120), body: `${marker('form.body')} ${PAYLOAD}` })).toBe(303);
  // (a child's name is refused with '<' in it — names are letters only — so the stored row below carries it)
  const coordinatorHome = await (await fetch(`${server.baseUrl}/coordinator`, { headers: { cookie: coordinator } })).text();
  const clubId = /href="\/coordinator\/clubs\/(\d+)"/.exec(coordinatorHome)![1];
  expect(await postForm(coordinator, `/coordinator/clubs/${clubId}/notices`, { title: `${marker('form.notice')}<svg onload=window.__xss=1>`.slice(0, 60), body: `${marker('form.noticeBody')} ${PAYLOAD}` })).toBe(303);
  const database = await openDatabase(`file:${server.dir}/e2e.db`);
  try {
    const one = async (sql: string, args: Array<string | number> = []) => (await database.client.execute(sql, args)).rows[0] as Record<string, string | number> | undefined;
    const memberId = Number((await one("SELECT id FROM users WHERE phone = '13900000001'"))!.id);
    // an adjustment with a reason, through the admin's form (the member's statement shows it)
    const admin = await signInCookie('13800000000');
    expect(await postForm(admin, `/admin/entitlements/${memberId}/adjust`, { year: '2026', delta: '1', reason: `${marker('form.adjustReason')} ${PAYLOAD}`.slice(0, 200) })).toBe(303);
    // a removal with a reason, through the coordinator's roster form (the member sees the reason on the club page)
    const membership = await one("SELECT id, club_id FROM club_memberships WHERE user_id = ? AND status = 'active' AND club_id IN (SELECT club_id FROM club_coordinators WHERE user_id = (SELECT id FROM users WHERE phone = '13800000001'))", [memberId]);
    if (membership) {
      expect(await postForm(coordinator, `/coordinator/clubs/${membership.club_id}/members/${membership.id}/remove`, { reason: `${marker('form.removeReason')} ${PAYLOAD}`.slice(0, 200) })).toBe(303);
      extraStarts.member.push(`/clubs/${membership.club_id}`);
    }
    // rows the demo programme has none of: a rating with a comment and a lounge booking with a flight number
    const reg = await one("SELECT r.id, r.event_id, e.club_id FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id = ? ORDER BY r.id LIMIT 1", [memberId]);
    if (reg) await database.client.execute("INSERT INTO ratings (user_id, subject_type, registration_id, event_id, club_id, score, created_at) VALUES (?, 'event', ?, ?, ?, 2, ?)", [memberId, reg.id!, reg.event_id!, reg.club_id ?? null, Date.now()]);
    const slot = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    const lounge = await one("SELECT lounge_id FROM lounge_staff WHERE user_id = (SELECT id FROM users WHERE phone = '13800000002') LIMIT 1");
    await database.client.execute("INSERT INTO lounge_bookings (code, lounge_id, user_id, slot_start, slot_end, year, status, created_at) VALUES ('XSSPASS1', ?, ?, ?, ?, ?, 'booked', ?)", [lounge!.lounge_id!, memberId, slot, slot + 3_600_000, new Date(slot).getUTCFullYear(), Date.now()]);
    // pages that show the rest: a rated event and lounge, a lounge pass with a flight number
    const ratedEvent = await one('SELECT event_id FROM ratings WHERE event_id IS NOT NULL');
    const ratedLounge = await one('SELECT lounge_id FROM ratings WHERE lounge_id IS NOT NULL');
    if (ratedEvent) extraStarts.admin.push(`/admin/satisfaction/events/${ratedEvent.event_id}`);
    if (ratedLounge) extraStarts.admin.push(`/admin/satisfaction/lounges/${ratedLounge.lounge_id}`);
    const booking = await one("SELECT b.code, u.phone FROM lounge_bookings b JOIN users u ON u.id = b.user_id WHERE b.status = 'booked' ORDER BY b.id LIMIT 1");
    if (booking) extraStarts.admin.push(`/lounges/passes/${booking.code}`);
    // and into the stored rows, as the admin, import and booking forms store them
    for (const [table, column] of STORED) await database.client.execute(`UPDATE "${table}" SET "${column}" = COALESCE("${column}" || ' ', '') || ? || ' ' || ?`, [marker(`${table}.${column}`), PAYLOAD]);
  } finally {
    database.close();
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Crawl {
  visited: string[];
  problems: string[];
  seenMarkers: Set<string>;
  payloadAsText: number;
}

/** Opens every page reachable from the role's home (one per path shape), checking each for executed payloads. */
async function crawl(context: BrowserContext, starts: string[], limit: number): Promise<Crawl> {
  const page: Page = await context.newPage();
  const watch = watchForErrors(page);
  const result: Crawl = { visited: [], problems: [], seenMarkers: new Set(), payloadAsText: 0 };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/x' || url.pathname.endsWith('/x')) result.problems.push(`an injected <img src=x> was fetched on ${page.url()}`);
  });
  const queue = [...starts];
  const shapes = new Set<string>();
  while (queue.length && result.visited.length < limit) {
    const path = queue.shift()!;
    const shape = path.replace(/\d+/g, 'N').replace(/[A-Z0-9]{8}/g, 'C');
    if (shapes.has(shape)) continue;
    shapes.add(shape);
    const response = await page.goto(path);
    result.visited.push(path);
    if ((response?.status() ?? 0) >= 500) result.problems.push(`${path} answered ${response!.status()}`);
    await page.waitForLoadState('load');
    // (a string: the test code is compiled without the DOM types)
    const state = (await page.evaluate(`({
      xss: window.__xss,
      violations: window.__csp ?? [],
      text: document.body.innerText,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    })`)) as { xss: unknown; violations: string[]; text: string; links: string[] };
    if (state.xss !== undefined) result.problems.push(`a payload ran on ${path}`);
    for (const v of state.violations) result.problems.push(`CSP violation on ${path}: ${v}`);
    if (state.text.includes('<script>window.__xss=1</script>')) result.payloadAsText += 1;
    for (const m of state.text.matchAll(/\[([a-z_]+\.[a-zA-Z_]+)\]/g)) result.seenMarkers.add(m[1]!);
    for (const href of state.links) {
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      if (/^\/(logout|assets|healthz)|\.(csv|xlsx|ics)(\?|$)|[?&]lang=|#/.test(href)) continue;
      queue.push(href);
    }
  }
  result.problems.push(...watch.problems);
  return result;
}

async function signedIn(phone: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', baseURL: server.baseUrl });
  // every CSP violation the page reports (an injected element the policy stopped is still an injection)
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    (window.__csp ??= []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
  });`);
  const page = await context.newPage();
  await page.goto('/login?lang=zh');
  await page.locator('form[action="/login"] input[name="phone"]').fill(phone);
  await page.locator('form[action="/login"] input[name="password"]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.close();
  return context;
}

describe('stored XSS payloads never run', () => {
  const seen = new Set<string>();
  const roles: Array<[string, string, string[], number]> = [
    ['member', '13900000001', ['/', '/me', '/events', '/clubs', '/lounges', '/inbox', '/account', '/me/feedback', '/me/statement'], 40],
    ['coordinator', '13800000001', ['/coordinator', '/coordinator/events', '/coordinator/feedback', '/inbox'], 30],
    ['lounge staff', '13800000002', ['/desk'], 10],
    ['admin', '13800000000', ['/admin', '/admin/members?q=13900000001', '/admin/clubs', '/admin/lounges', '/admin/feedback', '/admin/satisfaction', '/admin/entitlements', '/admin/tiers', '/admin/audit', '/admin/outbox', '/admin/reports'], 80],
  ];
  for (const [role, phone, starts, limit] of roles) {
    test(`as ${role}: no payload runs on any page reachable from home, and the payloads read as text`, async () => {
      const context = await signedIn(phone);
      try {
        // the desk finds members by name or phone: search for one whose name carries the payload
        const result = await crawl(context, [...starts, ...(extraStarts[role] ?? [])], limit);
        if (role === 'lounge staff') {
          const desk = result.visited.find((p) => /^\/desk\/lounges\/\d+$/.test(p));
          if (desk) {
            const more = await crawl(context, [`${desk}?q=13900000001`], 1);
            result.problems.push(...more.problems);
            for (const m of more.seenMarkers) result.seenMarkers.add(m);
            result.payloadAsText += more.payloadAsText;
          }
        }
        for (const m of result.seenMarkers) seen.add(m);
        console.log(`${role}: ${result.visited.length} pages, payload shown as text on ${result.payloadAsText}; markers: ${[...result.seenMarkers].sort().join(' ')}`);
        expect(result.problems).toEqual([]);
        expect(result.visited.length).toBeGreaterThan(role === 'lounge staff' ? 1 : 5);
        expect(result.payloadAsText).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    });
  }

  test('every stored field showed up as text somewhere', () => {
    const expected = [...STORED.map(([t, c]) => `${t}.${c}`), 'form.subject', 'form.body', 'form.notice', 'form.noticeBody', 'form.adjustReason', 'form.removeReason'];
    expect(expected.filter((m) => !seen.has(m))).toEqual([]);
  });
});
