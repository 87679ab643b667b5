import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCode } from '../../../src/lib/codes';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';
import { ValueType, expectFrozenHeader, sheetOf, wallClock } from '../../helpers/xlsx';
import { addVisit, sh } from '../admin/reports-fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(phone: string) {
  const client = new TestClient(ctx);
  await client.signIn(phone);
  return client;
}

describe('the visits export as .xlsx', () => {
  it('has the slot and check-in as Shanghai date-time cells, the phone and pass code as text, people as a number', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    const lounge = await createLounge(ctx, { capacity: 20 });
    const member = await createUser(ctx, { name: '林晓', phone: '13900003333', tierCode: 'gold' });
    const visit = await addVisit(ctx, { loungeId: lounge.id, userId: member.id, slotStart: sh(2026, 11, 26, 9), status: 'checked_in', checkedInAt: sh(2026, 11, 26, 9, 10), companions: 1 });

    const res = await (await signedIn(admin.phone)).get(`/admin/lounges/${lounge.id}/visits.xlsx?day=2026-11-26`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="visits-${lounge.code}-2026-11-26-day.xlsx"`);
    const { sheet, rows } = await sheetOf(res);
    expectFrozenHeader(sheet);
    expect(rows).toEqual([
      ['预约时段', '姓名', '手机号', '等级', '凭证号', '人数', '状态', '现场到访', '入厅时间', '离厅时间'],
      [wallClock(2026, 11, 26, 9), '林晓', '13900003333', '金卡', formatCode(visit.code), 2, '已入厅', null, wallClock(2026, 11, 26, 9, 10), null],
    ]);
    const row = sheet.getRow(2);
    expect([row.getCell(1).type, row.getCell(3).type, row.getCell(5).type, row.getCell(6).type]).toEqual([ValueType.Date, ValueType.String, ValueType.String, ValueType.Number]);
  });

  it('is for admins only (lounge staff get 403), and offered beside the CSV', async () => {
    const staff = await createUser(ctx, { role: 'lounge_staff' });
    const lounge = await createLounge(ctx, { staffIds: [staff.id] });
    expect((await (await signedIn(staff.phone)).get(`/admin/lounges/${lounge.id}/visits.xlsx`)).status).toBe(403);
    const admin = await createUser(ctx, { role: 'admin' });
    const html = await (await (await signedIn(admin.phone)).get(`/admin/lounges/${lounge.id}/occupancy?day=2026-11-27`)).text();
    expect(html).toContain(`<a href="/admin/lounges/${lounge.id}/visits.xlsx?day=2026-11-27&amp;range=day" role="button" class="secondary" download="">导出 Excel（.xlsx）</a>`);
  });
});
