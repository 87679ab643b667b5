import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../db/seed';
import { TestClient } from '../helpers/client';
import { createTestContext, type TestContext } from '../helpers/context';

/**
 * The README's demo-account table, checked line by line against the seeded demo (fixed clock): every path it names
 * answers 200 for the account it names, and every claim in the line has a check below. The table is read from the
 * README itself, so a line that changes without its check (or a check whose line is gone) fails here.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Row {
  phone: string;
  role: string;
  says: string;
  paths: string[];
}

function demoTable(markdown: string): Row[] {
  const start = markdown.indexOf('| phone | role | what to look at |');
  const end = markdown.indexOf('\n\n', start);
  return markdown
    .slice(start, end)
    .split('\n')
    .slice(2)
    .map((line) => {
      const [phone, role, says] = line.split('|').slice(1, 4).map((cell) => cell.trim()) as [string, string, string];
      return { phone, role, says, paths: [...says.matchAll(/`(\/[^`\s]*)`/g)].map((m) => m[1]!) };
    });
}

/** The page's text without tags, with runs of spaces made one: what a reader sees. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');

/** The fields of the form posting to `action`, hidden ones included (tokens the form carries travel with it). */
function formFields(html: string, action: string): Record<string, string> {
  const form = html.match(new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`))?.[1];
  if (!form) throw new Error(`no form posting to ${action}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const name = tag.match(/name="([^"]*)"/)?.[1];
    const value = tag.match(/value="([^"]*)"/)?.[1] ?? '';
    // repeated names (one per item) are joined the way the test client sends them: only the last would survive, so keep a list
    if (name) fields[name] = name in fields ? `${fields[name]}\u0000${value}` : value;
  }
  return fields;
}

/** Posts fields that may repeat a name (see formFields). */
async function postForm(client: TestClient, action: string, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of v.split('\u0000')) body.append(k, one);
  return client.request(action, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

let ctx: TestContext;
const rows = demoTable(README);
const idOf = async (sql: string) => Number((await ctx.deps.client.execute(sql)).rows[0]![0]);
const signedIn = async (phone: string) => {
  const client = new TestClient(ctx);
  await client.signIn(phone, DEMO_PASSWORD);
  return client;
};
const page = async (client: TestClient, path: string) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** For each README line: the claims it makes (matched in its text) and how each is checked. */
const CLAIMS: Record<string, Array<{ says: RegExp; check: (client: TestClient) => Promise<void> }>> = {
  '13900000001': [
    {
      says: /`\/` membership card with QR code and benefits/,
      check: async (client) => {
        const home = await page(client, '/');
        expect(home).toContain('<h2 id="tier-card-title" class="tier-card-tier">钻石卡</h2>');
        expect(home).toMatch(/<svg class="qr"/);
        expect(home).toContain('每年 12 次机场贵宾厅');
      },
    },
    {
      says: /12530 concert is open to diamond now \(72 h early\) with 7 of its 8 seats taken/,
      check: async (client) => {
        const concert = await idOf(`SELECT id FROM events WHERE slug = 'concert-starlight'`);
        const html = await page(client, `/events/${concert}`);
        expect(textOf(html)).toContain('剩余 1 个名额');
        expect(html).toContain(`action="/events/${concert}/register`);
        const [seats] = (await ctx.deps.client.execute(`SELECT capacity, (SELECT sum(seats) FROM registrations WHERE event_id = events.id AND status = 'confirmed') AS taken FROM events WHERE id = ${concert}`)).rows;
        expect([seats!.taken, seats!.capacity]).toEqual([7, 8]);
      },
    },
    {
      says: /`\/me`: a ticket for the parent-child beach day with a child, and a year of past events/,
      check: async (client) => {
        const me = await page(client, '/me');
        const code = me.match(/三亚湾亲子沙滩日[\s\S]*?href="\/tickets\/([A-Z0-9]+)"/)?.[1];
        expect(textOf(await page(client, `/tickets/${code}`))).toContain('吴悦悦');
        expect(textOf(me)).toMatch(/往期活动/);
        expect((me.match(/已签到/g) ?? []).length).toBeGreaterThan(2);
      },
    },
  ],
  '13900000002': [
    {
      says: /`\/clubs`: golf needs platinum, and their request to join it awaits the coordinator/,
      check: async (client) => {
        const text = textOf(await page(client, '/clubs'));
        expect(text).toMatch(/高尔夫球俱乐部.*白金卡及以上.*申请审核中/);
      },
    },
  ],
  '13900000003': [
    {
      says: /`\/lounges` \(4 visits a year, 1 companion: 1 used, 1 booked, 2 left this year\)/,
      check: async (client) => {
        expect(textOf(await page(client, '/lounges'))).toContain('2026 年：您的等级每年 4 次贵宾厅，每次可带 1 位同行人；已预约 1 次，已使用 1 次，剩余 2 次。');
      },
    },
    {
      says: /`\/me` \(everything in one place: the lecture ticket and the Sanya lounge booking to cancel one by one or all at once, past events to rate\)/,
      check: async (client) => {
        const me = await page(client, '/me');
        expect(me).toMatch(/VIP大讲堂：数字时代的家庭财富规划[\s\S]*?href="\/tickets\/[A-Z0-9]+"/);
        expect(me).toContain('href="/me/cancel-all"');
        expect(me).toMatch(/<a href="\/me\/ratings\/new\?[^"]+">评价<\/a>/);
        const confirm = await page(client, '/me/cancel-all');
        expect(textOf(confirm)).toContain('以下 2 项将被取消');
        expect(textOf(confirm)).toContain('三亚凤凰国际机场 VIP 厅');
        const res = await postForm(client, '/me/cancel-all', formFields(confirm, '/me/cancel-all'));
        expect(res.status).toBe(303);
        expect(textOf(await page(client, res.headers.get('location')!))).toContain('已取消 2 项（活动 1，贵宾厅 1，俱乐部申请 0）');
      },
    },
    {
      says: /`\/me\/feedback\/new` \(send a complaint and see its 48-hour clock\)/,
      check: async (client) => {
        const form = await page(client, '/me/feedback/new');
        const fields = { ...formFields(form, '/me/feedback'), category: 'complaint', subject: '演示投诉', body: '试一试 48 小时首次回复。' };
        const res = await postForm(client, '/me/feedback', fields);
        expect(res.status).toBe(303);
        // due 48 hours after 2026-11-26 10:00
        expect(textOf(await page(client, res.headers.get('location')!))).toContain('我们将在 2026年11月28日周六 10:00 前首次回复。');
      },
    },
  ],
  '13900000004': [
    {
      says: /`\/events`: the concert opens to silver three days after diamond/,
      check: async (client) => {
        const concert = await idOf(`SELECT id FROM events WHERE slug = 'concert-starlight'`);
        const [e] = (await ctx.deps.client.execute(`SELECT opens_at FROM events WHERE id = ${concert}`)).rows;
        // diamond opens 72 hours before the general opening, which is silver's (no early access)
        expect(Number(e!.opens_at) - ctx.clock.now()).toBe(71 * 3600_000);
        const text = textOf(await page(client, '/events'));
        expect(text).toMatch(/12530无线音乐会·星光之夜.*?您的报名开放时间：2026年11月29日周日 09:00/);
      },
    },
  ],
  '13800000001': [
    {
      says: /`\/coordinator`: a pending golf request to approve/,
      check: async (client) => {
        const golf = await idOf(`SELECT id FROM clubs WHERE slug = 'golf'`);
        await page(client, '/coordinator');
        const roster = textOf(await page(client, `/coordinator/clubs/${golf}?status=pending`));
        expect(roster).toContain('王丽娜');
      },
    },
    {
      says: /`\/coordinator\/events`: door check-in and attendance for the concert, and the clubs' past events with their attendance/,
      check: async (client) => {
        const concert = await idOf(`SELECT id FROM events WHERE slug = 'concert-starlight'`);
        const list = await page(client, '/coordinator/events');
        expect(textOf(list)).toMatch(/12530无线音乐会·星光之夜.*?7 \/ 8/);
        await page(client, `/coordinator/events/${concert}/checkin`);
        await page(client, `/coordinator/events/${concert}/attendance`);
        const past = await idOf(`SELECT e.id FROM events e JOIN clubs c ON c.id = e.club_id WHERE c.slug = 'golf' AND e.slug LIKE 'past-%' ORDER BY e.starts_at DESC LIMIT 1`);
        expect(list).toContain(`/coordinator/events/${past}/attendance`);
        const attendance = textOf(await page(client, `/coordinator/events/${past}/attendance`));
        expect(attendance).toMatch(/签到/);
      },
    },
    {
      says: /a 403 on any other club/,
      check: async (client) => {
        const other = await idOf(`SELECT id FROM clubs WHERE slug = 'parent-child'`);
        expect((await client.get(`/coordinator/clubs/${other}`)).status).toBe(403);
      },
    },
  ],
  '13800000002': [
    {
      says: /`\/desk` — and a 403 on the Sanya lounge/,
      check: async (client) => {
        expect(textOf(await page(client, '/desk'))).toContain('海口美兰国际机场 VIP 厅');
        const sanya = await idOf(`SELECT id FROM lounges WHERE code = 'SYX-T1'`);
        expect((await client.get(`/desk/lounges/${sanya}`)).status).toBe(403);
      },
    },
  ],
  '13800000000': [
    {
      says: /`\/admin\/members\/new` \(enrol a member, get a one-time 6-digit password\)/,
      check: async (client) => {
        expect(await page(client, '/admin/members/new')).toContain('name="phone"');
      },
    },
    {
      says: /`\/admin\/feedback` \(the complaint queue: one complaint on its 48-hour clock, a year of answered ones\)/,
      check: async (client) => {
        const text = textOf(await page(client, '/admin/feedback'));
        expect(text).toContain('共 1 条待首次回复');
        expect(text).toMatch(/羽毛球场地被临时占用.*?还剩 28 小时/);
        expect(textOf(await page(client, '/admin/feedback?status=closed'))).toMatch(/已按时回复/);
      },
    },
    {
      says: /`\/admin\/reports` \(a year of attendance, lounge visits by weekday and hour, and satisfaction\)/,
      check: async (client) => {
        expect(textOf(await page(client, '/admin/reports'))).toMatch(/[1-9]\d* 活动场次 [1-9]\d* 已确认人次（会员 \+ 同行） [1-9]\d* 签到人次（会员 \+ 同行）/);
        expect(textOf(await page(client, '/admin/reports/lounges'))).toMatch(/[1-9]\d* 到访次数/);
        expect(textOf(await page(client, '/admin/reports/satisfaction'))).toMatch(/\d\.\d 总体平均分（[1-9]\d* 个评分）/);
      },
    },
  ],
};

describe('the README walkthrough', () => {
  // a fresh demo for each account: the gold member's checks cancel their plans and send a complaint
  beforeEach(async () => {
    ctx = await createTestContext();
    await seedDemo(ctx.deps.db, { clock: ctx.clock, passwords: ctx.deps.passwords, timeZone: 'Asia/Shanghai' });
  });
  afterEach(() => ctx.close());

  it('has a line for each of the seven demo accounts, and a check for each line', () => {
    expect(rows.map((r) => r.phone)).toEqual(['13900000001', '13900000002', '13900000003', '13900000004', '13800000001', '13800000002', '13800000000']);
    expect(Object.keys(CLAIMS).sort()).toEqual(rows.map((r) => r.phone).sort());
    expect(rows.find((r) => r.phone === '13800000000')!.paths).toEqual(['/admin', '/admin/members/new', '/admin/feedback', '/admin/reports', '/admin/outbox']);
  });

  for (const row of rows) {
    it(`${row.phone} (${row.role}): every path answers and every claim holds`, async () => {
      const client = await signedIn(row.phone);
      for (const path of row.paths) await page(client, path);
      for (const claim of CLAIMS[row.phone] ?? []) {
        expect(row.says, `README line for ${row.phone}`).toMatch(claim.says);
        await claim.check(client);
      }
    });
  }
});
