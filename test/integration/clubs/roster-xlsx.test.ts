import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { auditLog, clubMemberships, type MembershipStatus } from '../../../db/schema';
import { MINUTE } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';
import { ValueType, expectFrozenHeader, sheetOf, wallClock } from '../../helpers/xlsx';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** A member with a membership row written directly, `ago` minutes before the fixed clock (2026-11-26 10:00 in Shanghai). */
async function enrol(clubId: number, status: MembershipStatus, o: { name: string; phone: string; ago: number }) {
  const user = await createUser(ctx, { name: o.name, phone: o.phone, tierCode: 'diamond' });
  const at = ctx.clock.now() - o.ago * MINUTE;
  await ctx.deps.db.insert(clubMemberships).values({ clubId, userId: user.id, status, requestedAt: at, queuedAt: at, activeSince: status === 'active' ? at : null, statusChangedAt: at });
  return user;
}

async function signedIn(phone: string) {
  const client = new TestClient(ctx);
  await client.signIn(phone);
  return client;
}

async function coordinatedClub() {
  const coordinator = await createUser(ctx, { role: 'coordinator' });
  const club = await createClub(ctx, { capacity: 10, coordinatorIds: [coordinator.id] });
  return { coordinator, club, client: await signedIn(coordinator.phone) };
}

const allAudit = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));

describe('the roster as .xlsx', () => {
  it('has the CSV’s columns as typed cells: phones as text, dates as Shanghai dates, counts as numbers; header frozen; audited', async () => {
    const { club, client, coordinator } = await coordinatedClub();
    // the clock reads 2026-11-26 10:00 in Shanghai: 26 hours before is 2026-11-25 08:00 there (00:00 UTC)
    await enrol(club.id, 'active', { name: '王小明', phone: '13911110001', ago: 26 * 60 });
    await enrol(club.id, 'active', { name: '=HYPERLINK("http://x.example")', phone: '13911110002', ago: 60 });

    const res = await client.get(`/coordinator/clubs/${club.id}/roster.xlsx?sort=name`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="roster-${club.slug}.xlsx"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { sheet, rows } = await sheetOf(res);
    expectFrozenHeader(sheet);
    expect(rows[0]).toEqual(['姓名', '手机号', '等级', '状态', '加入日期', '申请日期', '候补顺位', '报名活动数', '到场次数', '缺席次数']);
    expect(rows.slice(1)).toEqual([
      // text stays text: no formula, no leading apostrophe
      ['=HYPERLINK("http://x.example")', '13911110002', '钻石卡', '会员', wallClock(2026, 11, 26), wallClock(2026, 11, 26), null, 0, 0, 0],
      ['王小明', '13911110001', '钻石卡', '会员', wallClock(2026, 11, 25), wallClock(2026, 11, 25), null, 0, 0, 0],
    ]);
    const row = sheet.getRow(3);
    expect(row.getCell(2).type).toBe(ValueType.String);
    expect(row.getCell(5).type).toBe(ValueType.Date);
    expect(row.getCell(5).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(8).type).toBe(ValueType.Number);
    expect(sheet.getColumn(1).width).toBeGreaterThan(10);
    expect((await allAudit()).map((a) => [a.action, a.actorId])).toEqual([['club.roster.exported', coordinator.id]]);
  });

  it('takes the chosen columns and the language, like the CSV', async () => {
    const { club, client } = await coordinatedClub();
    await enrol(club.id, 'pending', { name: 'Zhou Li', phone: '13922220003', ago: 60 });
    const { rows } = await sheetOf(await client.get(`/coordinator/clubs/${club.id}/roster.xlsx?lang=en&columns=phone&columns=status&status=pending`));
    expect(rows).toEqual([
      ['Mobile', 'Status'],
      ['13922220003', 'Pending'],
    ]);
  });

  it('is refused to another club’s coordinator and to members (403), and sends the signed-out to sign in; nothing is audited', async () => {
    const { club } = await coordinatedClub();
    await enrol(club.id, 'active', { name: '王小明', phone: '13911110001', ago: 60 });
    const other = await createUser(ctx, { role: 'coordinator' });
    await createClub(ctx, { coordinatorIds: [other.id] });
    const member = await createUser(ctx);
    for (const user of [other, member]) {
      const res = await (await signedIn(user.phone)).get(`/coordinator/clubs/${club.id}/roster.xlsx`);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const anon = await new TestClient(ctx).get(`/coordinator/clubs/${club.id}/roster.xlsx`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    expect(await allAudit()).toEqual([]);
  });

  it('is offered beside the CSV on the roster page, in both languages', async () => {
    const { club, client } = await coordinatedClub();
    const zh = await (await client.get(`/coordinator/clubs/${club.id}`)).text();
    expect(zh).toContain(`<button type="submit" class="secondary" formaction="/coordinator/clubs/${club.id}/roster.xlsx">导出 Excel（.xlsx）</button>`);
    const en = await (await client.get(`/coordinator/clubs/${club.id}?lang=en`)).text();
    expect(en).toContain(`formaction="/coordinator/clubs/${club.id}/roster.xlsx">Export Excel (.xlsx)</button>`);
  });
});
