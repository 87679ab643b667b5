import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import { createTimeFormat } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';

const ZONE = 'Asia/Shanghai';
const zh = createTimeFormat('zh', ZONE);

let ctx: TestContext;
let client: TestClient;
let people: Awaited<ReturnType<typeof world>>;

/** Local (Beijing) wall-clock time as a UTC instant: 2026-11-25 00:00 local is 2026-11-24T16:00Z. */
const local = (day: number, hour: number, minute = 0, second = 0, ms = 0) => Date.UTC(2026, 10, day, hour - 8, minute, second, ms);

async function world() {
  const admin = await createUser(ctx, { role: 'admin', name: '审计管理员', phone: '13600000001' });
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '协调员丙', phone: '13600000002' });
  const quiet = await createUser(ctx, { role: 'coordinator', name: '协调员丙丙', phone: '13600000012' });
  const staff = await createUser(ctx, { role: 'lounge_staff', name: '值班员丁', phone: '13600000003' });
  const member = await createUser(ctx, { name: '会员戊', phone: '13600000004' });
  const entries: Array<typeof auditLog.$inferInsert> = [
    { requestId: 'r-enrol', at: local(24, 23, 59, 59, 999), actorId: admin.id, action: 'member.enrolled', targetType: 'user', targetId: String(member.id), detail: { tier: 'gold' }, ip: '198.51.100.7' },
    { requestId: 'r-approve', at: local(25, 0), actorId: coordinator.id, action: 'club.member.approved', targetType: 'club_membership', targetId: '5', detail: { clubId: 3, from: 'pending', to: 'active' }, ip: '203.0.113.9' },
    { requestId: 'r-checkin', at: local(25, 23, 59, 59, 999), actorId: staff.id, action: 'lounge.checkin.recorded', targetType: 'lounge_booking', targetId: '9', detail: { loungeId: 2, companions: 1 }, ip: '203.0.113.10' },
    { requestId: 'r-noshow', at: local(26, 0), actorId: null, action: 'lounge.noshow.marked', targetType: 'lounge', targetId: '2', detail: { count: 3 }, ip: null },
    {
      requestId: 'r-tier',
      at: local(26, 9),
      actorId: admin.id,
      action: 'tier.allowance.changed',
      targetType: 'tier',
      targetId: 'gold',
      detail: { note: '<script>alert(1)</script>', long: 'x'.repeat(200), password: 'hunter2', nested: { token: 'abc', ok: 1 } },
      ip: '198.51.100.7',
    },
    { requestId: 'r-members', at: local(26, 9, 30), actorId: admin.id, action: 'members.imported', detail: null, ip: '198.51.100.7' },
    { requestId: 'r-user', at: local(26, 9, 45), actorId: admin.id, action: 'user.disabled', targetType: 'user', targetId: String(member.id), ip: '198.51.100.7' },
  ];
  await ctx.deps.db.insert(auditLog).values(entries);
  return { admin, coordinator, quiet, staff, member };
}

beforeEach(async () => {
  ctx = await createTestContext();
  people = await world();
  client = new TestClient(ctx);
  await client.signIn(people.admin.phone);
});
afterEach(() => ctx.close());

/** The request ids on a page, in the order shown. */
const shown = (html: string) => [...html.matchAll(/请求 ([\w-]+)<\/small>/g)].map((m) => m[1]!);
const list = async (query: string, status = 200) => {
  const res = await client.get(`/admin/audit${query}`);
  const html = await res.text();
  expect(res.status, html.match(/field-error">([^<]*)/)?.[1]).toBe(status);
  return { html, ids: shown(html) };
};
const auditCount = async () => (await ctx.deps.db.select({ n: count() }).from(auditLog))[0]!.n;

describe('the audit log page', () => {
  it('lists every entry newest first with who, what, the target, the detail and where from', async () => {
    const { html } = await list('');
    expect(shown(html)).toEqual(['r-user', 'r-members', 'r-tier', 'r-noshow', 'r-checkin', 'r-approve', 'r-enrol']);
    expect(html).toContain('<h1>审计日志</h1>');
    // who: linked to the person, with the role; the system has no link
    expect(html).toContain(`<a href="/admin/members/${people.admin.id}">审计管理员</a><br/><small>管理员</small>`);
    expect(html).toContain(`<a href="/admin/members/${people.staff.id}">值班员丁</a><br/><small>贵宾厅服务人员</small>`);
    expect(html).toContain('<em>系统</em>');
    // when: local time, with the instant for machines
    expect(html).toContain(`<time datetime="2026-11-24T23:59:59.999+08:00">${zh.dateTime(local(24, 23, 59, 59, 999))}</time>`);
    // what: a label where there is one, always the dotted name
    expect(html).toContain('登记新会员<br/><code>member.enrolled</code>');
    expect(html).toContain('<td><code>lounge.noshow.marked</code></td>');
    // the target by its name (a person with the masked phone), linked where it has a page; "#id" when it is gone
    expect(html).toContain(`<a href="/admin/members/${people.member.id}">用户 会员戊 136****0004</a>`);
    expect(html).toContain('<a href="/admin/lounges/2/edit">贵宾厅 #2</a>');
    expect(html).toContain('<a href="/admin/tiers">会员等级 金卡</a>');
    expect(html).toContain('<td>俱乐部成员资格 #5</td>');
    // detail in words: field labels, statuses and tiers by name, a missing club as its id; and from where
    expect(html).toContain('<dt>俱乐部</dt><dd>#3</dd><dt>原值</dt><dd>待审核</dd><dt>新值</dt><dd>会员</dd>');
    expect(html).toContain('<dt>会员等级</dt><dd>金卡</dd>');
    expect(html).toContain('IP 地址 203.0.113.9<br/><small>请求 r-approve</small>');
    // read-only: no form posts anywhere on the page but the sign-out
    expect([...html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]*)"/g)].map((m) => m[1])).toEqual(['/logout']);
  });

  it('escapes detail values, shortens long ones and blanks anything that looks like a secret', async () => {
    const { html } = await list('?targetType=tier');
    expect(html).toContain('<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain(`<dd title="${'x'.repeat(200)}">${'x'.repeat(79)}…</dd>`);
    expect(html).toContain('<dt>password</dt><dd>••••</dd>');
    expect(html).not.toContain('hunter2');
    expect(html).toContain('<dd>token：••••；ok：1</dd>');
    expect(html).not.toContain('abc');
  });

  it('is in English when asked, with the same labels', async () => {
    const { html } = await list('?lang=en');
    expect(html).toContain('<h1>Audit log</h1>');
    expect(html).toContain('Member enrolled<br/><code>member.enrolled</code>');
    expect(html).toContain('<em>System</em>');
    expect(html).toContain(`<a href="/admin/members/${people.member.id}">User 会员戊 136****0004</a>`);
    expect(html).toContain('<dt>Club</dt><dd>#3</dd><dt>From</dt><dd>Pending</dd><dt>To</dt><dd>Member</dd>');
    expect(html).toContain('<dt>Tier</dt><dd>Gold</dd>');
    const text = html
      .replace(/<head>[\s\S]*?<\/head>/, '')
      .replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/审计管理员|协调员丙|值班员丁|会员戊/g, '');
    expect(text.match(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/)?.[0]).toBeUndefined();
  });
});

describe('filters', () => {
  it('by who: phone (typed any way), last four digits, account id, a name or part of one, the system', async () => {
    const byAdmin = ['r-user', 'r-members', 'r-tier', 'r-enrol'];
    expect((await list('?actor=13600000001')).ids).toEqual(byAdmin);
    expect((await list(`?actor=${encodeURIComponent('+86 136 0000 0001')}`)).ids).toEqual(byAdmin);
    expect((await list('?actor=0003')).ids).toEqual(['r-checkin']);
    expect((await list(`?actor=%23${people.coordinator.id}`)).ids).toEqual(['r-approve']);
    expect((await list(`?actor=${encodeURIComponent('审计管理员')}`)).ids).toEqual(byAdmin);
    const partial = await list(`?actor=${encodeURIComponent('协调员')}`);
    expect(partial.ids).toEqual(['r-approve']);
    expect(partial.html).toContain('操作人：协调员丙（身份：俱乐部协调员）、协调员丙丙（身份：俱乐部协调员）');
    // an exact name is preferred to the names containing it
    expect((await list(`?actor=${encodeURIComponent('协调员丙')}`)).html).toContain('操作人：协调员丙（身份：俱乐部协调员）</p>');
    expect((await list('?actor=system')).ids).toEqual(['r-noshow']);
    expect((await list(`?actor=${encodeURIComponent('系统')}`)).ids).toEqual(['r-noshow']);
  });

  it('by action: exact, or a prefix that does not run into a longer word', async () => {
    expect((await list('?action=member.enrolled')).ids).toEqual(['r-enrol']);
    expect((await list('?action=member.')).ids).toEqual(['r-enrol']);
    expect((await list('?action=member*')).ids).toEqual(['r-members', 'r-enrol']);
    expect((await list('?action=lounge.*')).ids).toEqual(['r-noshow', 'r-checkin']);
    expect((await list('?action=member.tier.changed')).ids).toEqual([]);
  });

  it('by target: a type, or a type and an id', async () => {
    expect((await list('?targetType=tier')).ids).toEqual(['r-tier']);
    expect((await list(`?targetType=user&targetId=${people.member.id}`)).ids).toEqual(['r-user', 'r-enrol']);
    expect((await list('?targetType=lounge&targetId=2')).ids).toEqual(['r-noshow']);
    expect((await list('?targetType=lounge&targetId=3')).ids).toEqual([]);
  });

  it('by local dates in Beijing time, both ends included, to the millisecond', async () => {
    expect((await list('?from=2026-11-25&to=2026-11-25')).ids).toEqual(['r-checkin', 'r-approve']);
    expect((await list('?to=2026-11-24')).ids).toEqual(['r-enrol']);
    expect((await list('?from=2026-11-26')).ids).toEqual(['r-user', 'r-members', 'r-tier', 'r-noshow']);
    expect((await list('?from=2026-11-27')).ids).toEqual([]);
  });

  it('combined', async () => {
    expect((await list('?actor=13600000001&action=member.&from=2026-11-24&to=2026-11-24')).ids).toEqual(['r-enrol']);
    expect((await list(`?actor=13600000001&targetType=user&targetId=${people.member.id}`)).ids).toEqual(['r-user', 'r-enrol']);
    expect((await list(`?actor=13600000001&targetType=user&targetId=${people.member.id}&to=2026-11-25`)).ids).toEqual(['r-enrol']);
    expect((await list('?actor=system&action=lounge.&from=2026-11-26')).ids).toEqual(['r-noshow']);
    expect((await list('?actor=0003&action=club.')).ids).toEqual([]);
  });

  const bad: Array<[string, string, string, string]> = [
    ['nobody matches the person', `?actor=${encodeURIComponent('没有这个人')}`, '没有符合的用户。', 'value="没有这个人"'],
    ['an action that is not a dotted name', `?action=${encodeURIComponent("x' OR 1=1")}`, '请输入操作名称', 'value="x&#39; OR 1=1"'],
    ['an id without a type', '?targetId=42', '请同时选择对象类型。', 'value="42"'],
    ['a date that does not exist', '?from=2026-13-01', '请输入日期，如 2026-11-26。', 'value="2026-13-01"'],
    ['an end before the start', '?from=2026-11-26&to=2026-11-25', '截止日期不能早于起始日期。', 'value="2026-11-25"'],
    // longer than the box takes (only by editing the address): refused, not cut to fit
    ['a person over 40 characters', `?actor=${encodeURIComponent('王'.repeat(41))}`, '最多 40 个字符，现在有 41 个。', `value="${'王'.repeat(41)}"`],
    ['an action over 80 characters', `?action=club.${'a'.repeat(80)}`, '最多 80 个字符，现在有 85 个。', `value="club.${'a'.repeat(80)}"`],
  ];
  for (const [name, query, message, kept] of bad) {
    it(`says what is wrong with ${name} (422), keeping what was typed and listing nothing`, async () => {
      const { html, ids } = await list(query, 422);
      expect(html).toContain(message);
      expect(html).toContain(kept);
      expect(ids).toEqual([]);
    });
  }

  it('says when a name matches too many people', async () => {
    for (let i = 0; i < 51; i++) await createUser(ctx, { name: `张${i}号` });
    const { html } = await list(`?actor=${encodeURIComponent('张')}`, 422);
    expect(html).toContain('超过 50 人符合，请输入更完整的姓名或手机号。');
  });
});

describe('pages', () => {
  it('walk back 50 at a time by keyset, through entries that share an instant, carrying the filter', async () => {
    const base = local(20, 12);
    // 120 entries, seven to an instant, written out of time order
    const rows = Array.from({ length: 120 }, (_, i) => ({ at: base + Math.floor(((i * 37) % 120) / 7) * 1000, actorId: people.staff.id, action: 'page.test', requestId: `p-${i}` }));
    await ctx.deps.db.insert(auditLog).values(rows);
    const expected = (await ctx.deps.db.select({ requestId: auditLog.requestId, at: auditLog.at, id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'page.test')).orderBy(asc(auditLog.id)))
      .sort((a, b) => b.at - a.at || b.id - a.id)
      .map((r) => r.requestId);

    const seen: string[] = [];
    let path: string | null = '/admin/audit?action=page.test';
    const pages: string[][] = [];
    while (path) {
      const html = await (await client.get(path)).text();
      const ids = shown(html);
      pages.push(ids);
      seen.push(...ids);
      const next = html.match(/<a href="(\/admin\/audit\?[^"]*)" rel="next">/)?.[1]?.replaceAll('&amp;', '&');
      if (next) expect(next).toMatch(/^\/admin\/audit\?action=page\.test&before=\d+$/);
      if (pages.length > 1) expect(html).toContain('<a href="/admin/audit?action=page.test">← 最新</a>');
      path = next ?? null;
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(seen).toEqual(expected);
  });

  it('answer an unknown or malformed cursor with the first page', async () => {
    expect((await list('?before=999999')).ids[0]).toBe('r-user');
    expect((await list('?before=abc')).ids[0]).toBe('r-user');
  });
});

describe('nothing writes to the log from outside', () => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    for (const path of ['/admin/audit', '/admin/audit/1', '/admin/audit.csv', '/admin/audit/1/delete']) {
      it(`${method} ${path} answers 404 and changes nothing`, async () => {
        const before = await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
        const res = await client.request(path, { method, form: { action: 'x', detail: '{}' } });
        expect(res.status).toBe(404);
        expect(await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id))).toEqual(before);
      });
    }
  }
});

describe('CSV export', () => {
  it('exports the current filter with a BOM, neutralised formulas, and records the export', async () => {
    const sly = await createUser(ctx, { role: 'coordinator', name: '=HYPERLINK("http://x")' });
    await ctx.deps.db.insert(auditLog).values({ at: local(26, 9, 50), actorId: sly.id, action: 'club.notice.posted', targetType: 'club', targetId: '3', detail: { title: '@SUM(1)' }, ip: '198.51.100.9', requestId: 'r-sly' });
    const before = await auditCount();
    const res = await client.get('/admin/audit.csv?action=club.');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-2026-11-26.csv"');
    expect(res.headers.get('x-audit-truncated')).toBeNull();
    // fetch's text() drops a byte-order mark, so read the bytes
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\uFEFF时间,操作人编号,操作人,角色,操作,说明,对象类型,对象编号,对象名称,详情,IP 地址,请求编号,详情（原始数据）\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`2026-11-26T09:50:00+08:00,${sly.id},"'=HYPERLINK(""http://x"")",俱乐部协调员,club.notice.posted,发布俱乐部通知,club,3,#3,标题：@SUM(1),198.51.100.9,r-sly,"{""title"":""@SUM(1)""}"`);
    expect(lines[2]).toBe(`2026-11-25T00:00:00+08:00,${people.coordinator.id},协调员丙,俱乐部协调员,club.member.approved,批准入会,club_membership,5,#5,俱乐部：#3；原值：待审核；新值：会员,203.0.113.9,r-approve,"{""clubId"":3,""from"":""pending"",""to"":""active""}"`);
    expect(await auditCount()).toBe(before + 1);
    const [exported] = await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'audit.log.exported'));
    expect(exported).toMatchObject({ actorId: people.admin.id, detail: { rows: 2, action: 'club.' }, ip: '198.51.100.7' });
  });

  it('answers a bad filter with the page and its message (422), exporting and recording nothing', async () => {
    const before = await auditCount();
    const res = await client.get('/admin/audit.csv?from=yesterday');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请输入日期，如 2026-11-26。');
    expect(await auditCount()).toBe(before);
  });
});
