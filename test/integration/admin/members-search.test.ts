import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema';
import { parsePeopleQuery, peopleStatements, type PeopleQuery } from '../../../src/admin/members';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin', phone: '13800000000', name: '管理员' });
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

/** The names in the result table, in order. */
function names(html: string): string[] {
  const section = /<section id="people"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<th scope="row"><a href="\/admin\/members\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

async function people() {
  await createUser(ctx, { phone: '13912340042', name: '王芳', tierCode: 'gold' });
  await createUser(ctx, { phone: '13912349999', name: '王小明', tierCode: 'diamond' });
  await createUser(ctx, { phone: '13698760042', name: '李四', tierCode: 'silver', disabledAt: ctx.clock.now() });
  await createUser(ctx, { phone: '15000001234', name: 'Anna Wang', tierCode: 'platinum', locale: 'en' });
  await createUser(ctx, { phone: '13700000001', name: '赵协调', role: 'coordinator' });
  await createUser(ctx, { phone: '13700000002', name: '钱服务', role: 'lounge_staff' });
}

describe('searching members and staff', () => {
  it('finds by the whole number, the last four digits or the start of the number', async () => {
    await people();
    expect(names(await (await admin.get('/admin/members?q=139+1234+0042')).text())).toEqual(['王芳']);
    expect(names(await (await admin.get('/admin/members?q=0042')).text())).toEqual(['李四', '王芳']);
    expect(names(await (await admin.get('/admin/members?q=139')).text())).toEqual(['王芳', '王小明']);
    expect(names(await (await admin.get('/admin/members?q=1391234')).text())).toEqual(['王芳', '王小明']);
    expect(names(await (await admin.get('/admin/members?q=%2B86+150')).text())).toEqual(['Anna Wang']);
    expect(names(await (await admin.get('/admin/members?q=49999')).text())).toEqual([]); // the start, not the end
    expect(names(await (await admin.get('/admin/members?q=123456789012')).text())).toEqual([]);
  });

  it('finds by part of a name (starting matches first) and by the card code', async () => {
    await people();
    expect(names(await (await admin.get('/admin/members?q=王')).text())).toEqual(['王小明', '王芳']);
    expect(names(await (await admin.get('/admin/members?q=wang')).text())).toEqual(['Anna Wang']);
    expect(names(await (await admin.get('/admin/members?q=%25')).text())).toEqual([]); // LIKE wildcards are literal
    const [anna] = await ctx.deps.db.select({ code: users.cardCode }).from(users).where(eq(users.name, 'Anna Wang'));
    const card = `${anna!.code.slice(0, 4).toLowerCase()}-${anna!.code.slice(4)}`;
    expect(names(await (await admin.get(`/admin/members?q=${card}`)).text())).toEqual(['Anna Wang']);
  });

  it('filters by role, tier and status, newest first without a search', async () => {
    await people();
    expect(names(await (await admin.get('/admin/members?role=coordinator')).text())).toEqual(['赵协调']);
    expect(names(await (await admin.get('/admin/members?role=lounge_staff')).text())).toEqual(['钱服务']);
    expect(names(await (await admin.get('/admin/members?tier=gold')).text())).toEqual(['王芳']);
    expect(names(await (await admin.get('/admin/members?status=disabled')).text())).toEqual(['李四']);
    expect(names(await (await admin.get('/admin/members?q=0042&status=active')).text())).toEqual(['王芳']);
    expect(names(await (await admin.get('/admin/members?q=139&tier=diamond&role=member')).text())).toEqual(['王小明']);
    const all = await (await admin.get('/admin/members')).text();
    expect(names(all)).toEqual(['钱服务', '赵协调', 'Anna Wang', '李四', '王小明', '王芳', '管理员']);
    expect(all).toContain('<small>共 7 人</small>');
    expect(all).toContain('已停用（2026年11月26日周四起）');
    // unknown filter values fall back to "any"
    expect(names(await (await admin.get('/admin/members?role=boss&status=gone&tier=%3Cb%3E')).text())).toHaveLength(7);
  });

  it('is a GET form that htmx submits as you type, replacing only the results and keeping the address', async () => {
    const html = await (await admin.get('/admin/members?q=%E7%8E%8B&lang=en')).text();
    expect(html).toMatch(/<form method="get" action="\/admin\/members" role="search" class="filters" data-hx-get="\/admin\/members" data-hx-trigger="input delay:250ms, change" data-hx-target="#people" data-hx-select="#people" data-hx-swap="outerHTML" data-hx-push-url="true">/);
    expect(html).toContain('<input id="f-q" name="q" type="search" value="王"');
    expect(html).toContain('<label for="f-role">Role');
    expect(html).toContain('<h1>Members and staff</h1>');
    expect(html).toContain('<small>0 people</small>');
  });

  it('pages 50 at a time with an exact count up to 1,000', async () => {
    await ctx.deps.client.execute({
      sql: `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 120)
        INSERT INTO users (phone, name, password_hash, role, tier_code, locale, card_code, created_at, updated_at)
        SELECT '1350000' || printf('%04d', n), '会员' || printf('%03d', n), 'x', 'member', 'gold', 'zh', 'P' || printf('%07d', n), ?, ? FROM seq`,
      args: [ctx.clock.now(), ctx.clock.now()],
    });
    const first = await (await admin.get('/admin/members?q=1350000')).text();
    expect(names(first)).toHaveLength(50);
    expect(names(first)[0]).toBe('会员001');
    expect(first).toContain('<small>共 120 人</small>');
    expect(first).toContain('<span>第 1 / 3 页</span>');
    expect(first).toContain('<a href="/admin/members?q=1350000&amp;page=2">下一页</a>');
    const last = await (await admin.get('/admin/members?q=1350000&page=3')).text();
    expect(names(last)).toEqual(Array.from({ length: 20 }, (_, i) => `会员${101 + i}`));
    expect(last).toContain('<span>第 3 / 3 页</span>');
    expect(last).not.toContain('下一页');
    const beyond = await (await admin.get('/admin/members?q=1350000&page=9')).text();
    expect(beyond).toContain('这一页没有内容。');
    expect(beyond).toContain('href="/admin/members?q=1350000"');
  });
});

describe('at 100,000 people', () => {
  /** Every step of the plan SQLite chooses for a statement. */
  async function plan(statement: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
    const { sql, params } = statement.toSQL();
    const result = await ctx.deps.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never });
    return result.rows.map((r) => String(r.detail));
  }
  const query = (q: string, extra: Partial<PeopleQuery> = {}): PeopleQuery => ({ ...parsePeopleQuery(new URLSearchParams()), q, ...extra });

  it('answers phone searches from indexes (no scan of users) and counts no further than 1,000', async () => {
    const now = ctx.clock.now();
    // one statement: 100,000 members 13900000001 … 13900100000
    await ctx.deps.client.execute({
      sql: `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 100000)
        INSERT INTO users (phone, name, password_hash, role, tier_code, locale, card_code, created_at, updated_at)
        SELECT '139' || printf('%08d', n), '会员' || n, 'x', 'member', CASE n % 4 WHEN 0 THEN 'silver' WHEN 1 THEN 'gold' WHEN 2 THEN 'platinum' ELSE 'diamond' END,
          'zh', 'C' || printf('%07d', n), ?, ? FROM seq`,
      args: [now, now],
    });
    const db = ctx.deps.db;
    const cases: Array<[string, PeopleQuery, RegExp]> = [
      ['11 digits', query('13900054321'), /SEARCH users USING (COVERING )?INDEX users_phone_unique \(phone=\?\)/],
      ['last four', query('0042'), /SEARCH users USING (COVERING )?INDEX users_phone_last4_idx \(<expr>=\?\)/],
      ['a prefix', query('1390001'), /SEARCH users USING (COVERING )?INDEX users_phone_unique \(phone>\? AND phone<\?\)/],
      ['a short prefix', query('139'), /SEARCH users USING (COVERING )?INDEX users_phone_unique \(phone>\? AND phone<\?\)/],
      ['last four with filters', query('0042', { role: 'member', tier: 'gold', status: 'active' }), /SEARCH users USING (COVERING )?INDEX users_phone_last4_idx/],
      ['a prefix with filters', query('13900012', { role: 'member', tier: 'gold', status: 'disabled' }), /SEARCH users USING (COVERING )?INDEX users_phone_unique \(phone>\? AND phone<\?\)/],
    ];
    for (const [name, q, expected] of cases) {
      const { rows, counted } = peopleStatements(db, q);
      for (const [which, statement] of [['page', rows], ['count', counted]] as const) {
        const steps = await plan(statement);
        expect(steps.join(' | '), `${name} (${which})`).toMatch(expected);
        expect(steps.filter((s) => /^SCAN users\b/.test(s)), `${name} (${which}): ${steps.join(' | ')}`).toEqual([]);
      }
    }
    // part of a name: the people whose name has its first character, from the index of name characters, never
    // every name; the count too
    for (const q of [query('员4242'), query('员4242', { role: 'member', tier: 'gold', status: 'active' })]) {
      const { rows, counted } = peopleStatements(db, q);
      for (const statement of [rows, counted]) {
        const steps = (await plan(statement)).join(' | ');
        expect(steps).toMatch(/SEARCH user_name_chars USING (COVERING )?INDEX sqlite_autoindex_user_name_chars_1 \(ch=\?\)/);
        expect(steps).not.toMatch(/SCAN users\b/);
      }
    }
    expect(names(await (await admin.get(`/admin/members?q=${encodeURIComponent('员4242')}`)).text())).toEqual(['会员4242', ...Array.from({ length: 10 }, (_, i) => `会员4242${i}`)]);
    // a prefix is read in phone order from the index itself: no sorting of everyone who starts with 1390…
    expect((await plan(peopleStatements(db, query('13900')).rows)).join(' | ')).not.toContain('TEMP B-TREE');
    // without a search the page is read newest first from the rowid, and the count stops at 1,001 rows
    const plain = peopleStatements(db, query(''));
    expect((await plan(plain.rows)).join(' | ')).not.toContain('TEMP B-TREE');
    expect(plain.counted.toSQL().sql).toMatch(/limit \?\)/i);

    // and the pages answer with what those plans find
    const exact = await (await admin.get('/admin/members?q=13900054321')).text();
    expect(names(exact)).toEqual(['会员54321']);
    const last4 = await (await admin.get('/admin/members?q=0042')).text();
    expect(names(last4)).toEqual(['会员42', '会员10042', '会员20042', '会员30042', '会员40042', '会员50042', '会员60042', '会员70042', '会员80042', '会员90042']);
    expect(last4).toContain('<small>共 10 人</small>');
    const broad = await (await admin.get('/admin/members?q=1390001')).text();
    expect(names(broad)).toHaveLength(50);
    expect(broad).toContain('<small>超过 1000 人，请输入更多内容缩小范围</small>');
    expect(broad).toContain('<span>第 1 页</span>');
    expect(broad).toContain('<a href="/admin/members?q=1390001&amp;page=2">下一页</a>');
    const everyone = await (await admin.get('/admin/members?page=2&lang=en')).text();
    expect(everyone).toContain('<small>More than 1000 people: type more to narrow the search</small>');
    expect(names(everyone)[0]).toBe('会员99950');
  }, 60_000);
});
