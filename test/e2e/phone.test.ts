import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { openDatabase } from '../../src/db';
import { launchBrowser, watchForErrors, type ErrorWatch } from '../helpers/browser';
import { layoutProblems } from '../helpers/layout';
import { startServer, type RunningServer } from '../helpers/server';

/**
 * Every page on a 390 × 844 phone, in both languages, for the role that uses it: nothing cut off, no sideways
 * scrolling of the page, tables as cards or in their own scroll region, a compact header (and the same pages at
 * 1280 px: no squeezed columns).
 * PHONE_SHOTS=<dir> also saves a full-page screenshot of each page (390 and 1280 px wide).
 */
const PASSWORD = 'demo-pass-2026';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const HAIKOU = '海口美兰国际机场 VIP 厅';
const SHOTS = process.env.PHONE_SHOTS;

const ADMIN = '13800000000';
const COORDINATOR = '13800000001';
const STAFF = '13800000002';
const DIAMOND = '13900000001';
const PLATINUM = '13900000002';
const GOLD = '13900000003';

// long names, as real people have them: in the roster, the queue, the audit log, the members list and the header
const LONG_NAMES: Record<string, string> = {
  [GOLD]: '欧阳司马·慕容长风雪儿',
  [PLATINUM]: 'Maximilian Featherstonehaugh-Montgomery',
  [DIAMOND]: '上官诸葛·宇文明月',
};

let server: RunningServer;
let browser: Browser;
/** pages found while the data was made: the gold member's pass, the diamond member's ticket, the staff's desk … */
const found: Record<string, string> = {};

async function person(t: TestContext | null, phone: string, opts: { viewport?: { width: number; height: number }; lang?: 'zh' | 'en'; javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    baseURL: server.baseUrl,
    viewport: opts.viewport ?? PHONE,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
  });
  if (t) t.onTestFinished(() => context.close());
  const page = await context.newPage();
  const watch = watchForErrors(page);
  await page.goto(`/login?lang=${opts.lang ?? 'zh'}`);
  await page.locator('form[action="/login"] input[name="phone"]').fill(phone);
  await page.locator('form[action="/login"] input[name="password"]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { page, watch };
}

async function firstHref(page: Page, selector: string): Promise<string> {
  const href = await page.locator(selector).first().getAttribute('href');
  if (!href) throw new Error(`no link ${selector} on ${page.url()}`);
  return href;
}

/** Real data through the product itself: a lounge visit, a complaint, a newly enrolled member (audited). */
async function makeData() {
  const database = await openDatabase(`file:${join(server.dir, 'e2e.db')}`);
  try {
    for (const [phone, name] of Object.entries(LONG_NAMES)) await database.client.execute({ sql: 'UPDATE users SET name = ? WHERE phone = ?', args: [name, phone] });
  } finally {
    database.close();
  }

  const gold = await person(null, GOLD, { viewport: DESKTOP });
  const page = gold.page;
  await page.goto('/lounges');
  await page.locator('article', { hasText: HAIKOU }).getByRole('button', { name: '预约到访' }).click();
  await page.waitForURL(/\/lounges\/\d+/);
  const open = page.locator('input[name="slot"]:not([disabled])');
  if ((await open.count()) === 0) {
    const next = await page.locator('#f-day option').nth(1).getAttribute('value');
    await page.locator('#f-day').selectOption(next!);
    await page.waitForURL(new RegExp(`day=${next}`));
    await open.first().waitFor();
  }
  await open.first().check();
  await page.getByRole('button', { name: '下一步：确认' }).click();
  await page.waitForURL(/\/lounges\/\d+\/book\?/);
  await page.getByRole('button', { name: '确认预约' }).click();
  await page.waitForURL(/\/lounges\/passes\//);
  found.pass = new URL(page.url()).pathname;

  await page.goto('/me/feedback/new');
  await page.locator('input[name="category"]').first().check();
  await page.locator('input[name="subject"]').fill('海口美兰机场贵宾厅的预约时段与航班延误后的改签安排不一致');
  await page.locator('textarea[name="body"]').fill('上周航班延误三个小时，到达贵宾厅时预约已经被取消，工作人员表示需要重新预约。希望能按航班实际时间保留预约。');
  await page.locator('form[action="/me/feedback"] button[type="submit"]').click();
  await page.waitForURL(/\/me\/feedback\/[A-Z0-9-]+$/);
  found.feedback = new URL(page.url()).pathname;
  await page.context().close();

  const diamond = await person(null, DIAMOND, { viewport: DESKTOP });
  await diamond.page.goto('/me');
  found.ticket = await firstHref(diamond.page, 'main a[href^="/tickets/"]:not([href$=".ics"])');
  await diamond.page.context().close();

  const coordinator = await person(null, COORDINATOR, { viewport: DESKTOP });
  await coordinator.page.goto('/coordinator');
  found.roster = await firstHref(coordinator.page, 'main a[href^="/coordinator/clubs/"]');
  await coordinator.page.goto('/coordinator/events');
  found.checkin = await firstHref(coordinator.page, 'main a[href$="/checkin"]');
  found.attendance = await firstHref(coordinator.page, 'main a[href$="/attendance"]');
  found.eventEdit = await firstHref(coordinator.page, 'main a[href$="/edit"]');
  await coordinator.page.context().close();

  const staff = await person(null, STAFF, { viewport: DESKTOP });
  await staff.page.goto('/desk');
  found.desk = await firstHref(staff.page, 'main a[href^="/desk/lounges/"]');
  await staff.page.context().close();

  const admin = await person(null, ADMIN, { viewport: DESKTOP });
  await admin.page.goto('/admin/members/new');
  await admin.page.locator('form[action="/admin/members"] input[name="phone"]').fill('13912345678');
  await admin.page.locator('form[action="/admin/members"] input[name="name"]').fill('Alexandra Konstantinopoulou-Wetherby');
  await admin.page.locator('form[action="/admin/members"] button[type="submit"]').click();
  await admin.page.locator('main .initial-password, main code').first().waitFor();
  await admin.page.goto('/admin/members');
  found.member = await firstHref(admin.page, 'main table a[href^="/admin/members/"]');
  await admin.page.goto('/admin/feedback');
  found.ticketStaff = await firstHref(admin.page, 'main .fb-queue a');
  await admin.page.context().close();
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await makeData();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Visits each page in both languages at 390 px and collects what does not fit, page by page. */
async function checkPages(t: TestContext, phone: string, paths: Array<string | (() => string)>) {
  const problems: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const { page, watch } = await person(t, phone, { lang });
    for (const entry of paths) {
      const path = typeof entry === 'function' ? entry() : entry;
      const response = await page.goto(path);
      expect(response?.status(), `${path} (${lang})`).toBe(200);
      const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(width, `${path} (${lang}): document.documentElement.scrollWidth`).toBeLessThanOrEqual(PHONE.width);
      for (const problem of await layoutProblems(page)) problems.push(`${path} (${lang}): ${problem}`);
      if (SHOTS) await screenshots(page, phone, path, lang, '390');
      // and the same page on a wide screen: no column squeezed there either
      await page.setViewportSize(DESKTOP);
      for (const problem of await layoutProblems(page)) problems.push(`${path} (${lang}, 1280 px): ${problem}`);
      if (SHOTS) await screenshots(page, phone, path, lang, '1280');
      await page.setViewportSize(PHONE);
    }
    expect(watch.problems).toEqual([]);
  }
  expect(problems, problems.join('\n')).toEqual([]);
}

async function screenshots(page: Page, phone: string, path: string, lang: string, width: string) {
  mkdirSync(SHOTS!, { recursive: true });
  await page.screenshot({ path: join(SHOTS!, `${phone}${path.replace(/[^a-z0-9]+/gi, '_')}-${lang}-${width}.png`), fullPage: true });
}

describe('on a 390 px phone nothing is cut off and the page never scrolls sideways', () => {
  test('a gold member: home, hub, statement, events, lounges, clubs, feedback, the pass, the inbox', async (t) => {
    await checkPages(t, GOLD, ['/', '/me', '/me/statement', '/events', '/lounges', '/clubs', '/me/feedback', () => found.feedback!, () => found.pass!, '/inbox', '/account']);
  });

  test('a diamond member: the ticket and the event it is for', async (t) => {
    await checkPages(t, DIAMOND, [() => found.ticket!, '/me', '/me/statement']);
  });

  test('the coordinator: clubs, the roster with its status and actions, the events table, door check-in, attendance', async (t) => {
    await checkPages(t, COORDINATOR, ['/coordinator', () => found.roster!, () => `${found.roster!}?status=pending`, '/coordinator/events', () => found.checkin!, () => found.attendance!, () => found.eventEdit!, '/coordinator/feedback']);
  });

  test('lounge staff: the desk and one lounge’s desk', async (t) => {
    await checkPages(t, STAFF, ['/desk', () => found.desk!]);
  });

  test('the admin: members, the audit log, the feedback queue and every other table', async (t) => {
    await checkPages(t, ADMIN, [
      '/admin',
      '/admin/members',
      () => found.member!,
      '/admin/audit',
      '/admin/feedback',
      () => found.ticketStaff!,
      '/admin/outbox',
      '/admin/capacity',
      '/admin/reports',
      '/admin/satisfaction',
      '/admin/entitlements',
      '/admin/tiers',
      '/admin/clubs',
      '/admin/lounges',
      '/admin/import',
    ]);
  });
});

describe('the header on a phone', () => {
  test('one compact row: brand, language, the unread badge in sight, a menu that opens without JavaScript', async (t) => {
    for (const lang of ['zh', 'en'] as const) {
      for (const phone of [GOLD, ADMIN]) {
        const { page } = await person(t, phone, { lang });
        const header = await page.locator('header.site-header').boundingBox();
        expect(header!.height, `header height for ${phone} (${lang})`).toBeLessThanOrEqual(120);
        expect(await page.locator('header a[hreflang]:visible').count(), 'the other language is one tap away').toBe(1);
        expect(await page.locator('#inbox-link').isVisible()).toBe(true);
      }
    }

    // the gold member has unread messages (the booking): the badge shows without opening the menu
    const { page } = await person(t, GOLD, { javaScriptEnabled: false });
    expect(await page.locator('#inbox-link .count-badge').isVisible()).toBe(true);
    const events = page.locator('header').getByRole('link', { name: '活动', exact: true });
    expect(await events.isVisible()).toBe(false);
    await page.locator('header summary', { hasText: '菜单' }).click();
    expect(await events.isVisible()).toBe(true);
    expect(await page.locator('header form[action="/logout"] button').isVisible()).toBe(true);
    expect(await layoutProblems(page)).toEqual([]);
    await events.click();
    await page.waitForURL(/\/events$/);
  });

  test('on a wide screen every link is in the header without a menu toggle', async (t) => {
    const { page } = await person(t, ADMIN, { viewport: DESKTOP });
    expect(await page.locator('header summary').isVisible()).toBe(false);
    for (const name of ['俱乐部', '活动', '机场贵宾厅', '俱乐部管理', '贵宾厅服务台', '管理后台', '消息', '简体中文', 'English']) {
      expect(await page.locator('header').getByRole('link', { name, exact: true }).isVisible(), name).toBe(true);
    }
    expect(await page.locator('header').getByRole('button', { name: '退出' }).isVisible()).toBe(true);
    const header = await page.locator('header.site-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(170);
  });
});
