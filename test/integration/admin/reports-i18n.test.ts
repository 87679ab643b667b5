import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { seedProgramme, type Programme } from './reports-fixtures';

let ctx: TestContext;
let w: Programme;
beforeEach(async () => {
  ctx = await createTestContext();
  w = await seedProgramme(ctx);
});
afterEach(() => ctx.close());

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** The visible text, leaving out the language switch and people's names (typed data, legitimately Chinese). */
function visibleText(html: string, names: string[]): string {
  let text = html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ');
  for (const n of names) text = text.split(n).join(' ');
  return text;
}

const PAGES = ['/admin', '/admin/capacity', '/admin/reports', '/admin/reports/lounges', '/admin/reports/satisfaction', '/admin/reports?from=2026-13'];

describe('dashboard, capacity and reports in both languages', () => {
  for (const path of PAGES) {
    it(`${path}: no Chinese in English, no untranslated key in Chinese`, async () => {
      const client = new TestClient(ctx);
      await client.signIn(w.admin.phone);
      const sep = path.includes('?') ? '&' : '?';
      const en = await (await client.get(`${path}${sep}lang=en`)).text();
      const text = visibleText(en, [w.admin.name]);
      expect(text.match(CJK)?.[0], `${path}: ${text.slice(Math.max(0, text.search(CJK) - 60), text.search(CJK) + 60)}`).toBeUndefined();
      const zh = await (await client.get(`${path}${sep}lang=zh`)).text();
      expect(visibleText(zh, []).match(/\b[a-z]+\.[a-zA-Z_.]+[a-z]\b/g) ?? []).toEqual([]);
    });
  }
});
