import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { visitedPages } from './html-check';

/** The system Chromium (Debian's `chromium` package); the tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium. playwright-core gives every launch a fresh, empty temporary profile
 * and removes it on close. The HTML of every document its pages load is kept for the Nu Html Checker.
 */
export async function launchBrowser(): Promise<Browser> {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH} (or not executable). Install it (Debian: apt-get install chromium) ` +
        'or point CHROMIUM_PATH at a Chromium/Chrome binary. The tests never download a browser.',
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  // every page of every context is collected for the Nu Html Checker (test/helpers/html-check-setup.ts checks them per file)
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    visitedPages.watch(context);
    return context;
  };
  return browser;
}

export interface ErrorWatch {
  /** console errors (CSP violations arrive as console errors) and uncaught exceptions */
  problems: string[];
  /** responses Chromium reported as failed, as "<status> <path>", e.g. "401 /login"; tests list the ones they expect */
  httpErrors: string[];
}

const FAILED_RESOURCE = /^Failed to load resource: the server responded with a status of (\d{3})\b/;

/**
 * Records what must never happen on our pages. Chromium also reports every 4xx/5xx response as a
 * console error; those go to `httpErrors` instead, so a test can assert exactly the ones it provoked.
 */
export function watchForErrors(page: Page): ErrorWatch {
  const watch: ErrorWatch = { problems: [], httpErrors: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location();
    const failed = FAILED_RESOURCE.exec(message.text());
    if (failed && where.url) {
      const url = new URL(where.url);
      watch.httpErrors.push(`${failed[1]} ${url.pathname}${url.search}`);
      return;
    }
    watch.problems.push(`console error: ${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''} on ${page.url()}`);
  });
  page.on('pageerror', (error) => {
    watch.problems.push(`page error: ${error.message} on ${page.url()}`);
  });
  return watch;
}

/** Signs in through the sign-in form and waits until the app has left /login. */
export async function signIn(page: Page, phone: string, password: string, lang: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.goto(`/login?lang=${lang}`);
  await page.locator('form[action="/login"] input[name="phone"]').fill(phone);
  await page.locator('form[action="/login"] input[name="password"]').fill(password);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** On a lounge's booking page, chooses the first open arrival time: today's if one is left, else tomorrow's (picked in the day list). */
export async function chooseFirstOpenSlot(page: Page): Promise<void> {
  const open = page.locator('input[name="slot"]:not([disabled])');
  if ((await open.count()) === 0) {
    const next = await page.locator('#f-day option').nth(1).getAttribute('value');
    await page.locator('#f-day').selectOption(next!);
    await page.waitForURL(new RegExp(`day=${next}`));
    await open.first().waitFor();
  }
  await open.first().check();
}

/** Books the first open slot in the named lounge, today or else tomorrow, through the Chinese pages; ends on the pass. */
export async function bookFirstOpenSlot(page: Page, lounge: string): Promise<void> {
  await page.goto('/lounges');
  await page.locator('article', { hasText: lounge }).getByRole('button', { name: '预约到访' }).click();
  await page.waitForURL(/\/lounges\/\d+/);
  await chooseFirstOpenSlot(page);
  await page.getByRole('button', { name: '下一步：确认' }).click();
  await page.waitForURL(/\/lounges\/\d+\/book\?/);
  await page.getByRole('button', { name: '确认预约' }).click();
  await page.waitForURL(/\/lounges\/passes\//);
}
