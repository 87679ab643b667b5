import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, watchForErrors } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

/** The public front page in a real browser: on a phone and a desktop, in both languages, and its way in. */
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

describe('the front page for signed-out visitors', () => {
  for (const [width, height] of [
    [390, 844],
    [1280, 900],
  ] as const) {
    for (const lang of ['zh', 'en'] as const) {
      test(`${width} px, ${lang}: no sideways scroll, one h1 and a heading per section`, async () => {
        const context = await browser!.newContext({ viewport: { width, height }, baseURL: server!.baseUrl });
        try {
          const page = await context.newPage();
          const watch = watchForErrors(page);
          await page.goto(`/?lang=${lang}`);
          // (a string: the test code is compiled without the DOM types)
          expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
          expect(await page.locator('main h1').count()).toBe(1);
          expect(await page.locator('main section[aria-labelledby] > h2').count()).toBe(5);
          expect(await page.locator('.front-tier').count()).toBe(4);
          expect(await page.locator('a[href^="/login?next=%2Fevents%2F"]').count()).toBeGreaterThan(0);
          expect(watch.problems).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }

  test('"sign in to register" comes back to the event after signing in', async () => {
    const context = await browser!.newContext({ viewport: { width: 390, height: 844 }, baseURL: server!.baseUrl, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto('/');
      const link = page.locator('a[href^="/login?next=%2Fevents%2F"]').first();
      const next = decodeURIComponent(new URL((await link.getAttribute('href'))!, server!.baseUrl).searchParams.get('next')!);
      await link.click();
      await page.waitForURL((u) => u.pathname === '/login');
      const form = page.locator('form[action="/login"]');
      await form.locator('input[name="phone"]').fill('13900000003');
      await form.locator('input[name="password"]').fill('demo-pass-2026');
      await form.locator('button[type="submit"]').click();
      await page.waitForURL((u) => u.pathname === next);
      expect(new URL(page.url()).pathname).toBe(next);
    } finally {
      await context.close();
    }
  });
});
