import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toLocalDateTimeValue } from '../../src/lib/time';
import { launchBrowser, watchForErrors, type ErrorWatch, signIn } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const PASSWORD = 'demo-pass-2026';
const CONCERT = '12530无线音乐会·星光之夜';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(phone: string, javaScriptEnabled = true): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({ javaScriptEnabled, locale: 'zh-CN', baseURL: server.baseUrl, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const watch = watchForErrors(page);
  await signIn(page, phone, PASSWORD);
  return { page, watch };
}

async function openConcert(page: Page) {
  await page.goto('/events');
  await page.getByRole('link', { name: CONCERT }).click();
  await page.waitForURL(/\/events\/\d+$/);
}

const flash = (page: Page) => page.locator('main .flash').first();

/**
 * The coordinator moves the concert (three weeks away in the demo) to start in an hour: the door takes check-ins
 * from 3 hours before the start until the end (issue 13).
 */
async function moveConcertToTonight(page: Page) {
  await page.goto('/coordinator/events');
  await page.locator('tr', { hasText: CONCERT }).getByRole('link', { name: '编辑' }).click();
  await page.waitForURL(/\/edit$/);
  const at = (minutes: number) => toLocalDateTimeValue(Date.now() + minutes * 60_000, 'Asia/Shanghai');
  await page.locator('#f-opensAt').fill(at(-60));
  await page.locator('#f-closesAt').fill(at(30));
  await page.locator('#f-startsAt').fill(at(60));
  await page.locator('#f-endsAt').fill(at(180));
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/coordinator\/events$/);
}

describe('the concert: diamond early, silver waits, a cancellation promotes, the door checks in by code', () => {
  test('end to end: a diamond member, a silver member and the coordinator', async () => {
    const silver = await person('13900000004');
    const diamond = await person('13900000001');
    const coordinator = await person('13800000001');

    // Silver cannot register yet: the window opens later for their tier
    await openConcert(silver.page);
    const concertUrl = silver.page.url();
    expect(await silver.page.locator('#reg-title + .callout').textContent()).toMatch(/^您的报名将于 .+ 开放。$/);

    // Diamond's window (72 h early) is open: register, confirm, get a ticket
    await openConcert(diamond.page);
    await diamond.page.getByRole('button', { name: '下一步：确认' }).click();
    await diamond.page.waitForURL(/\/register/);
    expect(await diamond.page.locator('.confirm-list').textContent()).toContain('共占用 1 个名额。');
    await diamond.page.getByRole('button', { name: '确认报名' }).click();
    await diamond.page.waitForURL(/\/tickets\/[A-Z0-9]{8}$/);
    expect(await diamond.page.locator('svg.ticket-qr').count()).toBe(1);

    // The coordinator opens registration to everyone now (editing the general opening time)
    await coordinator.page.goto('/coordinator/events');
    await coordinator.page.locator('tr', { hasText: CONCERT }).getByRole('link', { name: '编辑' }).click();
    await coordinator.page.waitForURL(/\/edit$/);
    await coordinator.page.locator('#f-opensAt').fill(toLocalDateTimeValue(Date.now() - 3600_000, 'Asia/Shanghai'));
    await coordinator.page.getByRole('button', { name: '保存' }).click();
    await coordinator.page.waitForURL(/\/coordinator\/events$/);
    await expect.poll(() => flash(coordinator.page).textContent()).toContain('已保存');

    // Silver can register now, but the concert is full: waitlist position 1
    await silver.page.goto(concertUrl);
    await silver.page.getByRole('button', { name: '报名候补' }).click();
    await silver.page.waitForURL(/\/register/);
    expect(await silver.page.locator('.confirm-list').textContent()).toContain('确认后您将排在候补第 1 位');
    await silver.page.getByRole('button', { name: '确认加入候补' }).click();
    await silver.page.waitForURL(concertUrl);
    await expect.poll(() => flash(silver.page).textContent()).toBe(`「${CONCERT}」名额已满，您在候补第 1 位。`);

    // Diamond cancels from the ticket: one step, no reason
    await diamond.page.getByRole('button', { name: '取消报名' }).click();
    await expect.poll(() => flash(diamond.page).textContent()).toBe(`已取消「${CONCERT}」的报名，名额已让出。`);

    // Silver was promoted: confirmed, with a ticket and a message in the inbox
    await silver.page.goto(concertUrl);
    expect(await silver.page.locator('#reg-title ~ p .status').first().textContent()).toBe('已确认 · 1 个座位');
    await silver.page.getByRole('button', { name: '查看电子票' }).click();
    await silver.page.waitForURL(/\/tickets\//);
    const code = (await silver.page.locator('.ticket-code code').textContent())!;
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await silver.page.goto('/inbox');
    expect(await silver.page.locator('.inbox-item').first().textContent()).toContain(`候补成功：您已获得「${CONCERT}」的名额`);

    // At the door (a phone): type the code in lower case, check in, the count moves at once
    await moveConcertToTonight(coordinator.page);
    await coordinator.page.locator('tr', { hasText: CONCERT }).getByRole('link', { name: '现场签到' }).click();
    await coordinator.page.waitForURL(/\/checkin$/);
    expect(await coordinator.page.locator('#door-count').textContent()).toBe('已签到 0 / 应到 8 人');
    await coordinator.page.locator('#door-q').fill(code.toLowerCase());
    const entry = coordinator.page.locator('#door-results .door-entry', { hasText: '黄小燕' });
    await entry.waitFor();
    await entry.getByRole('button', { name: /全部签到/ }).click();
    await expect.poll(() => coordinator.page.locator('#door-results .flash').textContent()).toBe('黄小燕 已签到（1 人）。');
    await expect.poll(() => coordinator.page.locator('#door-count').textContent()).toBe('已签到 1 / 应到 8 人');

    for (const p of [silver, diamond, coordinator]) expect(p.watch.problems).toEqual([]);
    await Promise.all([silver, diamond, coordinator].map((p) => p.page.context().close()));
  });

  test('without JavaScript the door still works: search, check in, undo', async () => {
    const coordinator = await person('13800000001', false);
    await moveConcertToTonight(coordinator.page);
    await coordinator.page.locator('tr', { hasText: CONCERT }).getByRole('link', { name: '现场签到' }).click();
    await coordinator.page.locator('#door-q').fill('张伟');
    await coordinator.page.locator('#door-q').press('Enter');
    await coordinator.page.waitForURL(/q=/);
    const entry = coordinator.page.locator('.door-entry', { hasText: '张伟' });
    await entry.getByRole('button', { name: /全部签到/ }).click();
    expect(await flash(coordinator.page).textContent()).toBe('张伟 已签到（2 人）。');
    await coordinator.page.locator('.door-entry', { hasText: '张伟' }).getByRole('button', { name: '撤销签到' }).click();
    expect(await flash(coordinator.page).textContent()).toBe('已撤销张伟的签到。');
    expect(coordinator.watch.problems).toEqual([]);
    await coordinator.page.context().close();
  });
});
