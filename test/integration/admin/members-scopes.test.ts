import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, clubCoordinators, clubs, loungeStaff } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin' });
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

const links = () => ctx.deps.db.select().from(clubCoordinators).orderBy(asc(clubCoordinators.clubId));
const staffLinks = () => ctx.deps.db.select().from(loungeStaff).orderBy(asc(loungeStaff.loungeId));

describe('a coordinator’s clubs', () => {
  it('are assigned and removed on their page, and the coordinator’s access follows', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator', name: '赵协调' });
    const golf = await createClub(ctx, { category: 'golf' });
    const music = await createClub(ctx, { category: 'music', coordinatorIds: [coordinator.id] });
    const closed = await createClub(ctx);
    await ctx.deps.db.update(clubs).set({ archivedAt: ctx.clock.now() }).where(eq(clubs.id, closed.id));
    const desk = new TestClient(ctx);
    await desk.signIn(coordinator.phone);
    expect((await desk.get(`/coordinator/clubs/${golf.id}`)).status).toBe(403);

    const page = await (await admin.get(`/admin/members/${coordinator.id}`)).text();
    expect(page).toContain('<h2 id="scope-clubs">负责的俱乐部</h2>');
    expect(page).toContain(`<span>${music.nameZh}</span>`);
    expect(page).toContain(`<option value="${golf.id}">${golf.nameZh}</option>`);
    expect(page).not.toContain(`<option value="${music.id}">`); // already theirs
    expect(page).not.toContain(`<option value="${closed.id}">`); // closed clubs are not offered

    const res = await admin.post(`/admin/members/${coordinator.id}/clubs`, { clubId: String(golf.id), assigned: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/members/${coordinator.id}`);
    expect(await links()).toEqual([
      { clubId: golf.id, userId: coordinator.id },
      { clubId: music.id, userId: coordinator.id },
    ]);
    expect((await desk.get(`/coordinator/clubs/${golf.id}`)).status).toBe(200);
    expect(await (await admin.get(`/admin/members/${coordinator.id}`)).text()).toContain('已指派俱乐部。');

    // assigning twice changes nothing and records nothing more
    expect((await admin.post(`/admin/members/${coordinator.id}/clubs`, { clubId: String(golf.id), assigned: '1' })).status).toBe(303);
    expect(await links()).toHaveLength(2);

    expect((await admin.post(`/admin/members/${coordinator.id}/clubs`, { clubId: String(music.id), assigned: '0' })).status).toBe(303);
    expect(await links()).toEqual([{ clubId: golf.id, userId: coordinator.id }]);
    expect((await desk.get(`/coordinator/clubs/${music.id}`)).status).toBe(403);
    const audit = await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.targetId, a.detail])).toEqual([
      ['club.coordinator.assigned', String(golf.id), { userId: coordinator.id }],
      ['club.coordinator.removed', String(music.id), { userId: coordinator.id }],
    ]);
  });

  it('refuses a closed or unknown club and anyone who is not a coordinator (422), writing nothing', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const member = await createUser(ctx);
    const club = await createClub(ctx);
    const closed = await createClub(ctx);
    await ctx.deps.db.update(clubs).set({ archivedAt: ctx.clock.now() }).where(eq(clubs.id, closed.id));
    const cases: Array<[number, Record<string, string>, number, string]> = [
      [coordinator.id, { clubId: String(closed.id), assigned: '1' }, 422, '这个俱乐部已关闭，不能指派。'],
      [coordinator.id, { clubId: '999999', assigned: '1' }, 422, '所选项目不存在，请重新选择。'],
      [member.id, { clubId: String(club.id), assigned: '1' }, 422, '只能为相应身份的账户指派。'],
      [coordinator.id, { clubId: 'golf', assigned: '1' }, 400, ''],
      [coordinator.id, { clubId: String(club.id), assigned: 'yes' }, 400, ''],
      [coordinator.id, { clubId: String(club.id), assigned: '1', role: 'admin' }, 400, ''],
      [999999, { clubId: String(club.id), assigned: '1' }, 404, ''],
    ];
    for (const [userId, form, status, message] of cases) {
      const res = await admin.post(`/admin/members/${userId}/clubs`, form);
      expect(res.status, JSON.stringify(form)).toBe(status);
      if (message) expect(await res.text()).toContain(message);
    }
    expect(await links()).toEqual([]);
    expect(await ctx.deps.db.select().from(auditLog)).toEqual([]);
  });
});

describe('lounge staff’s lounges', () => {
  it('are assigned and removed on their page, through the lounge module, and desk access follows', async () => {
    const staff = await createUser(ctx, { role: 'lounge_staff', name: '钱服务' });
    const hak = await createLounge(ctx, { code: 'HAK-T2' });
    const syx = await createLounge(ctx, { code: 'SYX-T1', staffIds: [staff.id] });
    const desk = new TestClient(ctx);
    await desk.signIn(staff.phone);
    expect((await desk.get(`/desk/lounges/${hak.id}`)).status).toBe(403);

    const page = await (await admin.get(`/admin/members/${staff.id}?lang=en`)).text();
    expect(page).toContain('<h2 id="scope-lounges">Lounges they work</h2>');
    expect(page).toContain(`<span>${syx.nameEn}</span>`);
    expect(page).toContain(`aria-label="Remove ${syx.nameEn}"`);
    expect(page).toContain(`<option value="${hak.id}">${hak.nameEn}</option>`);

    expect((await admin.post(`/admin/members/${staff.id}/lounges`, { loungeId: String(hak.id), assigned: '1' })).status).toBe(303);
    expect((await desk.get(`/desk/lounges/${hak.id}`)).status).toBe(200);
    expect((await admin.post(`/admin/members/${staff.id}/lounges`, { loungeId: String(syx.id), assigned: '0' })).status).toBe(303);
    expect(await staffLinks()).toEqual([{ loungeId: hak.id, userId: staff.id }]);
    expect((await desk.get(`/desk/lounges/${syx.id}`)).status).toBe(403);
    expect(await (await admin.get(`/admin/members/${staff.id}`)).text()).toContain('Lounge removed.');

    const member = await createUser(ctx);
    const wrong = await admin.post(`/admin/members/${member.id}/lounges`, { loungeId: String(hak.id), assigned: '1' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Only accounts with the matching role can be assigned.');
    const unknown = await admin.post(`/admin/members/${staff.id}/lounges`, { loungeId: '999999', assigned: '1' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('That choice does not exist; choose again.');
    expect(await staffLinks()).toEqual([{ loungeId: hak.id, userId: staff.id }]);
  });

  it('shows no scope section on a member’s or an admin’s page', async () => {
    const member = await createUser(ctx);
    const other = await createUser(ctx, { role: 'admin' });
    for (const id of [member.id, other.id]) {
      const html = await (await admin.get(`/admin/members/${id}`)).text();
      expect(html).not.toContain('id="scope-clubs"');
      expect(html).not.toContain('id="scope-lounges"');
    }
  });
});
