import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';
import { addBooking } from '../feedback/fixtures';

/** The membership card number is printed one way everywhere ("K7M2-Q9RT"), and typed any way. */
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(o: Parameters<typeof createUser>[1]) {
  const user = await createUser(ctx, o);
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const codesIn = (html: string) => [...html.matchAll(/<code class="card-number">([^<]*)<\/code>/g)].map((m) => m[1]!);

describe('the membership card number', () => {
  it('reads the same on the card, the account page, the admin’s member page and the lounge desk', async () => {
    const member = await signedIn({ name: '王芳', tierCode: 'gold' });
    const code = member.user.cardCode;
    const shown = `${code.slice(0, 4)}-${code.slice(4)}`;
    const admin = await signedIn({ role: 'admin', name: '管理员' });
    const staff = await signedIn({ role: 'lounge_staff', name: '周服务' });
    const lounge = await createLounge(ctx, { staffIds: [staff.user.id] });

    const pages = {
      home: await (await member.client.get('/')).text(),
      me: await (await member.client.get('/me')).text(),
      account: await (await member.client.get('/account')).text(),
      admin: await (await admin.client.get(`/admin/members/${member.user.id}`)).text(),
      desk: await (await staff.client.get(`/desk/lounges/${lounge.id}?q=${encodeURIComponent('王芳')}`)).text(),
    };
    for (const [name, html] of Object.entries(pages)) expect([name, codesIn(html)]).toEqual([name, [shown]]);
    // the desk labels it, in both languages
    expect(pages.desk).toContain(`<small>卡号 <code class="card-number">${shown}</code></small>`);
    expect(await (await staff.client.get(`/desk/lounges/${lounge.id}?q=${encodeURIComponent('王芳')}&lang=en`)).text()).toContain(
      `<small>Card number <code class="card-number">${shown}</code></small>`,
    );
  });

  it('is found when typed with the dash, with a space, without either, or in lower case', async () => {
    const member = await signedIn({ name: '王芳', tierCode: 'gold' });
    const code = member.user.cardCode;
    const admin = await signedIn({ role: 'admin', name: '管理员' });
    const staff = await signedIn({ role: 'lounge_staff', name: '周服务' });
    const lounge = await createLounge(ctx, { staffIds: [staff.user.id] });
    for (const typed of [code, `${code.slice(0, 4)}-${code.slice(4)}`, `${code.slice(0, 4)} ${code.slice(4)}`, code.toLowerCase()]) {
      const q = encodeURIComponent(typed);
      expect([typed, (await (await staff.client.get(`/desk/lounges/${lounge.id}?q=${q}`)).text()).includes('<strong>王芳</strong>')]).toEqual([typed, true]);
      expect([typed, (await (await admin.client.get(`/admin/members?q=${q}`)).text()).includes(`/admin/members/${member.user.id}"`)]).toEqual([typed, true]);
    }
  });

  it('prints a lounge booking code on the admin’s member page the way the pass prints it', async () => {
    const member = await createUser(ctx, { name: '王芳', tierCode: 'gold' });
    const admin = await signedIn({ role: 'admin', name: '管理员' });
    const lounge = await createLounge(ctx);
    const booking = await addBooking(ctx, { loungeId: lounge.id, userId: member.id, slotStart: ctx.clock.now() + 2 * DAY });
    const html = await (await admin.client.get(`/admin/members/${member.id}`)).text();
    expect(html).toContain(`<code>${booking.code.slice(0, 4)}-${booking.code.slice(4)}</code>`);
    expect(html).not.toContain(`<code>${booking.code}</code>`);
  });
});
