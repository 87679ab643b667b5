import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, watchForErrors, type ErrorWatch } from '../helpers/browser';
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

async function person(phone: string, javaScriptEnabled: boolean): Promise<{ page: Page; watch: ErrorWatch }> {
  const context = await browser.newContext({ javaScriptEnabled, locale: 'zh-CN', baseURL: server.baseUrl, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const watch = watchForErrors(page);
  await page.goto('/login?lang=zh');
  await page.locator('form[action="/login"] input[name="phone"]').fill(phone);
  await page.locator('form[action="/login"] input[name="password"]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { page, watch };
}

/** Holds every POST to `path` for a moment, so the test can look at the page while the request is on its way. */
async function slowPosts(page: Page, path: string, ms = 700): Promise<string[]> {
  const seen: string[] = [];
  await page.route(`**${path}`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    seen.push(route.request().postData() ?? '');
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
  return seen;
}

async function fillEnrolment(page: Page, phone: string) {
  await page.goto('/admin/members/new');
  await page.locator('input[name="phone"]').fill(phone);
  await page.locator('input[name="name"]').fill('双击测试');
}

const passwordShown = (page: Page) => page.locator('.secret-value code').textContent();

describe('a double click sends a form once and shows its outcome', () => {
  test('with JavaScript: the button is disabled while the request is on its way, one member, the password shown', async () => {
    const { page, watch } = await person('13800000000', true);
    await fillEnrolment(page, '13655550101');
    const posts = await slowPosts(page, '/admin/members');
    const button = page.locator('form[action="/admin/members"] button[type="submit"]');
    await button.dblclick();
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await page.locator('form[action="/admin/members"]').getAttribute('aria-busy')).toBe('true');
    await expect.poll(() => passwordShown(page), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expect(posts).toHaveLength(1);
    expect(await page.locator('.form-error, .field-error').count()).toBe(0);
    // the member list has the person once
    await page.goto('/admin/members?q=13655550101');
    expect(await page.locator('main', { hasText: '双击测试' }).count()).toBe(1);
    expect(await page.getByText('双击测试', { exact: true }).count()).toBe(1);
    expect(watch.problems).toEqual([]);
  });

  test('without JavaScript: both clicks reach the server, the repeat answers with the same one-time password', async () => {
    const { page, watch } = await person('13800000000', false);
    await fillEnrolment(page, '13655550102');
    const posts = await slowPosts(page, '/admin/members', 300);
    await page.locator('form[action="/admin/members"] button[type="submit"]').dblclick();
    await page.waitForLoadState('load');
    await expect.poll(() => passwordShown(page), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expect(await page.getByText('该手机号已登记。').count()).toBe(0);
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts).size).toBe(1);
    expect(watch.problems).toEqual([]);
  });

  test('an htmx form: a double click on “join” sends one request and the page shows the success, not “already a member”', async () => {
    const { page, watch } = await person('13900000003', true);
    // the first club this gold member may join, on its confirmation step
    let action = '';
    for (let id = 1; id <= 10 && !action; id++) {
      await page.goto(`/clubs/${id}/join`);
      if (await page.locator(`form[action="/clubs/${id}/join"]`).count()) action = `/clubs/${id}/join`;
    }
    expect(action).not.toBe('');
    const join = page.locator(`form[action="${action}"]`);
    const posts = await slowPosts(page, action);
    await join.locator('button[type="submit"]').dblclick();
    await expect.poll(() => page.locator('main .flash').first().textContent(), { timeout: 10_000 }).toMatch(/./);
    expect(posts).toHaveLength(1);
    expect(await page.locator('main .flash-info').count()).toBe(0);
    expect(await page.locator('main .flash-success').count()).toBe(1);
    expect(watch.problems).toEqual([]);
  });
});
