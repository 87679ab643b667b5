import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { request, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { launchBrowser, watchForErrors, type ErrorWatch } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const PASSWORD = 'demo-pass-2026';
const DIAMOND = { phone: '13900000001', name: '吴国华' };
const SILVER = { phone: '13900000004', name: '黄小燕' };
const WRONG_PASSWORD_MESSAGE = '手机号或服务密码不正确。';
/** Failure screenshots land here (ignored by git). */
const ARTIFACTS = resolve(import.meta.dirname, '../../.tmp/e2e');

let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  const [started, launched] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (started.status === 'fulfilled') server = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  if (started.status === 'rejected') throw started.reason;
  if (launched.status === 'rejected') throw launched.reason;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function baseUrl(): string {
  if (!server) throw new Error('server not started');
  return server.baseUrl;
}

/**
 * A fresh browser context (own cookies) per test, closed when the test ends. The browser asks for
 * Chinese (Accept-Language: zh-CN) like our members' phones do: without a cookie the app follows it.
 */
async function openPage(t: TestContext, javaScriptEnabled: boolean): Promise<{ page: Page; watch: ErrorWatch }> {
  if (!browser) throw new Error('browser not launched');
  const context = await browser.newContext({ javaScriptEnabled, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: baseUrl() });
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

/**
 * The account's stored language is applied at sign-in (a ?lang= link only changes the page, never the account);
 * set it to Chinese over HTTP first (POST /account/language) so every test starts from the same state.
 */
async function resetAccountLanguage(phone: string): Promise<void> {
  const api = await request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { Origin: baseUrl() } });
  try {
    const signIn = await api.post('/login', { form: { phone, password: PASSWORD }, maxRedirects: 0 });
    expect(signIn.status(), 'fixture sign-in').toBe(303);
    expect((await api.post('/account/language', { form: { locale: 'zh' }, maxRedirects: 0 })).status(), 'fixture language').toBe(303);
    expect((await api.post('/logout', { maxRedirects: 0 })).status(), 'fixture sign-out').toBe(303);
  } finally {
    await api.dispose();
  }
}

const isPath = (path: string) => (url: URL) => url.pathname + url.search === path;

async function fillSignIn(page: Page, phone: string, password: string): Promise<void> {
  const form = page.locator('form[action="/login"]');
  await form.locator('input[name="phone"]').fill(phone);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}

/** Marks the current document; the mark survives only if htmx swapped the next page in (no full load). */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __e2eMark?: string }).__e2eMark = 'still-here';
  });
}
async function documentIsMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __e2eMark?: string }).__e2eMark === 'still-here');
}

async function expectSignedInMemberHome(page: Page, tierName: string, memberName: string): Promise<void> {
  const card = page.locator('section.tier-card');
  await card.waitFor();
  expect(await card.locator('h2.tier-card-tier').textContent()).toContain(tierName);
  expect(await card.textContent()).toContain(memberName);
  expect(await card.locator('svg.qr[role="img"]').count()).toBe(1);
  expect(await card.getByRole('img').getAttribute('aria-label')).toBeTruthy();
}

describe('member sign-in, language and sign-out', () => {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'with JavaScript (htmx boost)' : 'without JavaScript';

    test(`diamond member ${mode}`, async (t) => {
      await resetAccountLanguage(DIAMOND.phone);
      const { page, watch } = await openPage(t, javaScriptEnabled);

      // The sign-in page, in Chinese for a Chinese browser
      const loginResponse = await page.goto('/login');
      expect(loginResponse?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('main h1').textContent()).toBe('登录');
      if (javaScriptEnabled) {
        expect(await page.evaluate(() => typeof (globalThis as unknown as { htmx?: unknown }).htmx)).toBe('object');
        await markDocument(page);
      }

      // A wrong password: the form comes back with the message and the phone number kept
      await fillSignIn(page, DIAMOND.phone, 'not-the-password');
      const formError = page.locator('form[action="/login"] [role="alert"]');
      await formError.waitFor();
      expect(await formError.textContent()).toBe(WRONG_PASSWORD_MESSAGE);
      expect(page.url()).toBe(`${baseUrl()}/login`);
      expect(await page.locator('form[action="/login"] input[name="phone"]').inputValue()).toBe(DIAMOND.phone);
      expect(await page.locator('form[action="/login"] input[name="password"]').inputValue()).toBe('');

      // The right password: the membership card on the home page
      await fillSignIn(page, DIAMOND.phone, PASSWORD);
      await page.waitForURL(isPath('/'));
      await expectSignedInMemberHome(page, '钻石卡', DIAMOND.name);
      expect(await page.locator('main h1').textContent()).toContain(DIAMOND.name);
      if (javaScriptEnabled) {
        // both form posts were boosted: htmx swapped the pages in, the document never reloaded
        expect(await documentIsMarked(page)).toBe(true);
      }

      // Switch to English (a full page load, so <html lang> changes)
      await page.locator('a[hreflang="en"]').click();
      await page.waitForURL(isPath('/?lang=en'));
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('main h1').textContent()).toContain('Hello');
      await expectSignedInMemberHome(page, 'Diamond', DIAMOND.name);
      if (javaScriptEnabled) expect(await documentIsMarked(page)).toBe(false);

      // Still English after a reload, and on a URL without ?lang= (the cookie remembers it)
      await page.reload();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('main h1').textContent()).toContain('Hello');
      await page.goto('/');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('section.tier-card h2.tier-card-tier').textContent()).toContain('Diamond');
      const langCookie = (await page.context().cookies()).find((c) => c.name === 'vip_lang');
      expect(langCookie?.value).toBe('en');

      // Sign out from the header: the landing page with a way back in
      if (javaScriptEnabled) await markDocument(page);
      const signOut = page.locator('header form[action="/logout"] button[type="submit"]');
      expect((await signOut.textContent())?.trim()).toBe('Sign out');
      await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/logout'), signOut.click()]);
      await page.waitForURL(isPath('/'));
      const signInLink = page.locator('main a[href="/login"]');
      await signInLink.waitFor();
      expect(await page.locator('section.tier-card').count()).toBe(0);
      expect(await page.locator('form[action="/logout"]').count()).toBe(0);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      if (javaScriptEnabled) expect(await documentIsMarked(page)).toBe(true);

      // Signed out for real: the member hub sends us to sign in
      await page.goto('/me');
      await page.waitForURL(isPath('/login?next=%2Fme'));
      expect(page.url()).toContain('/login?next=%2Fme');
      await page.locator('form[action="/login"]').waitFor();

      expect(watch.problems).toEqual([]);
      // the only failed responses are the deliberate wrong password
      expect(watch.httpErrors).toEqual(['401 /login']);
    });
  }

  test('silver member sees 银卡 and gets the 403 page for /admin while staying signed in', async (t) => {
    await resetAccountLanguage(SILVER.phone);
    const { page, watch } = await openPage(t, true);

    await page.goto('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await fillSignIn(page, SILVER.phone, PASSWORD);
    await page.waitForURL(isPath('/'));
    await expectSignedInMemberHome(page, '银卡', SILVER.name);

    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    expect(page.url()).toBe(`${baseUrl()}/admin`);
    expect(await page.locator('main h1').textContent()).toBe('无权访问');
    // still signed in: the header keeps the account and the sign-out button
    expect(await page.locator('header .account-link').textContent()).toContain(SILVER.name);
    expect(await page.locator('header form[action="/logout"]').count()).toBe(1);

    await page.goto('/');
    await expectSignedInMemberHome(page, '银卡', SILVER.name);

    expect(watch.problems).toEqual([]);
    expect(watch.httpErrors).toEqual(['403 /admin']);
  });
});
