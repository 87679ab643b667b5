import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atMinuteOfDay, startOfZonedDay } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createTiers, createUser } from '../../helpers/factories';

/** A tier without companions (silver: 0 a visit) is told so in words, never "up to 0 companions". */
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const ZONE = 'Asia/Shanghai';
/** `hour`:00 local today (the fixed clock: 2026-11-26 10:00). */
const at = (hour: number) => atMinuteOfDay(startOfZonedDay(ctx.clock.now(), ZONE), hour * 60, ZONE);
const text = (html: string) => html.replace(/<[^>]+>/g, '');

async function member(tierCode: string, name: string) {
  const user = await createUser(ctx, { tierCode, name });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function page(client: TestClient, path: string, lang: 'zh' | 'en') {
  const res = await client.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('a tier without companions', () => {
  it('home benefits: silver says the lounge is for the member alone and nothing about companions entering with them', async () => {
    const silver = await member('silver', '银卡会员');
    const zh = await page(silver.client, '/', 'zh');
    expect(zh).toContain('<strong>贵宾厅仅限本人</strong>');
    expect(zh).not.toContain('同行人随您一同入厅。');
    const en = await page(silver.client, '/', 'en');
    expect(en).toContain('<strong>Lounge visits are for you alone</strong>');
    expect(en).not.toContain('Companions enter the lounge with you.');
    // a tier with companions keeps the explanation
    const gold = await member('gold', '金卡会员');
    expect(await page(gold.client, '/', 'zh')).toContain('<strong>每次可带 1 位同行人</strong><span>同行人随您一同入厅。</span>');
    expect(await page(gold.client, '/', 'en')).toContain('<strong>1 companion per visit</strong><span>Companions enter the lounge with you.</span>');
  });

  it('the front page does not promise every tier companions, and shows silver as for the member alone', async () => {
    await createTiers(ctx);
    const zh = await page(new TestClient(ctx), '/', 'zh');
    expect(zh).toContain('每个等级每年有一定次数的机场贵宾厅到访；能否带同行人、热门活动能否提前报名，因等级而异，详见下方。');
    expect(zh).toContain('<li>贵宾厅仅限本人</li>');
    const en = await page(new TestClient(ctx), '/', 'en');
    expect(en).toContain('Every tier brings airport lounge visits each year; whether you can bring companions and register early for popular events depends on the tier, as below.');
    expect(en).not.toContain('Every tier brings airport lounge visits each year, companions');
  });

  it('the lounge pages: the allowance and the booking form say "for you alone", not "up to 0 companions"', async () => {
    const lounge = await createLounge(ctx, { capacity: 20 });
    const silver = await member('silver', '银卡会员');
    const zh = await page(silver.client, '/lounges', 'zh');
    expect(zh).toContain('2026 年：您的等级每年 2 次贵宾厅，仅限本人入厅，不可带同行人；已预约 0 次，已使用 0 次，剩余 2 次。');
    expect(zh).not.toContain('0 位同行人');
    expect(await page(silver.client, '/lounges', 'en')).toContain('2026: your tier gives 2 lounge visits a year, for you alone (no companions); 0 booked, 0 used, 2 left.');
    const detail = await page(silver.client, `/lounges/${lounge.id}`, 'zh');
    expect(detail).toContain('<small>您的等级不含同行人，仅限本人入厅。</small>');
    expect(detail).not.toContain('最多带 0 位');
    expect(await page(silver.client, `/lounges/${lounge.id}`, 'en')).toContain('<small>Your tier does not include companions: the visit is for you alone.</small>');
    // gold: one companion, in the singular
    const gold = await member('gold', '金卡会员');
    expect(await page(gold.client, '/lounges', 'en')).toContain('2026: your tier gives 4 lounge visits a year with up to 1 companion each; 0 booked, 0 used, 4 left.');
  });

  it('the walk-in share is said with its numbers, not as bare "(14 / 20)"', async () => {
    const lounge = await createLounge(ctx, { capacity: 20 });
    const gold = await member('gold', '金卡会员');
    const zh = await page(gold.client, `/lounges/${lounge.id}`, 'zh');
    expect(zh).toContain('每个时段保留部分座位给现场到访的会员：20 个座位中可预约 14 个。');
    expect(zh).not.toContain('(14 / 20)');
    expect(await page(gold.client, `/lounges/${lounge.id}`, 'en')).toContain('Some seats in every slot are kept for members who walk in: 14 of the 20 seats can be booked.');
  });
});

describe('the desk', () => {
  async function desk() {
    const staff = await createUser(ctx, { role: 'lounge_staff', name: '周服务' });
    const lounge = await createLounge(ctx, { staffIds: [staff.id] });
    const client = new TestClient(ctx);
    await client.signIn(staff.phone);
    return { lounge, client, url: `/desk/lounges/${lounge.id}` };
  }

  it('says "no companions" for a silver member and "just the member" for a booking without companions', async () => {
    const { lounge, client, url } = await desk();
    const silver = await member('silver', '刘银');
    expect((await silver.client.post(`/lounges/${lounge.id}/bookings`, { slot: String(at(11)), companions: '0' })).status).toBe(303);
    const zh = text(await page(client, `${url}?q=${encodeURIComponent('刘银')}`, 'zh'));
    expect(zh).toContain('银卡 · 本年剩余 1 次 · 不可带同行人');
    expect(zh).toContain('11:00–12:00 · 仅本人 · 凭证');
    expect(zh).not.toMatch(/0 位同行人/);
    const en = text(await page(client, `${url}?q=${encodeURIComponent('刘银')}`, 'en'));
    expect(en).toContain('Silver · 1 visit left this year · No companions');
    expect(en).toContain('11:00–12:00 · just the member · Pass');
    expect(en).not.toMatch(/0 companions/);
  });

  it('labels the party size of each expected arrival instead of "李明轩 (2)"', async () => {
    const { lounge, client, url } = await desk();
    const gold = await member('gold', '李明轩');
    expect((await gold.client.post(`/lounges/${lounge.id}/bookings`, { slot: String(at(11)), companions: '1' })).status).toBe(303);
    const silver = await member('silver', '刘银');
    expect((await silver.client.post(`/lounges/${lounge.id}/bookings`, { slot: String(at(11)), companions: '0' })).status).toBe(303);
    const zh = await page(client, url, 'zh');
    expect(zh).toContain('<div class="arrival">李明轩 · 2 人 <form');
    expect(zh).toContain('<div class="arrival">刘银 · 1 人 <form');
    expect(zh).not.toContain('李明轩 (2)');
    const en = await page(client, url, 'en');
    expect(en).toContain('<div class="arrival">李明轩 · party of 2 <form');
    expect(en).toContain('<div class="arrival">刘银 · 1 person <form');
  });
});
