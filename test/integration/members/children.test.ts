import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { dependents } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(role: 'member' | 'coordinator' | 'lounge_staff' | 'admin' = 'member') {
  const user = await createUser(ctx, { role });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function childrenOf(userId: number) {
  return ctx.deps.db
    .select({ id: dependents.id, name: dependents.name, birthYear: dependents.birthYear })
    .from(dependents)
    .where(eq(dependents.userId, userId))
    .orderBy(asc(dependents.id));
}

async function addChildRow(userId: number, name: string, birthYear: number) {
  const [row] = await ctx.deps.db.insert(dependents).values({ userId, name, birthYear, createdAt: ctx.clock.now() }).returning();
  return row!;
}

const allChildren = async () => (await ctx.deps.db.select({ n: count() }).from(dependents))[0]!.n;

describe('the children section of the account page', () => {
  it('is shown to a member, empty at first, with a form to add a child', async () => {
    const { client } = await signedIn();
    const res = await client.get('/account');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<article id="children" aria-labelledby="children-title"><h2 id="children-title">我的孩子</h2>');
    expect(html).toContain('<form method="post" action="/account/children" class="child-form" novalidate="">');
    expect(html).toContain('id="child-new-name" name="name"');
    expect(html).toContain('id="child-new-year" name="birthYear" type="number"');
    expect(html).not.toContain('action="/account/children/');
  });

  it('lists the member’s own children (youngest last) with an edit and a remove form each, and nobody else’s', async () => {
    const { user, client } = await signedIn();
    const other = await createUser(ctx);
    const younger = await addChildRow(user.id, '王小二', 2019);
    const older = await addChildRow(user.id, '王小大', 2012);
    await addChildRow(other.id, '别人家的孩子', 2015);
    const html = await (await client.get('/account')).text();
    expect(html).toContain(`<form method="post" action="/account/children/${older.id}" class="child-form" novalidate="">`);
    expect(html).toContain(`<form method="post" action="/account/children/${younger.id}" class="child-form" novalidate="">`);
    expect(html).toContain(`formaction="/account/children/${younger.id}/delete"`);
    expect(html).toContain('value="王小大"');
    expect(html).toContain('value="2012"');
    expect(html).toContain('value="王小二"');
    expect(html).toContain('value="2019"');
    expect(html.indexOf('王小大')).toBeLessThan(html.indexOf('王小二'));
    expect(html).not.toContain('别人家的孩子');
  });

  it('is not shown to staff, who cannot add children either (403)', async () => {
    for (const role of ['coordinator', 'lounge_staff', 'admin'] as const) {
      const { user, client } = await signedIn(role);
      const page = await client.get('/account');
      expect(page.status, role).toBe(200);
      const html = await page.text();
      expect(html, role).not.toContain('id="children"');
      expect(html, role).not.toContain('我的孩子');
      const add = await client.post('/account/children', { name: '小明', birthYear: '2018' });
      expect(add.status, role).toBe(403);
      expect(await childrenOf(user.id), role).toEqual([]);
    }
    expect(await allChildren()).toBe(0);
  });

  it('sends a signed-out visitor to sign in and writes nothing', async () => {
    const res = await new TestClient(ctx).post('/account/children', { name: '小明', birthYear: '2018' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2F');
    expect(await allChildren()).toBe(0);
  });
});

describe('adding a child', () => {
  it('adds the child to the member’s own account and says so', async () => {
    const { user, client } = await signedIn();
    const sister = await addChildRow(user.id, '李小妹', 2018);
    const res = await client.post('/account/children', { name: '  李小龙  ', birthYear: ' 2015 ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account#children');
    const rows = await childrenOf(user.id);
    expect(rows).toEqual([
      { id: sister.id, name: '李小妹', birthYear: 2018 },
      { id: rows[1]!.id, name: '李小龙', birthYear: 2015 },
    ]);
    const page = await client.get('/account');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<p class="flash flash-success" role="status">已添加 李小龙。</p>');
    expect(html).toContain(`action="/account/children/${rows[1]!.id}"`);
    expect(html).toContain('value="李小龙"');
  });

  it('shows the account page of a member with exactly one child', async () => {
    const { user, client } = await signedIn();
    const res = await client.post('/account/children', { name: '李小龙', birthYear: '2015' });
    expect(res.status).toBe(303);
    const [child] = await childrenOf(user.id);
    expect(child).toMatchObject({ name: '李小龙', birthYear: 2015 });
    // /me, which passes the list under another prop name, is fine
    const me = await client.get('/me');
    expect(me.status).toBe(200);
    expect(await me.text()).toMatch(/<li>李小龙 · [^<]*2015[^<]*<\/li>/);
    // (a list passed as a prop named `children` was once unwrapped by hono/jsx to its single item: a 500)
    const account = await client.get('/account');
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(`action="/account/children/${child!.id}"`);
  });

  it('accepts a child born this year and one turning 17 this year', async () => {
    const { user, client } = await signedIn();
    expect((await client.post('/account/children', { name: '新生儿', birthYear: '2026' })).status).toBe(303);
    expect((await client.post('/account/children', { name: '高中生', birthYear: '2009' })).status).toBe(303);
    expect((await childrenOf(user.id)).map((c) => c.birthYear)).toEqual([2026, 2009]);
  });

  it('escapes a name with quotes and ampersands wherever it is shown', async () => {
    const { user, client } = await signedIn();
    await addChildRow(user.id, '大宝', 2012);
    expect((await client.post('/account/children', { name: '"阿宝" & 小宝', birthYear: '2016' })).status).toBe(303);
    const accountPage = await client.get('/account');
    expect(accountPage.status).toBe(200);
    const account = await accountPage.text();
    expect(account).toContain('已添加 &quot;阿宝&quot; &amp; 小宝。');
    expect(account).toContain('value="&quot;阿宝&quot; &amp; 小宝"');
    const me = await (await client.get('/me')).text();
    expect(me).toContain('&quot;阿宝&quot; &amp; 小宝');
  });

  const bad: Array<[string, Record<string, string>, string, string]> = [
    ['a birth year in the future', { name: '小明', birthYear: '2027' }, 'birthYear', '出生年份不能晚于今年。'],
    ['a child who turns 18 this year', { name: '小明', birthYear: '2008' }, 'birthYear', '这里只登记未满18岁的孩子。'],
    ['an adult', { name: '小明', birthYear: '1990' }, 'birthYear', '这里只登记未满18岁的孩子。'],
    ['a year that is not a whole number', { name: '小明', birthYear: '2015.5' }, 'birthYear', '请输入整数。'],
    ['a year that is not a number', { name: '小明', birthYear: 'twenty' }, 'birthYear', '请输入整数。'],
    ['a missing year', { name: '小明', birthYear: '' }, 'birthYear', '此项必填。'],
    ['an implausibly early year', { name: '小明', birthYear: '1899' }, 'birthYear', '不能小于 1900。'],
    ['a missing name', { birthYear: '2015' }, 'name', '此项必填。'],
    ['a blank name', { name: '   ', birthYear: '2015' }, 'name', '此项必填。'],
    ['a name over 40 characters', { name: '长'.repeat(41), birthYear: '2015' }, 'name', '最多 40 个字符，现在有 41 个。'],
    ['markup in the name', { name: '<b>小明</b>', birthYear: '2015' }, 'name', '不能包含 &lt; 或 &gt; 字符。'],
  ];
  for (const [what, form, field, message] of bad) {
    it(`refuses ${what} with 422, the message at the field and the input kept`, async () => {
      const { user, client } = await signedIn();
      const res = await client.post('/account/children', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      const id = field === 'name' ? 'child-new-name' : 'child-new-year';
      expect(html).toContain(`<small id="${id}-error" class="field-error">${message}</small>`);
      expect(html).toContain(`id="${id}"`);
      if (field === 'birthYear') {
        expect(html).toContain('value="小明"');
        if (form.birthYear) expect(html).toContain(`value="${form.birthYear}"`);
      } else {
        expect(html).toContain('value="2015"');
      }
      expect(html).not.toContain('<b>小明</b>');
      expect(await childrenOf(user.id)).toEqual([]);
    });
  }

  it('refuses an unexpected extra field (422) and writes nothing', async () => {
    const { user, client } = await signedIn();
    const res = await client.post('/account/children', { name: '小明', birthYear: '2015', userId: '1' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('表单包含无法识别的内容，请刷新页面后重试。');
    expect(await childrenOf(user.id)).toEqual([]);
  });

  it('gives the messages in English on an English page', async () => {
    const { client } = await signedIn();
    const future = await client.post('/account/children?lang=en', { name: 'Tom', birthYear: '2030' });
    expect(future.status).toBe(422);
    const html = await future.text();
    expect(html).toContain('<h2 id="children-title">My children</h2>');
    expect(html).toContain('The year of birth cannot be in the future.');
    const adult = await client.post('/account/children?lang=en', { name: 'Tom', birthYear: '2000' });
    expect(await adult.text()).toContain('Only children under 18 can be added here.');
  });

  it('allows at most 10 children', async () => {
    const { user, client } = await signedIn();
    for (let i = 1; i <= 10; i++) {
      const res = await client.post('/account/children', { name: `孩子${i}`, birthYear: String(2010 + (i % 5)) });
      expect(res.status, `child ${i}`).toBe(303);
    }
    const res = await client.post('/account/children', { name: '第十一个', birthYear: '2020' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="form-error" role="alert">最多登记 10 个孩子。</p>');
    expect(html).toContain('value="第十一个"');
    expect(await childrenOf(user.id)).toHaveLength(10);
    // another member's limit is their own
    const { user: other, client: otherClient } = await signedIn();
    expect((await otherClient.post('/account/children', { name: '小明', birthYear: '2020' })).status).toBe(303);
    expect(await childrenOf(other.id)).toHaveLength(1);
    // removing one makes room again
    const first = (await childrenOf(user.id))[0]!;
    expect((await client.post(`/account/children/${first.id}/delete`, {})).status).toBe(303);
    expect((await client.post('/account/children', { name: '第十一个', birthYear: '2020' })).status).toBe(303);
    expect(await childrenOf(user.id)).toHaveLength(10);
  });

  it('keeps to 10 children when two adds arrive at once', async () => {
    const { user, client } = await signedIn();
    for (let i = 1; i <= 9; i++) await addChildRow(user.id, `孩子${i}`, 2015);
    const results = await Promise.all([
      client.post('/account/children', { name: '甲', birthYear: '2020' }),
      client.post('/account/children', { name: '乙', birthYear: '2020' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
    expect(await childrenOf(user.id)).toHaveLength(10);
  });

  it('uses the programme’s time zone for "this year"', async () => {
    ctx.close();
    // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Asia/Shanghai
    ctx = await createTestContext({ now: Date.UTC(2026, 11, 31, 16, 30) });
    const { user, client } = await signedIn();
    await addChildRow(user.id, '大宝', 2012);
    expect((await client.post('/account/children', { name: '元旦宝宝', birthYear: '2027' })).status).toBe(303);
    const adult = await client.post('/account/children', { name: '小明', birthYear: '2009' });
    expect(adult.status).toBe(422);
    expect(await adult.text()).toContain('这里只登记未满18岁的孩子。');
    expect((await childrenOf(user.id)).map((c) => c.birthYear)).toEqual([2012, 2027]);
  });
});

describe('changing and removing a child', () => {
  it('updates the member’s own child and says so', async () => {
    const { user, client } = await signedIn();
    const sister = await addChildRow(user.id, '小红', 2013);
    const child = await addChildRow(user.id, '小明', 2015);
    const res = await client.post(`/account/children/${child.id}`, { name: '王小明', birthYear: '2016' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account#children');
    expect(await childrenOf(user.id)).toEqual([
      { id: sister.id, name: '小红', birthYear: 2013 },
      { id: child.id, name: '王小明', birthYear: 2016 },
    ]);
    const page = await client.get('/account');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<p class="flash flash-success" role="status">已保存。</p>');
    expect(html).toContain('value="王小明"');
    expect(html).toContain('value="2016"');
  });

  it('refuses a bad change with 422 at that child’s form, keeping the typed values and the stored row', async () => {
    const { user, client } = await signedIn();
    const keep = await addChildRow(user.id, '小红', 2013);
    const child = await addChildRow(user.id, '小明', 2015);
    const res = await client.post(`/account/children/${child.id}`, { name: '小明明', birthYear: '2007' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<small id="child-${child.id}-year-error" class="field-error">这里只登记未满18岁的孩子。</small>`);
    expect(html).toContain('value="小明明"');
    expect(html).toContain('value="2007"');
    expect(html).not.toContain(`child-${keep.id}-year-error`);
    expect(html).not.toContain('child-new-year-error');
    const future = await client.post(`/account/children/${child.id}`, { name: '小明', birthYear: '2031' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain(`<small id="child-${child.id}-year-error" class="field-error">出生年份不能晚于今年。</small>`);
    const markup = await client.post(`/account/children/${child.id}`, { name: '小>明', birthYear: '2015' });
    expect(markup.status).toBe(422);
    expect(await markup.text()).toContain(`<small id="child-${child.id}-name-error" class="field-error">不能包含 &lt; 或 &gt; 字符。</small>`);
    expect(await childrenOf(user.id)).toEqual([
      { id: keep.id, name: '小红', birthYear: 2013 },
      { id: child.id, name: '小明', birthYear: 2015 },
    ]);
  });

  it('removes the member’s own child', async () => {
    const { user, client } = await signedIn();
    const keep = await addChildRow(user.id, '小红', 2013);
    const child = await addChildRow(user.id, '小明', 2015);
    const keepToo = await addChildRow(user.id, '小刚', 2017);
    const res = await client.post(`/account/children/${child.id}/delete`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account#children');
    expect(await childrenOf(user.id)).toEqual([
      { id: keep.id, name: '小红', birthYear: 2013 },
      { id: keepToo.id, name: '小刚', birthYear: 2017 },
    ]);
    const page = await client.get('/account');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<p class="flash flash-success" role="status">已删除。</p>');
    expect(html).not.toContain('小明');
    // removing the last ones leaves an empty section
    for (const c of [keep, keepToo]) expect((await client.post(`/account/children/${c.id}/delete`, {})).status).toBe(303);
    const empty = await client.get('/account');
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('<h2 id="children-title">我的孩子</h2>');
    expect(emptyHtml).not.toContain('action="/account/children/');
    expect(await childrenOf(user.id)).toEqual([]);
  });

  it('answers 404 for another member’s child, and leaves it unchanged', async () => {
    const owner = await createUser(ctx);
    const child = await addChildRow(owner.id, '别人的孩子', 2015);
    const { user, client } = await signedIn();
    const update = await client.post(`/account/children/${child.id}`, { name: '改名', birthYear: '2016' });
    expect(update.status).toBe(404);
    const remove = await client.post(`/account/children/${child.id}/delete`, {});
    expect(remove.status).toBe(404);
    expect(await childrenOf(owner.id)).toEqual([{ id: child.id, name: '别人的孩子', birthYear: 2015 }]);
    expect(await childrenOf(user.id)).toEqual([]);
    // a child that does not exist at all looks the same
    expect((await client.post('/account/children/999999', { name: '改名', birthYear: '2016' })).status).toBe(404);
    expect((await client.post('/account/children/999999/delete', {})).status).toBe(404);
    expect((await client.post('/account/children/abc/delete', {})).status).toBe(404);
  });

  it('refuses staff changing or removing a member’s child (403), leaving it unchanged', async () => {
    const owner = await createUser(ctx);
    const child = await addChildRow(owner.id, '小明', 2015);
    for (const role of ['coordinator', 'admin'] as const) {
      const { client } = await signedIn(role);
      expect((await client.post(`/account/children/${child.id}`, { name: '改名', birthYear: '2016' })).status, role).toBe(403);
      expect((await client.post(`/account/children/${child.id}/delete`, {})).status, role).toBe(403);
    }
    expect(await childrenOf(owner.id)).toEqual([{ id: child.id, name: '小明', birthYear: 2015 }]);
  });
});

describe('the /me page', () => {
  it('lists the member’s children with their birth years, oldest first', async () => {
    const { user, client } = await signedIn();
    await addChildRow(user.id, '王小二', 2019);
    await addChildRow(user.id, '王小大', 2012);
    await addChildRow((await createUser(ctx)).id, '别人家的孩子', 2015);
    const res = await client.get('/me');
    expect(res.status).toBe(200);
    const html = await res.text();
    const list = html.slice(html.indexOf('<ul class="plain-list">'));
    expect(list).toMatch(/^<ul class="plain-list"><li>王小大 · [^<]*2012[^<]*<\/li><li>王小二 · [^<]*2019[^<]*<\/li><\/ul>/);
    expect(html).toContain('href="/account#children"');
    expect(html).not.toContain('别人家的孩子');
  });

  it('shows a child added on the account page', async () => {
    const { client } = await signedIn();
    expect((await client.post('/account/children', { name: '李小龙', birthYear: '2015' })).status).toBe(303);
    expect(await (await client.get('/me')).text()).toMatch(/<li>李小龙 · [^<]*2015[^<]*<\/li>/);
  });
});
