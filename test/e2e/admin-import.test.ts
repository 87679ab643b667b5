import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { launchBrowser, signIn, watchForErrors, type ErrorWatch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const ADMIN = '13800000000';
const PASSWORD = 'demo-pass-2026';
const ARTIFACTS = resolve(import.meta.dirname, '../../.tmp/e2e');
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(t: TestContext, javaScriptEnabled = true): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({ javaScriptEnabled, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: server.baseUrl, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const watch = watchForErrors(page);
  t.onTestFinished(async ({ task }) => {
    if (task.result?.state === 'fail') {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = resolve(ARTIFACTS, `${task.name.replace(/[^\w-]+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`[e2e] failed on ${page.url()}; screenshot: ${file}\n[e2e] browser problems: ${JSON.stringify(watch.problems)}`);
    }
    await context.close();
  });
  return { page, watch };
}

async function uploadCsv(page: Page, name: string, csv: string): Promise<void> {
  await page.goto('/admin/import');
  await page.locator('input[name="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });
  await page.getByRole('button', { name: '检查并预览' }).click();
  await page.waitForURL(/\/admin\/import\/\d+$/);
}

const count = (page: Page, kind: string) => page.locator(`[data-count="${kind}"]`).textContent();

describe('bulk member import', () => {
  test('two good rows and one bad: preview, import, and the new member signs in and must change the password', async (t) => {
    const { page, watch } = await openPage(t);
    await signIn(page, ADMIN, PASSWORD);
    await uploadCsv(page, '新会员.csv', ['手机号,姓名,等级,语言', '13655500001,测试导入甲,金卡,zh', '13655500002,Import Two,platinum,en', '12345,坏号码,gold,zh'].join('\r\n'));

    // The preview: 2 will be created, 1 error, nothing written yet
    expect(await page.locator('main h1').textContent()).toBe('导入预览');
    expect(await count(page, 'create')).toBe('2');
    expect(await count(page, 'update')).toBe('0');
    expect(await count(page, 'error')).toBe('1');
    const bad = page.locator('table.import-rows tr', { hasText: '坏号码' });
    expect(await bad.textContent()).toContain('不是11位手机号码');
    expect(await page.locator('table.import-rows tr', { hasText: '测试导入甲' }).textContent()).toContain('将新建');
    expect(await page.getByRole('link', { name: '下载错误报告（CSV）' }).getAttribute('href')).toMatch(/^\/admin\/import\/\d+\/errors\.csv$/);

    // Import (through htmx: the result replaces the page's main part)
    await page.getByRole('button', { name: '导入 2 行' }).click();
    await page.locator('main h1', { hasText: '导入完成' }).waitFor();
    expect(await count(page, 'create')).toBe('2');
    expect(await count(page, 'error')).toBe('1');
    expect(await page.locator('.one-time-secret').textContent()).toContain('这些密码只显示这一次');
    const row = page.locator('table.import-passwords tr', { hasText: '13655500001' });
    const password = (await row.locator('code.initial-password').textContent())!.trim();
    expect(password).toMatch(/^\d{6}$/);
    expect(watch.problems).toEqual([]);

    // The new member, on their own phone: signs in with the initial password and must choose their own first
    const member = await openPage(t);
    await signIn(member.page, '13655500001', password);
    await member.page.waitForURL((url) => url.pathname === '/account/password');
    await member.page.locator('input[name="current"]').fill(password);
    await member.page.locator('input[name="next"]').fill('island-breeze-2026');
    await member.page.locator('input[name="confirm"]').fill('island-breeze-2026');
    await member.page.locator('main button[type="submit"]').click();
    await member.page.waitForURL((url) => url.pathname === '/');
    const card = member.page.locator('section.tier-card');
    await card.waitFor();
    expect(await card.textContent()).toContain('测试导入甲');
    expect(await card.locator('h2.tier-card-tier').textContent()).toContain('金卡');
    expect(member.watch.problems).toEqual([]);
  });

  test('a larger file shows its progress from the database while it imports', async (t) => {
    const { page, watch } = await openPage(t);
    await signIn(page, ADMIN, PASSWORD);
    const rows = Array.from({ length: 3000 }, (_, i) => `137${String(55_000_000 + i)},会员${i},silver`);
    await uploadCsv(page, 'big.csv', ['phone,name,tier', ...rows].join('\n'));
    expect(await count(page, 'create')).toBe('3000');
    await page.getByRole('button', { name: '导入 3000 行' }).click();
    const progress = page.locator('#import-progress progress');
    await progress.waitFor({ state: 'attached' });
    expect(Number(await progress.getAttribute('max'))).toBeGreaterThanOrEqual(1);
    await page.locator('main h1', { hasText: '导入完成' }).waitFor({ timeout: 60_000 });
    expect(await count(page, 'create')).toBe('3000');
    expect(await page.locator('table.import-passwords tbody tr').count()).toBe(3000);
    expect(watch.problems).toEqual([]);
  });

  test('works without JavaScript: the form posts and the result page follows', async (t) => {
    const { page } = await openPage(t, false);
    await signIn(page, ADMIN, PASSWORD);
    await uploadCsv(page, 'nojs.csv', 'phone,name,tier\n13655500101,无脚本,gold');
    expect(await count(page, 'create')).toBe('1');
    await page.getByRole('button', { name: '导入 1 行' }).click();
    await page.locator('main h1', { hasText: '导入完成' }).waitFor();
    expect(await page.locator('table.import-passwords tbody tr').count()).toBe(1);
  });
});
