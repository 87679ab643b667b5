import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../db/schema';
import { flagOverdueFeedback } from '../../../src/feedback/jobs';
import { submitRating } from '../../../src/feedback/ratings';
import { openTicket, replyToTicket } from '../../../src/feedback/service';
import { HOUR } from '../../../src/lib/clock';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';
import { addBooking, addMembership, addRegistration } from './fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** The visible text of a page, without the language switch (marked with its own lang) and without the head. */
function visibleText(html: string, allowed: string[]): string {
  let text = html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ');
  for (const a of allowed) text = text.split(a).join(' ');
  return text;
}

/** Every feedback page with something on it: tickets in every state, a rating, an overdue message. */
async function world() {
  const name = 'Test Person';
  const member = await createUser(ctx, { name, tierCode: 'platinum' });
  const coordinator = await createUser(ctx, { role: 'coordinator', name });
  const admin = await createUser(ctx, { role: 'admin', name });
  const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
  await addMembership(ctx, club.id, member.id);
  const event = await createEvent(ctx, { clubId: club.id, inDays: -2, opensInHours: -24 * 10 });
  const lounge = await createLounge(ctx);
  const reg = await addRegistration(ctx, { eventId: event.id, userId: member.id, checkedInAt: event.startsAt });
  const visit = await addBooking(ctx, { loungeId: lounge.id, userId: member.id, slotStart: FIXED_NOW - 2 * HOUR, status: 'checked_out' });
  const asMember = { id: member.id, role: 'member' as const };
  ctx.clock.set(FIXED_NOW - 50 * HOUR);
  const overdue = await openTicket(ctx.deps, asMember, { category: 'complaint', subject: 'Cold room', body: 'Too cold.', about: { type: 'club', id: club.id } });
  ctx.clock.set(FIXED_NOW - 3 * HOUR);
  const answered = await openTicket(ctx.deps, asMember, { category: 'feedback', subject: 'Nice day', body: 'Thanks.', about: { type: 'registration', id: reg.id } });
  ctx.clock.set(FIXED_NOW);
  if (!overdue.ok || !answered.ok) throw new Error('ticket');
  await replyToTicket(ctx.deps, { id: admin.id, role: 'admin' }, answered.value.id, 'Glad you liked it.');
  await flagOverdueFeedback(ctx.deps);
  const earlier = await addBooking(ctx, { loungeId: lounge.id, userId: member.id, slotStart: FIXED_NOW - 5 * HOUR, status: 'checked_out' });
  const rated = await submitRating(ctx.deps, asMember, { bookingId: earlier.id }, 4, 'Fine');
  if (!rated.ok) throw new Error(rated.error);
  return { member, coordinator, admin, club, event, reg, visit, lounge, overdue: overdue.value, answered: answered.value, name };
}
type World = Awaited<ReturnType<typeof world>>;

const PAGES: Array<[Exclude<Role, 'lounge_staff'>, (w: World) => string]> = [
  ['member', () => '/me/feedback'],
  ['member', () => '/me/feedback/new'],
  ['member', (w) => `/me/feedback/new?about=registration:${w.reg.id}`],
  ['member', (w) => `/me/feedback/new?about=booking:${w.visit.id}`],
  ['member', (w) => `/me/feedback/${w.overdue.reference}`],
  ['member', (w) => `/me/feedback/${w.answered.reference}`],
  ['member', (w) => `/me/ratings/new?registration=${w.reg.id}`],
  ['member', (w) => `/me/ratings/new?booking=${w.visit.id}`],
  ['member', () => '/inbox'],
  ['coordinator', () => '/coordinator/feedback'],
  ['coordinator', (w) => `/coordinator/feedback/${w.overdue.id}`],
  ['coordinator', () => '/inbox'],
  ['admin', () => '/admin'],
  ['admin', () => '/admin/feedback?status=all'],
  ['admin', (w) => `/admin/feedback/${w.overdue.id}`],
  ['admin', (w) => `/admin/feedback/${w.answered.id}`],
  ['admin', () => '/admin/satisfaction'],
  ['admin', (w) => `/admin/satisfaction/lounges/${w.lounge.id}`],
  ['admin', (w) => `/admin/satisfaction/clubs/${w.club.id}`],
];

describe('feedback pages in both languages', () => {
  for (const [role, path] of PAGES) {
    it(`${role} ${path({ reg: { id: ':reg' }, visit: { id: ':visit' }, overdue: { id: ':id', reference: ':ref' }, answered: { id: ':id', reference: ':ref' }, lounge: { id: ':lounge' }, club: { id: ':club' } } as never)}: English has no Chinese, Chinese no untranslated key`, async () => {
      const w = await world();
      const client = new TestClient(ctx);
      await client.signIn(w[role].phone);
      const url = path(w);
      const sep = url.includes('?') ? '&' : '?';
      const en = await client.get(`${url}${sep}lang=en`);
      expect(en.status, url).toBe(200);
      const text = visibleText(await en.text(), [w.name]);
      const at = text.search(CJK);
      expect(text.match(CJK)?.[0], `${url}: ${text.slice(Math.max(0, at - 60), at + 60)}`).toBeUndefined();
      const zh = await (await client.get(`${url}${sep}lang=zh`)).text();
      expect(visibleText(zh, []).match(/\b[a-z]+\.[a-zA-Z_.]+[a-z]\b/g) ?? []).toEqual([]);
    });
  }
});
