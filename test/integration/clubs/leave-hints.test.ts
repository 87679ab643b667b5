import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { clubs } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function member() {
  const user = await createUser(ctx, { tierCode: 'gold' });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** The leave button's label and the hint under it, on the club page. */
async function actions(client: TestClient, clubId: number, lang: 'zh' | 'en') {
  const html = await (await client.get(`/clubs/${clubId}?lang=${lang}`)).text();
  const block = html.match(/<div class="club-actions">(.*?)<\/div>/s)?.[1] ?? '';
  return { button: block.match(/<button[^>]*>([^<]*)<\/button>/)?.[1], hint: block.match(/<small>([^<]*)<\/small>/)?.[1] };
}

describe('the hint under the leave button says what leaving gives up', () => {
  it('tells a pending request that withdrawing it frees no place, since a request holds none', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    await ctx.deps.db.update(clubs).set({ requiresApproval: true }).where(eq(clubs.id, club.id));
    const { client } = await member();
    expect((await client.post(`/clubs/${club.id}/join`, {})).status).toBe(303);
    expect(await actions(client, club.id, 'zh')).toEqual({ button: '撤回申请', hint: '一步撤回申请，无需说明原因；申请不占名额，撤回后也不影响其他会员。' });
    expect(await actions(client, club.id, 'en')).toEqual({ button: 'Withdraw request', hint: 'Withdraw your request in one step, no reason asked; a request holds no place.' });
  });

  it('tells a waitlisted member that leaving gives up their position, not a place', async () => {
    const club = await createClub(ctx, { capacity: 1 });
    const first = await member();
    await first.client.post(`/clubs/${club.id}/join`, {});
    const { client } = await member();
    await client.post(`/clubs/${club.id}/join`, {});
    expect(await actions(client, club.id, 'zh')).toEqual({ button: '退出候补', hint: '一步退出候补，无需说明原因；您将放弃候补第 1 位的排位，之后再加入须重新排队。' });
    expect(await actions(client, club.id, 'en')).toEqual({
      button: 'Leave the waitlist',
      hint: 'Leave the waitlist in one step, no reason asked; you give up your position (number 1) and would queue again from the end.',
    });
    // the member holding the place is told it goes to the waitlist
    expect(await actions(first.client, club.id, 'zh')).toEqual({ button: '退出俱乐部', hint: '一步退出，无需说明原因；名额会立即让给候补会员。' });
    expect(await actions(first.client, club.id, 'en')).toEqual({ button: 'Leave the club', hint: 'One step, no reason asked; your place goes to the waitlist at once.' });
  });

  it('does not promise a member their place goes to the waitlist when nobody waits', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    const { client } = await member();
    await client.post(`/clubs/${club.id}/join`, {});
    expect(await actions(client, club.id, 'zh')).toEqual({ button: '退出俱乐部', hint: '一步退出，无需说明原因；您的名额会重新开放给其他会员。' });
    expect(await actions(client, club.id, 'en')).toEqual({ button: 'Leave the club', hint: 'One step, no reason asked; your place opens up for other members.' });
  });
});
