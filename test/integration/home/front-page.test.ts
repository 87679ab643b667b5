import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { clubs } from '../../../db/schema';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '../../../db/seed';
import { DEMO_FILLERS } from '../../../db/seed-data';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';

/** The public front page at / for signed-out visitors: what membership offers, and nothing about anyone. */
describe('the front page', () => {
  let ctx: TestContext;
  const idOf = async (sql: string) => Number((await ctx.deps.client.execute(sql)).rows[0]![0]);
  beforeEach(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.deps.db, { clock: ctx.clock, passwords: ctx.deps.passwords, timeZone: 'Asia/Shanghai' });
  });
  afterEach(() => ctx.close());

  const visit = async (path = '/') => {
    const res = await new TestClient(ctx).get(path);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('shows the tiers with their benefits, the clubs, the next events and the lounges', async () => {
    const html = await visit();
    for (const tier of ['银卡', '金卡', '白金卡', '钻石卡']) expect(html).toContain(`<h3>${tier}</h3>`);
    expect(html).toContain('每年 4 次机场贵宾厅');
    expect(html).toContain('每次可带 2 位同行人');
    expect(html).toContain('活动报名提前 72 小时');
    // clubs with their tier rule, and the way in
    expect(html).toContain('<h3>高尔夫球俱乐部</h3>');
    expect(html).toMatch(/海口 · 白金卡及以上/);
    const golf = await idOf(`SELECT id FROM clubs WHERE slug = 'golf'`);
    expect(html).toContain(`href="/login?next=%2Fclubs%2F${golf}">登录后加入<span class="visually-hidden">：高尔夫球俱乐部</span>`);
    // the next six events, soonest first, and nothing that has already happened
    const titles = [...html.matchAll(/<li><h3>([^<]+)<\/h3><p><time datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(titles).toEqual(['VIP大讲堂：数字时代的家庭财富规划', '三亚湾亲子沙滩日', '文昌乒乓球会员友谊赛', '观澜湖会员高尔夫日', '12530无线音乐会·星光之夜', '全球通VIP学院·亚龙湾高端论坛']);
    expect(html).not.toContain('观澜湖月度会员赛');
    const concert = await idOf(`SELECT id FROM events WHERE slug = 'concert-starlight'`);
    expect(html).toContain(`href="/login?next=%2Fevents%2F${concert}">登录后报名`);
    expect(html).toContain('12530无线音乐俱乐部 · 海口');
    expect(html).toContain('全省活动 · 三亚 · 金卡及以上');
    // the lounges: name, airport, hours
    expect(html).toContain('<h3>海口美兰国际机场 VIP 厅</h3>');
    expect(html).toContain('HAK 机场 · T2 航站楼');
    expect(html).toContain('开放时间 06:00–24:00（北京时间）');
    expect(html).toContain('开放时间 06:30–23:30（北京时间）');
    expect(html).toMatch(/href="\/login\?next=%2Flounges%2F\d+">登录后预约/);
    // headings in order: one h1, then sections
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('says nothing about seats, bookings or people', async () => {
    const html = await visit();
    const text = html.replace(/<[^>]+>/g, ' ');
    // the concert has 7 of its 8 seats taken: no count of seats, places or a waitlist leaks it
    for (const leak of ['名额：', '剩余', '个名额', '候补第', '已报名', '已确认', '/ 8']) expect(text).not.toContain(leak);
    for (const person of [...DEMO_ACCOUNTS.map((a) => a.name), ...DEMO_FILLERS.map((f) => f.name), '吴悦悦']) expect(text).not.toContain(person);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    const en = (await visit('/?lang=en')).replace(/<[^>]+>/g, ' ');
    for (const leak of ['seat', 'Seat', 'on the waitlist', 'places left', 'Confirmed']) expect(en).not.toContain(leak);
  });

  it('speaks English too', async () => {
    const html = await visit('/?lang=en');
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Tiers and their benefits');
    expect(html).toContain('<h3>Diamond</h3>');
    expect(html).toContain('12 airport lounge visits a year');
    expect(html).toContain('Sign in to register<span class="visually-hidden">: 12530 Wireless Music Night: Starlight Concert</span>');
    expect(html).toContain('Sign in to join');
    expect(html).toContain('Sign in to book');
    expect(html).toContain('HAK airport · Terminal T2');
  });

  it('leaves out a closed club and its events', async () => {
    await ctx.deps.db.update(clubs).set({ archivedAt: ctx.clock.now() }).where(eq(clubs.slug, 'table-tennis'));
    const html = await visit();
    expect(html).not.toContain('乒乓球俱乐部');
    expect(html).not.toContain('文昌乒乓球会员友谊赛');
  });

  it('is the member home once signed in, and each staff role still goes to its own section', async () => {
    const member = new TestClient(ctx);
    await member.signIn('13900000001', DEMO_PASSWORD);
    const home = await (await member.get('/')).text();
    expect(home).toContain('<h2 id="tier-card-title" class="tier-card-tier">钻石卡</h2>');
    expect(home).not.toContain('登录后报名');
    const admin = new TestClient(ctx);
    await admin.signIn('13800000000', DEMO_PASSWORD);
    const res = await admin.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
  });
});
