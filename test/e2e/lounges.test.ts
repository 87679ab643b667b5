import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { launchBrowser, watchForErrors, type ErrorWatch, signIn, chooseFirstOpenSlot } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const PASSWORD = 'demo-pass-2026';
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

async function person(t: TestContext, phone: string, opts: { javaScriptEnabled?: boolean; lang?: 'zh' | 'en' } = {}): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled ?? true, locale: 'zh-CN', baseURL: server.baseUrl, viewport: { width: 1024, height: 900 } });
  t.onTestFinished(() => context.close());
  const page = await context.newPage();
  const watch = watchForErrors(page);
  await signIn(page, phone, PASSWORD, opts.lang ?? 'zh');
  return { page, watch };
}

const flash = (page: Page) => page.locator('main .flash').first();
const occupancy = (page: Page) => page.locator('#occupancy .occupancy-number');

// The lounge is open round the clock in 30-minute slots (set by the admin below), so the first open slot
// (chooseFirstOpenSlot) starts within half an hour — inside the desk's check-in window whatever the time of day.

describe('lounges: a gold member books, the desk checks them in, every open desk sees the count move', () => {
  test('admin opens Haikou round the clock; gold books with a companion; staff checks in and out by the last 4 digits', async (t) => {
    // The admin sets Haikou to 24 hours with 30-minute slots (so the test works at any time of day)
    const admin = await person(t, '13800000000');
    await admin.page.goto('/admin/lounges');
    await admin.page.locator('tr', { hasText: HAIKOU }).getByRole('link', { name: '编辑' }).click();
    await admin.page.locator('#f-opensAt').fill('00:00');
    await admin.page.locator('#f-closesAt').fill('24:00');
    await admin.page.locator('#f-slotMinutes').selectOption('30');
    await admin.page.getByRole('button', { name: '保存' }).click();
    await admin.page.waitForURL(/\/admin\/lounges$/);
    expect(await flash(admin.page).textContent()).toBe(`已保存：${HAIKOU}。`);

    // Gold member: lounge list → Haikou → a slot with one companion and a flight → the confirmation says what is used.
    // The demo gives them one visit made and one booked this year (README), so 2 of their 4 are left.
    const gold = await person(t, '13900000003');
    await gold.page.goto('/lounges');
    await expect.poll(() => gold.page.locator('.callout').first().textContent()).toMatch(/每年 4 次贵宾厅.*已预约 1 次，已使用 1 次，剩余 2 次/);
    await gold.page.locator('article', { hasText: HAIKOU }).getByRole('button', { name: '预约到访' }).click();
    await gold.page.waitForURL(/\/lounges\/\d+/);
    await chooseFirstOpenSlot(gold.page);
    await gold.page.locator('#f-companions').selectOption('1');
    await gold.page.locator('#f-flight').fill('hu 7181');
    await gold.page.getByRole('button', { name: '下一步：确认' }).click();
    await gold.page.waitForURL(/\/lounges\/\d+\/book\?/);
    const uses = (await gold.page.locator('.confirm-list').textContent()) ?? '';
    const used = /将使用 (\d{4}) 年 4 次中的 1 次（剩余 2 → 1）/.exec(uses);
    expect(used, uses).not.toBeNull();
    expect(uses).toContain('+ 1 位同行人');
    expect(uses).toContain('航班：HU7181');
    await gold.page.getByRole('button', { name: '确认预约' }).click();
    await gold.page.waitForURL(/\/lounges\/passes\/[A-Z0-9]{8}$/);
    expect(await flash(gold.page).textContent()).toMatch(new RegExp(`^预约成功：${HAIKOU}，`));
    expect(await gold.page.locator('svg.ticket-qr').count()).toBe(1);

    // The statement shows the reservation as a line of its own
    await gold.page.goto(`/me/statement?year=${used![1]}`);
    const values = await gold.page.locator('.stat .stat-value').allTextContents();
    expect(values).toEqual(['4', '2', '1', '1']);
    expect(await gold.page.locator('table.statement tbody tr').last().textContent()).toContain(`预约 ${HAIKOU}`);

    // Two desks open on Haikou: both show an empty room
    const desk = await person(t, '13800000002');
    const otherDesk = await person(t, '13800000002');
    for (const d of [desk, otherDesk]) {
      await d.page.goto('/desk');
      await d.page.getByRole('link', { name: HAIKOU }).click();
      await d.page.waitForURL(/\/desk\/lounges\/\d+$/);
      expect(await occupancy(d.page).textContent()).toBe('厅内 0 / 60 人');
    }

    // The first desk finds the member by the last four digits (results as you type) and checks them in
    await desk.page.locator('#desk-q').fill('0003');
    const card = desk.page.locator('.desk-member', { hasText: '李明轩' });
    await card.waitFor();
    expect(await card.textContent()).toContain('本年剩余 1 次');
    await card.getByRole('button', { name: '入厅', exact: true }).click();
    await expect.poll(() => flash(desk.page).textContent()).toBe('李明轩 已入厅（2 人），本年剩余 1 次。');
    expect(await occupancy(desk.page).textContent()).toBe('厅内 2 / 60 人');

    // The other desk's count moves without a reload
    const before = otherDesk.page.url();
    await expect.poll(() => occupancy(otherDesk.page).textContent(), { timeout: 10_000 }).toBe('厅内 2 / 60 人');
    expect(otherDesk.page.url()).toBe(before);

    // The member sees the visit as used
    await gold.page.reload();
    expect(await gold.page.locator('.stat .stat-value').allTextContents()).toEqual(['4', '1', '2', '1']);

    // Check-out on the first desk lowers the count on both
    await desk.page.locator('article', { hasText: '当前在厅内' }).getByRole('button', { name: '离厅' }).click();
    await expect.poll(() => flash(desk.page).textContent()).toBe('李明轩 已离厅。');
    await expect.poll(() => occupancy(otherDesk.page).textContent(), { timeout: 10_000 }).toBe('厅内 0 / 60 人');

    for (const w of [admin.watch, gold.watch, desk.watch, otherDesk.watch]) {
      expect(w.problems).toEqual([]);
      expect(w.httpErrors).toEqual([]);
    }
  });

  test('without JavaScript, in English: a silver member books alone, then cancels and gets the visit back', async (t) => {
    const silver = await person(t, '13900000004', { javaScriptEnabled: false, lang: 'en' });
    await silver.page.goto('/lounges');
    await silver.page.locator('article', { hasText: 'Sanya Phoenix' }).getByRole('button', { name: 'Book a visit' }).click();
    await silver.page.waitForURL(/\/lounges\/\d+$/);
    // silver brings no companions: the only choice is "just me"
    expect(await silver.page.locator('#f-companions option').allTextContents()).toEqual(['Just me']);
    const open = silver.page.locator('input[name="slot"]:not([disabled])');
    if ((await open.count()) === 0) {
      await silver.page.locator('#f-day').selectOption({ index: 1 });
      await silver.page.getByRole('button', { name: 'Show' }).click();
    }
    await open.first().check();
    await silver.page.locator('#f-flight').fill('HU71');
    await silver.page.getByRole('button', { name: 'Next: confirm' }).click();
    await silver.page.waitForURL(/\/book\?/);
    expect(await silver.page.locator('.confirm-list').textContent()).toMatch(/This uses 1 of your 2 visits in \d{4} \(2 left → 1\)/);
    expect(await silver.page.locator('.confirm-list').textContent()).toContain('If you do not come, the visit counts as used');
    await silver.page.getByRole('button', { name: 'Confirm booking' }).click();
    await silver.page.waitForURL(/\/lounges\/passes\//);
    expect(await flash(silver.page).textContent()).toMatch(/^Booked: Sanya Phoenix International Airport VIP Lounge, /);

    await silver.page.getByRole('button', { name: 'Cancel booking' }).click();
    await silver.page.waitForURL(/\/lounges\/passes\//);
    expect(await flash(silver.page).textContent()).toBe('Booking cancelled; the visit is returned.');
    expect(await silver.page.locator('.facts').textContent()).toContain('2 visits left in');
    expect(silver.watch.problems).toEqual([]);
  });
});
