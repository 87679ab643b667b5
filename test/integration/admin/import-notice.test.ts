import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { notifications, outbox, users } from '../../../db/schema';
import { dispatchNotifications } from '../../../src/notifications/outbox';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { uploadAndPreview } from './import-helpers';

let ctx: TestContext;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin', name: '管理员' });
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

const noticesOf = async (userId: number) =>
  (await ctx.deps.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id))).map((n) => ({ kind: n.kind, params: n.params, link: n.link }));

describe('a tier changed by import', () => {
  it('tells the member exactly as a tier change on the member page does, and only the members whose tier changed', async () => {
    const viaPage = await createUser(ctx, { phone: '13600000030', tierCode: 'silver', name: '页面改级' });
    const changed = await createUser(ctx, { phone: '13600000031', tierCode: 'silver', name: '导入改级' });
    const same = await createUser(ctx, { phone: '13600000032', tierCode: 'gold', name: '等级不变' });

    const res = await admin.post(`/admin/members/${viaPage.id}/tier`, { tier: 'platinum' });
    expect(res.status).toBe(303);
    const pageNotices = await noticesOf(viaPage.id);
    expect(pageNotices).toEqual([{ kind: 'member.tierChanged', params: expect.objectContaining({ fromZh: '银卡', toZh: '白金卡' }), link: '/me/statement' }]);

    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier\n13600000031,导入改级,platinum\n13600000032,等级不变改名,gold\n13600000033,新会员,gold');
    expect((await admin.post(`/admin/import/${id}`, { digest })).status).toBe(200);

    expect(await noticesOf(changed.id)).toEqual(pageNotices);
    expect(await noticesOf(same.id)).toEqual([]);
    const [created] = await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.phone, '13600000033'));
    expect(await noticesOf(created!.id)).toEqual([]);

    // the inbox message goes out by SMS like every notice, worded the same for both
    await dispatchNotifications(ctx.deps);
    const sms = await ctx.deps.db.select({ userId: outbox.userId, notificationId: outbox.notificationId }).from(outbox).where(eq(outbox.channel, 'sms'));
    expect(sms.filter((m) => m.notificationId !== null).map((m) => m.userId).sort()).toEqual([viaPage.id, changed.id].sort());

    const inbox = new TestClient(ctx);
    await inbox.signIn(changed.phone);
    expect(await (await inbox.get('/inbox')).text()).toContain('您的会员等级已由银卡变更为白金卡');
  });
});
