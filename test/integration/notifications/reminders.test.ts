import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { entitlementLedger, events, jobClaims, notifications, registrations, users } from '../../../db/schema';
import { DAY, HOUR, MINUTE } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { zonedToInstant } from '../../../src/lib/time';
import { sendEventReminders, sendLapseReminders } from '../../../src/notifications/reminders';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const sh = (month: number, day: number, hour = 0, year = 2026) => zonedToInstant({ year, month, day, hour, minute: 0 }, 'Asia/Shanghai');

async function addRegistration(eventId: number, userId: number, status: 'confirmed' | 'waitlisted' | 'cancelled', confirmedAt: number | null = ctx.clock.now()) {
  const now = ctx.clock.now();
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({ code: randomCode(), eventId, userId, status, children: [], seats: 1, createdAt: now, queuedAt: now, confirmedAt: status === 'confirmed' ? confirmedAt : null })
    .returning();
  return row!;
}

const remindersOf = (kind: string, userId?: number) =>
  ctx.deps.db
    .select()
    .from(notifications)
    .where(userId === undefined ? eq(notifications.kind, kind) : and(eq(notifications.kind, kind), eq(notifications.userId, userId)))
    .orderBy(asc(notifications.id));

describe('event reminders', () => {
  it('remind each confirmed member once, a day before, with a link to the ticket', async () => {
    const event = await createEvent(ctx, { inDays: 3 });
    const coming = await createUser(ctx, { tierCode: 'gold', locale: 'en' });
    const waiting = await createUser(ctx, { tierCode: 'gold' });
    const gaveUp = await createUser(ctx, { tierCode: 'gold' });
    const seat = await addRegistration(event.id, coming.id, 'confirmed');
    await addRegistration(event.id, waiting.id, 'waitlisted');
    await addRegistration(event.id, gaveUp.id, 'cancelled');

    ctx.clock.set(event.startsAt - DAY - MINUTE);
    expect(await sendEventReminders(ctx.deps)).toBe(0); // 24 h and a minute ahead: not yet
    ctx.clock.set(event.startsAt - DAY);
    expect(await sendEventReminders(ctx.deps)).toBe(1);
    expect(await sendEventReminders(ctx.deps)).toBe(0);
    ctx.clock.advance(12 * HOUR);
    expect(await sendEventReminders(ctx.deps)).toBe(0);

    const [reminder] = await remindersOf('event.reminder');
    expect(reminder).toMatchObject({ userId: coming.id, link: `/tickets/${seat.code}`, dedupeKey: `event.reminder:${seat.id}` });
    expect(reminder!.params).toEqual({ eventZh: event.titleZh, eventEn: event.titleEn, venueZh: '会场', venueEn: 'Venue', slotStart: event.startsAt });

    const client = new TestClient(ctx);
    await client.signIn(coming.phone);
    const inbox = await (await client.get('/inbox?lang=en')).text();
    expect(inbox).toContain(`Reminder: ${event.titleEn} starts at`);
    expect(inbox).toContain('at Venue. Bring your ticket.');
    expect(inbox).toContain(`href="/tickets/${seat.code}"`);
  });

  it('are not sent for a registration confirmed within the last day, or for a cancelled or past event', async () => {
    const soon = await createEvent(ctx, { inDays: 3 });
    const cancelled = await createEvent(ctx, { inDays: 3 });
    await ctx.deps.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, cancelled.id));
    const member = await createUser(ctx, { tierCode: 'gold' });
    const other = await createUser(ctx, { tierCode: 'gold' });
    await addRegistration(cancelled.id, member.id, 'confirmed');
    ctx.clock.set(soon.startsAt - 20 * HOUR);
    await addRegistration(soon.id, other.id, 'confirmed'); // has just had the confirmation
    expect(await sendEventReminders(ctx.deps)).toBe(0);
    ctx.clock.set(soon.startsAt + MINUTE);
    expect(await sendEventReminders(ctx.deps)).toBe(0);
  });

  it('are sent once even when two instances run the job at the same moment', async () => {
    const event = await createEvent(ctx, { inDays: 3 });
    const members = await Promise.all(Array.from({ length: 6 }, () => createUser(ctx, { tierCode: 'gold' })));
    for (const m of members) await addRegistration(event.id, m.id, 'confirmed');
    ctx.clock.set(event.startsAt - 2 * HOUR);
    const sibling = await ctx.sibling();
    sibling.clock.set(ctx.clock.now());
    const runs = await Promise.all([sendEventReminders(ctx.deps), sendEventReminders(sibling.deps), sendEventReminders(ctx.deps)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(6);
    const sent = await remindersOf('event.reminder');
    expect(sent).toHaveLength(6);
    expect(new Set(sent.map((n) => n.userId)).size).toBe(6);
  });
});

describe('reminders before unused lounge visits lapse', () => {
  it('wait until 30 days before the year ends, then tell each member with visits left how many, once', async () => {
    const gold = await createUser(ctx, { tierCode: 'gold' }); // 4 a year, none used
    const silver = await createUser(ctx, { tierCode: 'silver', locale: 'en' });
    const usedUp = await createUser(ctx, { tierCode: 'gold' });
    const disabled = await createUser(ctx, { tierCode: 'gold' });
    await createUser(ctx, { role: 'admin' });
    await ctx.deps.db.update(users).set({ disabledAt: ctx.clock.now() }).where(eq(users.id, disabled.id));
    const at = ctx.clock.now();
    await ctx.deps.db.insert(entitlementLedger).values([
      { userId: usedUp.id, year: 2026, at, type: 'grant', allowanceDelta: 4, params: {} },
      { userId: usedUp.id, year: 2026, at, type: 'use', usedDelta: 3, params: {} },
      { userId: usedUp.id, year: 2026, at, type: 'reserve', reservedDelta: 1, params: {} },
      { userId: silver.id, year: 2026, at, type: 'grant', allowanceDelta: 2, params: {} },
      { userId: silver.id, year: 2026, at, type: 'use', usedDelta: 1, params: {} },
    ]);

    ctx.clock.set(sh(12, 1, 23));
    expect(await sendLapseReminders(ctx.deps)).toBe(0); // 1 December, 23:00: 30 days and an hour before
    ctx.clock.set(sh(12, 2, 0));
    expect(await sendLapseReminders(ctx.deps)).toBe(2);
    expect(await sendLapseReminders(ctx.deps)).toBe(0);

    const sent = await remindersOf('lounge.lapsing');
    expect(sent.map((n) => [n.userId, n.params, n.link, n.dedupeKey])).toEqual([
      [gold.id, { count: 4, year: 2026 }, '/lounges', `lounge.lapsing:${gold.id}:2026`],
      [silver.id, { count: 1, year: 2026 }, '/lounges', `lounge.lapsing:${silver.id}:2026`],
    ]);
    expect(await ctx.deps.db.select().from(jobClaims)).toEqual([{ key: 'lounge-lapse:2026', claimedAt: sh(12, 2, 0) }]);

    const client = new TestClient(ctx);
    await client.signIn(silver.phone);
    expect(await (await client.get('/inbox?lang=en')).text()).toContain('Reminder: you have 1 lounge visit left for 2026. It lapses on 31 December; book it while you can.');
    const zh = new TestClient(ctx);
    await zh.signIn(gold.phone);
    expect(await (await zh.get('/inbox')).text()).toContain('提醒：您 2026 年还有 4 次贵宾厅权益未使用，将于 12 月 31 日到期，欢迎预约。');
  });

  it('run once across instances started at the same moment, and again the next year', async () => {
    await Promise.all(Array.from({ length: 5 }, () => createUser(ctx, { tierCode: 'gold' })));
    ctx.clock.set(sh(12, 20, 9));
    const sibling = await ctx.sibling();
    sibling.clock.set(ctx.clock.now());
    const runs = await Promise.all([sendLapseReminders(ctx.deps), sendLapseReminders(sibling.deps), sendLapseReminders(ctx.deps)]);
    expect(runs.sort()).toEqual([0, 0, 5]);
    expect(await remindersOf('lounge.lapsing')).toHaveLength(5);

    ctx.clock.set(sh(1, 1, 0, 2027));
    expect(await sendLapseReminders(ctx.deps)).toBe(0); // a new year: nothing lapses for eleven months
    ctx.clock.set(sh(12, 2, 8, 2027));
    expect(await sendLapseReminders(ctx.deps)).toBe(5);
    expect((await remindersOf('lounge.lapsing')).filter((n) => n.dedupeKey!.endsWith(':2027'))).toHaveLength(5);
  });

  it('are not sent on the last evening of the year for the year after', async () => {
    await createUser(ctx, { tierCode: 'gold' });
    ctx.clock.set(sh(12, 31, 23));
    expect(await sendLapseReminders(ctx.deps)).toBe(1);
    expect((await remindersOf('lounge.lapsing'))[0]!.params).toEqual({ count: 4, year: 2026 });
  });
});
