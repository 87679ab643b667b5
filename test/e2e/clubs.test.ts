import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { launchBrowser, watchForErrors, type ErrorWatch, signIn } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const PASSWORD = 'demo-pass-2026';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(t: TestContext, opts: { javaScriptEnabled: boolean; acceptDownloads?: boolean }): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScriptEnabled, acceptDownloads: opts.acceptDownloads ?? false, locale: 'zh-CN', baseURL: server.baseUrl });
  const page = await context.newPage();
  const watch = watchForErrors(page);
  t.onTestFinished(() => context.close());
  return { page, watch };
}

const flash = (page: Page) => page.locator('main .flash').first();

describe('a member joins a club and leaves it again', () => {
  test('with JavaScript, in Chinese: list → club → confirmation → member → leave', async (t) => {
    const { page, watch } = await openPage(t, { javaScriptEnabled: true });
    await signIn(page, '13900000004', PASSWORD); // silver
    await page.goto('/clubs');
    await page.getByRole('link', { name: '健身俱乐部' }).click();
    await page.waitForURL(/\/clubs\/\d+$/);
    const clubUrl = page.url();
    expect(await page.locator('#status-title + p').textContent()).toContain('尚未加入');

    await page.getByRole('button', { name: '加入俱乐部' }).click();
    await page.waitForURL(/\/join$/);
    expect(await page.locator('main h1').textContent()).toBe('确认加入：健身俱乐部');
    expect(await page.locator('.confirm-list').textContent()).toContain('您是银卡会员，符合要求');

    await page.getByRole('button', { name: '确认加入' }).click();
    await page.waitForURL(clubUrl);
    await expect.poll(() => flash(page).textContent()).toBe('欢迎加入「健身俱乐部」！');
    expect(await page.locator('.status.status-ok').textContent()).toContain('正式会员');

    await page.getByRole('button', { name: '退出俱乐部' }).click();
    await expect.poll(() => flash(page).textContent()).toBe('您已退出「健身俱乐部」。');
    expect(await page.locator('#status-title + p').textContent()).toContain('已退出');
    // and can join again straight away
    expect(await page.getByRole('button', { name: '加入俱乐部' }).count()).toBe(1);
    expect(watch.problems).toEqual([]);
    expect(watch.httpErrors).toEqual([]);
  });

  test('without JavaScript, in English: the same steps as plain forms and redirects', async (t) => {
    const { page, watch } = await openPage(t, { javaScriptEnabled: false });
    await signIn(page, '13900000004', PASSWORD, 'en');
    await page.goto('/clubs');
    await page.getByRole('link', { name: 'Table Tennis Club' }).click();
    await page.getByRole('button', { name: 'Join this club' }).click();
    expect(await page.locator('main h1').textContent()).toBe('Confirm joining Table Tennis Club');
    await page.getByRole('button', { name: 'Confirm and join' }).click();
    expect(await flash(page).textContent()).toBe('Welcome to Table Tennis Club!');
    expect(await page.locator('.status.status-ok').textContent()).toContain('Member since');
    // leave from "My VIP"
    await page.goto('/me');
    await page.locator('form[action$="/leave"] button').first().click();
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await flash(page).textContent()).toBe('You have left Table Tennis Club.');
    expect(watch.problems).toEqual([]);
  });
});

describe('a coordinator approves a request and exports the roster', () => {
  test('approve in place (htmx) and download a CSV Excel can read', async (t) => {
    const { page, watch } = await openPage(t, { javaScriptEnabled: true, acceptDownloads: true });
    await signIn(page, '13800000001', PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/coordinator');
    await page.getByRole('link', { name: '高尔夫球俱乐部' }).click();
    await page.waitForURL(/\/coordinator\/clubs\/\d+/);
    const row = page.locator('#roster tr', { hasText: '王丽娜' });
    expect(await row.locator('.status-pill').textContent()).toBe('待审核');

    await page.evaluate(() => ((globalThis as unknown as { __mark?: number }).__mark = 1));
    await row.getByRole('button', { name: '通过' }).click();
    await expect.poll(() => page.locator('#roster .flash').textContent()).toBe('已通过王丽娜的申请。');
    expect(await page.locator('#roster tr', { hasText: '王丽娜' }).locator('.status-pill').textContent()).toBe('会员');
    // swapped in place: the document was not reloaded
    expect(await page.evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('roster-golf.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('姓名,手机号,等级,状态,加入日期');
    expect(lines.some((l) => l.startsWith('王丽娜,13900000002,白金卡,会员,'))).toBe(true);
    expect(watch.problems).toEqual([]);
  });
});
