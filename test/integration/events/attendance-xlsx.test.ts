import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { auditLog, registrations } from '../../../db/schema';
import { HOUR } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';
import { ValueType, expectFrozenHeader, sheetOf, wallClock } from '../../helpers/xlsx';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function party(eventId: number, o: { name: string; phone: string; code: string; seats: number; checkedIn: number; at?: number }) {
  const user = await createUser(ctx, { name: o.name, phone: o.phone, tierCode: 'gold' });
  const at = ctx.clock.now() - HOUR;
  await ctx.deps.db.insert(registrations).values({
    code: o.code,
    eventId,
    userId: user.id,
    status: 'confirmed',
    guests: o.seats - 1,
    children: [],
    seats: o.seats,
    createdAt: at,
    queuedAt: at,
    confirmedAt: at,
    checkedInSeats: o.checkedIn,
    checkedInAt: o.at ?? null,
  });
  return user;
}

async function signedIn(phone: string) {
  const client = new TestClient(ctx);
  await client.signIn(phone);
  return client;
}

const allAudit = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));

describe('the attendance list as .xlsx', () => {
  it('has phones and ticket codes as text, the check-in time as a Shanghai date-time cell, seats as numbers; header frozen', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const event = await createEvent(ctx, { clubId: club.id, capacity: 10 });
    // 01:45 UTC is 09:45 in Shanghai
    await party(event.id, { name: '王芳', phone: '13900001111', code: '00012345', seats: 3, checkedIn: 2, at: Date.UTC(2026, 10, 26, 1, 45) });
    await party(event.id, { name: '李雷', phone: '13900002222', code: randomCode(8), seats: 1, checkedIn: 0 });

    const res = await (await signedIn(coordinator.phone)).get(`/coordinator/events/${event.id}/attendance.xlsx`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="attendance-${event.slug}.xlsx"`);
    const { sheet, rows } = await sheetOf(res);
    expectFrozenHeader(sheet);
    expect(rows[0]).toEqual(['姓名', '手机号', '等级', '票号', '人数', '已签到', '状态', '签到时间']);
    expect(rows[1]).toEqual(['王芳', '13900001111', '金卡', '00012345', 3, 2, '已签到', wallClock(2026, 11, 26, 9, 45)]);
    expect(rows[2]).toEqual(['李雷', '13900002222', '金卡', expect.any(String), 1, 0, '已确认', null]);
    const first = sheet.getRow(2);
    expect([first.getCell(2).type, first.getCell(4).type, first.getCell(5).type, first.getCell(8).type]).toEqual([ValueType.String, ValueType.String, ValueType.Number, ValueType.Date]);
    expect(first.getCell(8).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect((await allAudit()).map((a) => a.action)).toEqual(['event.attendance.exported']);
  });

  it('is refused (403) to the coordinator of another club, offered beside the CSV on the page in both languages', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const event = await createEvent(ctx, { clubId: club.id });
    const other = await createUser(ctx, { role: 'coordinator' });
    await createClub(ctx, { coordinatorIds: [other.id] });
    expect((await (await signedIn(other.phone)).get(`/coordinator/events/${event.id}/attendance.xlsx`)).status).toBe(403);
    expect(await allAudit()).toEqual([]);

    const client = await signedIn(coordinator.phone);
    const link = `<a href="/coordinator/events/${event.id}/attendance.xlsx" data-hx-boost="false" role="button" class="secondary" download="">`;
    expect(await (await client.get(`/coordinator/events/${event.id}/attendance`)).text()).toContain(`${link}导出 Excel（.xlsx）</a>`);
    expect(await (await client.get(`/coordinator/events/${event.id}/attendance?lang=en`)).text()).toContain(`${link}Export Excel (.xlsx)</a>`);
  });
});
