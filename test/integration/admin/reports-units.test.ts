import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { addEvent, addReg, csvRows, sh } from './reports-fixtures';

let ctx: TestContext;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  const a = await createUser(ctx, { role: 'admin' });
  admin = new TestClient(ctx);
  await admin.signIn(a.phone);
  // one ended event: a party of four nobody came for, and three members alone who all came
  const event = await addEvent(ctx, { clubId: null, startsAt: sh(2026, 8, 10, 19) });
  await addReg(ctx, { eventId: event.id, userId: (await createUser(ctx, {})).id, seats: 4, checkedIn: 0 });
  for (let i = 0; i < 3; i += 1) await addReg(ctx, { eventId: event.id, userId: (await createUser(ctx, {})).id, seats: 1, checkedIn: 1 });
});
afterEach(() => ctx.close());

const statOf = (html: string, label: string) => new RegExp(`<p class="stat-value">([^<]*)</p><p class="stat-label">${label.replace(/[()+]/g, '\\$&')}</p>`).exec(html)?.[1];

describe('the attendance report names its units', () => {
  it('labels people and parties apart, and rates no-shows by party over parties (not people over parties)', async () => {
    const zh = await (await admin.get('/admin/reports?lang=zh')).text();
    // 1 no-show party of 4 ended parties: 25 %, whatever the party sizes (by people it would read 4 of 7)
    expect(statOf(zh, '未到场率（按报名组）')).toBe('25.0%');
    expect(statOf(zh, '已确认人次（会员 + 同行）')).toBe('7');
    expect(statOf(zh, '签到人次（会员 + 同行）')).toBe('3');
    expect(zh).toContain('计数单位：“组”指一条报名');
    expect(zh).toContain('分子分母都按报名组计');
    // the chart's legend says what each bar counts
    expect(zh).toMatch(/<text class="chart-axis"[^>]*>已确认人次（会员 \+ 同行）<\/text>/);
    expect(zh).toMatch(/<text class="chart-axis"[^>]*>签到人次（会员 \+ 同行）<\/text>/);

    const en = await (await admin.get('/admin/reports?lang=en')).text();
    expect(statOf(en, 'No-show rate (by party)')).toBe('25.0%');
    expect(en).toContain('<th scope="col" class="num">No-show parties</th>');
    expect(en).toContain('<th scope="col" class="num">People checked in (members + guests)</th>');
    expect(en).toMatch(/<text class="chart-axis"[^>]*>People confirmed \(members \+ guests\)<\/text>/);

    const csv = csvRows(await (await admin.get('/admin/reports/attendance.csv?lang=en')).text());
    expect(csv[0]!.slice(3)).toEqual(['Confirmed registrations (parties)', 'People confirmed (members + guests)', 'Parties checked in', 'People checked in (members + guests)', 'Parties at ended events', 'No-show parties', 'No-show rate by party (%)', 'Cancelled registrations (parties)']);
    expect(csv[csv.length - 1]).toEqual(['Total', '', '1', '4', '7', '3', '3', '4', '1', '25.0', '0']);
  });
});
