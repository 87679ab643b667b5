import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';
import { addBooking, addMembership, addRegistration } from '../feedback/fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** Visible text without what is legitimately Chinese: elements marked lang="zh-CN" and names people typed. */
function visibleText(html: string, allowed: string[]): string {
  let text = html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ');
  for (const a of allowed) text = text.split(a).join(' ');
  return text;
}

describe('members and staff pages in both languages', () => {
  it('have no Chinese in English and no untranslated key in Chinese', async () => {
    const admin = await createUser(ctx, { role: 'admin', name: 'Admin Person' });
    const member = await createUser(ctx, { name: 'Test Person', tierCode: 'platinum' });
    const coordinator = await createUser(ctx, { role: 'coordinator', name: 'Club Person' });
    const staff = await createUser(ctx, { role: 'lounge_staff', name: 'Desk Person' });
    const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    await createClub(ctx);
    await addMembership(ctx, club.id, member.id, 'pending');
    const event = await createEvent(ctx, { clubId: club.id });
    await addRegistration(ctx, { eventId: event.id, userId: member.id, status: 'waitlisted' });
    const lounge = await createLounge(ctx, { staffIds: [staff.id] });
    await createLounge(ctx);
    await addBooking(ctx, { loungeId: lounge.id, userId: member.id, slotStart: ctx.clock.now() + DAY });
    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    const names = ['Admin Person', 'Test Person', 'Club Person', 'Desk Person'];
    const paths = [
      '/admin/members',
      '/admin/members?q=nobody',
      `/admin/members/${member.id}`,
      `/admin/members/${coordinator.id}`,
      `/admin/members/${staff.id}`,
      `/admin/members/${admin.id}`,
      `/admin/members/${member.id}/disable`,
      `/admin/members/${member.id}/password`,
      '/admin/members/new',
      '/admin/staff/new',
    ];
    for (const path of paths) {
      const sep = path.includes('?') ? '&' : '?';
      const en = await client.get(`${path}${sep}lang=en`);
      expect(en.status, path).toBe(200);
      const text = visibleText(await en.text(), names);
      expect(text.match(CJK)?.[0], `${path}: ${text.slice(Math.max(0, text.search(CJK) - 60), text.search(CJK) + 60)}`).toBeUndefined();
      const zh = await (await client.get(`${path}${sep}lang=zh`)).text();
      expect(visibleText(zh, []).match(/\b[a-z]+\.[a-zA-Z_.]+[a-z]\b/g)?.filter((k) => !/^(demo-pass|vip\.)/.test(k)) ?? [], path).toEqual([]);
    }
  });
});
