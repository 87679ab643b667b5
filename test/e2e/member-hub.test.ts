import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { launchBrowser, watchForErrors, type ErrorWatch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const PASSWORD = 'demo-pass-2026';
const CONCERT = '12530无线音乐会·星光之夜';
const HAIKOU = '海口美兰国际机场 VIP 厅';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(t: TestContext, phone: string): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({ locale: 'zh-CN', baseURL: server.baseUrl, viewport: { width: 390, height: 844 } });
  t.onTestFinished(() => context.close());
  const page = await context.newPage();
  const watch = watchForErrors(page);
  await page.goto('/login?lang=zh');
  await page.locator('form[action="/login"] input[name="phone"]').fill(phone);
  await page.locator('form[action="/login"] input[name="password"]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { page, watch };
}

const flash = (page: Page) => page.locator('main .flash').first();
const unread = async (page: Page) => Number((await page.locator('#inbox-link .count-badge').textContent({ timeout: 2000 }).catch(() => '0')) ?? '0');

async function bookFirstOpenSlot(page: Page) {
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
}

describe('the member hub: everything in one place, cancelled in one go', () => {
  test('a diamond member cancels one item in place, then everything upcoming; the list, the inbox count and the concert’s seats follow', async (t) => {
    const diamond = await person(t, '13900000001');

    // Take the concert's last seat and book a lounge visit
    await diamond.page.goto('/events');
    await diamond.page.getByRole('link', { name: CONCERT }).click();
    await diamond.page.waitForURL(/\/events\/\d+$/);
    const concertUrl = diamond.page.url();
    await diamond.page.getByRole('button', { name: '下一步：确认' }).click();
    await diamond.page.getByRole('button', { name: '确认报名' }).click();
    await diamond.page.waitForURL(/\/tickets\//);
    await diamond.page.goto(concertUrl);
    expect(await diamond.page.locator('main').textContent()).toContain('已满，可排候补');
    await bookFirstOpenSlot(diamond.page);

    // /me: the concert, the seeded parent-child registration and the booking are all there, upcoming first
    await diamond.page.goto('/me');
    const upcomingText = (await diamond.page.locator('#my-upcoming + p').textContent()) ?? '';
    const upcoming = Number(/您有 (\d+) 项/.exec(upcomingText)?.[1]);
    expect(upcoming).toBeGreaterThanOrEqual(3);
    expect(await diamond.page.locator('#my-events ~ .item-list').first().textContent()).toContain(CONCERT);
    const lounges = diamond.page.locator('article[aria-labelledby="my-lounges"] .item-row');
    const bookings = await lounges.count();
    expect(bookings).toBeGreaterThanOrEqual(1);

    // One step, in place: cancel a lounge booking; htmx swaps the page's main part and the inbox count, URL unchanged
    const before = await unread(diamond.page);
    await diamond.page.evaluate(() => {
      (globalThis as unknown as { marker: string }).marker = 'still the same page';
    });
    await lounges.first().getByRole('button', { name: '取消预约' }).click();
    await expect.poll(() => flash(diamond.page).textContent()).toContain('已取消');
    expect(await diamond.page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe('still the same page');
    expect(new URL(diamond.page.url()).pathname).toBe('/me');
    await expect.poll(() => unread(diamond.page)).toBe(before + 1);
    await expect.poll(() => diamond.page.locator('#my-upcoming + p').textContent()).toContain(`您有 ${upcoming - 1} 项`);

    // Everything else: one confirmation that lists each item, then all gone
    const beforeAll = await unread(diamond.page);
    await diamond.page.getByRole('button', { name: '全部取消…' }).click();
    await diamond.page.waitForURL(/\/me\/cancel-all$/);
    const list = (await diamond.page.locator('form.cancel-all').textContent()) ?? '';
    expect(list).toContain(CONCERT);
    expect(await diamond.page.locator('form.cancel-all input[type="hidden"]:not([name="_once"])').count()).toBe(upcoming - 1);
    await diamond.page.getByRole('button', { name: `确认取消这 ${upcoming - 1} 项` }).click();
    await diamond.page.waitForURL(/\/me$/);
    await expect.poll(() => flash(diamond.page).textContent()).toMatch(new RegExp(`^已取消 ${upcoming - 1} 项（活动 \\d，贵宾厅 \\d，俱乐部申请 0）。$`));
    expect(await diamond.page.locator('#my-upcoming + p').textContent()).toBe('目前没有即将到来的活动、预约或申请。');
    expect(await diamond.page.locator('article[aria-labelledby="my-lounges"] .item-row').count()).toBe(0);
    // each cancellation told the member once
    await expect.poll(() => unread(diamond.page)).toBe(beforeAll + upcoming - 1);

    // Elsewhere: the concert has a seat again, the inbox lists the cancellations
    await diamond.page.goto(concertUrl);
    expect(await diamond.page.locator('main').textContent()).toContain('剩余 1 个名额');
    await diamond.page.goto('/inbox');
    expect(await diamond.page.locator('.inbox-item').first().textContent()).toMatch(/已取消/);
    expect(diamond.watch.problems).toEqual([]);
  });
});
