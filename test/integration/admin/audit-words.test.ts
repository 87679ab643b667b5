import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../../db/schema';
import { auditLog } from '../../../db/schema';
import { auditLogPage } from '../../../src/admin/audit-log';
import type { Db } from '../../../src/db';
import { changeMemberTier, setTierAllowance } from '../../../src/lounges/allowances';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
let client: TestClient;
let adminId: number;
beforeEach(async () => {
  ctx = await createTestContext();
  const admin = await createUser(ctx, { role: 'admin', name: '审计管理员', phone: '13600000001' });
  adminId = admin.id;
  client = new TestClient(ctx);
  await client.signIn(admin.phone);
});
afterEach(() => ctx.close());

const page = async (query: string) => (await client.get(`/admin/audit${query}`)).text();
const csv = async (query: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await client.get(`/admin/audit.csv${query}`)).arrayBuffer());

describe('the audit log in the reader’s words', () => {
  it('shows a tier change and a member target as words and names, in Chinese and English, and exports the same', async () => {
    const admin = { id: adminId, role: 'admin' as const };
    expect((await setTierAllowance(ctx.deps, admin, 'gold', { loungeVisitsPerYear: 9, companionsPerVisit: 2 })).ok).toBe(true);
    const member = await createUser(ctx, { name: '会员戊', phone: '13600000004', tierCode: 'silver' });
    expect((await changeMemberTier(ctx.deps, admin, { userId: member.id, tierCode: 'platinum' })).ok).toBe(true);

    const zh = await page('');
    expect(zh).toContain('<a href="/admin/tiers">会员等级 金卡</a>');
    expect(zh).toMatch(/<dt>原值<\/dt><dd>每年贵宾厅次数：\d+；每次同行人数：\d+<\/dd><dt>新值<\/dt><dd>每年贵宾厅次数：9；每次同行人数：2<\/dd><dt>调整明细的会员数<\/dt><dd>0<\/dd>/);
    expect(zh).toContain(`<a href="/admin/members/${member.id}">用户 会员戊 136****0004</a>`);
    expect(zh).toContain('<dt>原值</dt><dd>银卡</dd><dt>新值</dt><dd>白金卡</dd>');
    expect(zh).not.toContain('loungeVisitsPerYear');
    expect(zh).not.toContain('membersAdjusted');

    const file = await csv('?action=member.tier.changed');
    expect(file).toContain(`会员戊 136****0004,原值：银卡；新值：白金卡`);
    const tierFile = await csv('?action=tier.');
    expect(tierFile).toContain(',金卡,');
    expect(tierFile).toContain('新值：每年贵宾厅次数：9；每次同行人数：2');
    const en = await page('?lang=en');
    expect(en).toContain('<a href="/admin/tiers">Tier Gold</a>');
    expect(en).toMatch(/<dt>To<\/dt><dd>Lounge visits per year: 9; Companions per visit: 2<\/dd><dt>Members’ statements adjusted<\/dt><dd>0<\/dd>/);
    expect(en).toContain(`<a href="/admin/members/${member.id}">User 会员戊 136****0004</a>`);
    expect(en).toContain('<dt>From</dt><dd>Silver</dd><dt>To</dt><dd>Platinum</dd>');

    expect(await csv('?action=member.tier.changed')).toContain('会员戊 136****0004,From: Silver; To: Platinum');
  });

  it('falls back to the id for a target that is gone and to the raw key for a field it does not know', async () => {
    await ctx.deps.db.insert(auditLog).values({ at: ctx.clock.now(), actorId: adminId, action: 'user.disabled', targetType: 'user', targetId: '9999', detail: { sessionsEnded: 1, someNewField: 'x' } });
    const html = await page('');
    expect(html).toContain('<a href="/admin/members/9999">用户 #9999</a>');
    expect(html).toContain('<dt>结束的登录会话</dt><dd>1</dd><dt>someNewField</dt><dd>x</dd>');
    expect(await csv('')).toContain(',user,9999,#9999,');
  });

  it('looks names up with a bounded number of queries, however many rows the page has', async () => {
    let queries = 0;
    const counting = drizzle(ctx.database.client, { schema, logger: { logQuery: () => void (queries += 1) } }) as unknown as Db;
    const admin = { id: adminId, role: 'admin' as const };
    const addEntries = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        const user = await createUser(ctx, {});
        const club = await createClub(ctx);
        const event = await createEvent(ctx);
        const lounge = await createLounge(ctx);
        await ctx.deps.db.insert(auditLog).values([
          { at: ctx.clock.now(), actorId: adminId, action: 'user.disabled', targetType: 'user', targetId: String(user.id) },
          { at: ctx.clock.now(), actorId: adminId, action: 'club.updated', targetType: 'club', targetId: String(club.id), detail: { changed: { minTier: { from: null, to: 'gold' } } } },
          { at: ctx.clock.now(), actorId: adminId, action: 'event.updated', targetType: 'event', targetId: String(event.id), detail: { changed: { clubId: { from: null, to: club.id } } } },
          { at: ctx.clock.now(), actorId: adminId, action: 'lounge.staff.assigned', targetType: 'lounge', targetId: String(lounge.id), detail: { userId: user.id } },
        ]);
      }
    };
    const run = async () => {
      queries = 0;
      const result = await auditLogPage({ ...ctx.deps, db: counting }, admin, {}, null);
      expect(result.ok).toBe(true);
      return { queries, rows: result.ok ? result.value.rows.length : 0 };
    };
    await addEntries(1);
    const few = await run();
    await addEntries(11);
    const many = await run();
    expect(few.rows).toBe(4);
    expect(many.rows).toBe(48);
    expect(many.queries).toBe(few.queries);
    expect(many.queries).toBeLessThanOrEqual(8);
  });
});

describe('an export of the log, as logged', () => {
  it('words the filter it was taken with: dates as dates, the target type by name', async () => {
    await csv('?targetType=club&from=2026-11-01&to=2026-11-26');
    const html = await page('?action=audit.log.exported');
    expect(html).toContain('<dt>对象类型</dt><dd>俱乐部</dd><dt>起始日期</dt><dd>2026-11-01</dd><dt>截止日期（含当天）</dt><dd>2026-11-26</dd>');
  });
});
