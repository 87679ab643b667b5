import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, like } from 'drizzle-orm';
import { feedbackTickets, notifications } from '../../../db/schema';
import { flagOverdueFeedback } from '../../../src/feedback/jobs';
import { openTicket, replyToTicket } from '../../../src/feedback/service';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { formatCode } from '../../../src/lib/codes';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';
import { addMembership } from './fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const overdueMessages = () =>
  ctx.deps.db
    .select({ userId: notifications.userId, kind: notifications.kind, params: notifications.params, link: notifications.link, dedupeKey: notifications.dedupeKey, createdAt: notifications.createdAt })
    .from(notifications)
    .where(eq(notifications.kind, 'feedback.overdue'))
    .orderBy(asc(notifications.userId), asc(notifications.dedupeKey));

/** Admins, the golf club's two coordinators, another club's coordinator, a disabled admin, and a member with two tickets. */
async function world() {
  const admin = await createUser(ctx, { role: 'admin' });
  const admin2 = await createUser(ctx, { role: 'admin' });
  await createUser(ctx, { role: 'admin', disabledAt: FIXED_NOW - HOUR });
  const golf1 = await createUser(ctx, { role: 'coordinator' });
  const golf2 = await createUser(ctx, { role: 'coordinator' });
  const other = await createUser(ctx, { role: 'coordinator' });
  await createUser(ctx, { role: 'lounge_staff' });
  const golf = await createClub(ctx, { coordinatorIds: [golf1.id, golf2.id] });
  await createClub(ctx, { coordinatorIds: [other.id] });
  const member = await createUser(ctx);
  await addMembership(ctx, golf.id, member.id);
  const open = async (about: { type: 'club'; id: number } | null, subject: string) => {
    const r = await openTicket(ctx.deps, { id: member.id, role: 'member' }, { category: 'complaint', subject, body: '…', about });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const aboutGolf = await open({ type: 'club', id: golf.id }, '高尔夫');
  ctx.clock.advance(MINUTE);
  const general = await open(null, '一般');
  ctx.clock.set(FIXED_NOW);
  return { admin, admin2, golf1, golf2, other, member, aboutGolf, general };
}

describe('flagging tickets past the 48-hour promise', () => {
  it('sends nothing while tickets are within 48 hours, even at the due instant', async () => {
    await world();
    ctx.clock.set(FIXED_NOW + 48 * HOUR);
    expect(await flagOverdueFeedback(ctx.deps)).toBe(0);
    expect(await overdueMessages()).toEqual([]);
  });

  it('tells every enabled admin, and the club’s coordinators, once per ticket', async () => {
    const w = await world();
    ctx.clock.set(FIXED_NOW + 48 * HOUR + 1);
    // only the first ticket is past due (the second was opened a minute later)
    expect(await flagOverdueFeedback(ctx.deps)).toBe(4);
    const ref = formatCode(w.aboutGolf.reference);
    const at = FIXED_NOW + 48 * HOUR + 1;
    const msg = (userId: number, section: 'admin' | 'coordinator') => ({
      userId,
      kind: 'feedback.overdue',
      params: { reference: ref },
      link: `/${section}/feedback/${w.aboutGolf.id}`,
      dedupeKey: `feedback.overdue:${w.aboutGolf.id}:${userId}`,
      createdAt: at,
    });
    expect(await overdueMessages()).toEqual([msg(w.admin.id, 'admin'), msg(w.admin2.id, 'admin'), msg(w.golf1.id, 'coordinator'), msg(w.golf2.id, 'coordinator')]);

    // an hour later the general ticket (no club: admins only) is overdue as well; nobody hears twice about the first
    ctx.clock.advance(HOUR);
    expect(await flagOverdueFeedback(ctx.deps)).toBe(2);
    expect(await flagOverdueFeedback(ctx.deps)).toBe(0);
    const rows = await overdueMessages();
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.dedupeKey!.startsWith(`feedback.overdue:${w.general.id}:`)).map((r) => r.userId)).toEqual([w.admin.id, w.admin2.id]);
    expect(rows.some((r) => r.userId === w.other.id || r.userId === w.member.id)).toBe(false);
  });

  it('words the message for the reader and links to their section', async () => {
    const w = await world();
    ctx.clock.set(FIXED_NOW + 49 * HOUR);
    await flagOverdueFeedback(ctx.deps);
    const coordinator = new TestClient(ctx);
    await coordinator.signIn(w.golf1.phone);
    const html = await (await coordinator.get('/inbox')).text();
    expect(html).toContain(`反馈 ${formatCode(w.aboutGolf.reference)} 已超过 48 小时仍未首次回复，请尽快处理。`);
    expect(html).toContain(`href="/coordinator/feedback/${w.aboutGolf.id}"`);
    const en = await (await coordinator.get('/inbox?lang=en')).text();
    expect(en).toContain(`Feedback ${formatCode(w.aboutGolf.reference)} has waited more than 48 hours for a first reply. Please reply now.`);
  });

  it('leaves answered and closed tickets alone', async () => {
    const w = await world();
    ctx.clock.set(FIXED_NOW + 47 * HOUR);
    const replied = await replyToTicket(ctx.deps, { id: w.admin.id, role: 'admin' }, w.aboutGolf.id, '已处理');
    expect(replied.ok).toBe(true);
    await ctx.deps.db.update(feedbackTickets).set({ status: 'closed', closedAt: ctx.clock.now() }).where(eq(feedbackTickets.id, w.general.id));
    ctx.clock.set(FIXED_NOW + 60 * HOUR);
    expect(await flagOverdueFeedback(ctx.deps)).toBe(0);
    // a member writing again reopens the answered ticket, but the promise was kept: still nothing
    await ctx.deps.db.update(feedbackTickets).set({ status: 'open' }).where(eq(feedbackTickets.id, w.aboutGolf.id));
    expect(await flagOverdueFeedback(ctx.deps)).toBe(0);
    expect(await overdueMessages()).toEqual([]);
  });

  it('sends one message per person when two instances run it at the same moment', async () => {
    const w = await world();
    ctx.clock.set(FIXED_NOW + 50 * HOUR);
    const sibling = await ctx.sibling();
    const counts = await Promise.all([flagOverdueFeedback(ctx.deps), flagOverdueFeedback(sibling.deps), flagOverdueFeedback(ctx.deps), flagOverdueFeedback(sibling.deps)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    const rows = await ctx.deps.db.select({ userId: notifications.userId, key: notifications.dedupeKey }).from(notifications).where(like(notifications.dedupeKey, 'feedback.overdue:%'));
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.key)).size).toBe(6);
    const perPerson = new Map<number, number>();
    for (const r of rows) perPerson.set(r.userId, (perPerson.get(r.userId) ?? 0) + 1);
    expect(Object.fromEntries(perPerson)).toEqual({ [w.admin.id]: 2, [w.admin2.id]: 2, [w.golf1.id]: 1, [w.golf2.id]: 1 });
  });
});
