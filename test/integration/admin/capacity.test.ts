import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clubMemberships, registrations } from '../../../db/schema';
import { capacityOverview } from '../../../src/admin/capacity';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { createUser } from '../../helpers/factories';
import { seedProgramme, sh, tableRows, type Programme } from './reports-fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

describe('capacity overview', () => {
  let w: Programme;
  beforeEach(async () => {
    w = await seedProgramme(ctx);
  });

  it('lists upcoming events, clubs and today’s lounge slots against their capacity, equal to the tables', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const res = await client.get('/admin/capacity?lang=en');
    expect(res.status).toBe(200);
    const html = await res.text();

    // events from today for 60 days: tonight's concert and December's golf day (full, with a waitlist); not March 2027
    const events = tableRows(html, 'cap-events-table');
    expect(events[0]).toEqual(['Event', 'Confirmed / capacity', 'Waitlist']);
    expect(events.slice(1)).toEqual([
      [`${w.events.e6.titleEn} Thu, 26 Nov 2026, 19:00 · ${w.music.nameEn} Change capacity`, '3 / 8 (38%) Can go down to 3', 'None'],
      [`${w.events.e5.titleEn} Sat, 5 Dec 2026, 09:00 · ${w.golf.nameEn} Change capacity`, '3 / 3 (100%) · full Can go down to 3', '2 parties, 3 seats'],
    ]);
    expect(html).toContain(`href="/coordinator/events/${w.events.e5.id}/edit"`);
    for (const e of [w.events.e5, w.events.e6]) {
      const rows = await ctx.deps.db.select().from(registrations).where(eq(registrations.eventId, e.id));
      const seats = rows.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.seats, 0);
      const waiting = rows.filter((r) => r.status === 'waitlisted');
      const data = await capacityOverview(ctx.deps, { id: w.admin.id, role: 'admin' });
      const line = data.ok ? data.value.events.find((x) => x.id === e.id)! : null;
      expect(line && [line.confirmedSeats, line.waitlistParties, line.waitlistSeats]).toEqual([seats, waiting.length, waiting.reduce((n, r) => n + r.seats, 0)]);
    }

    const clubs = tableRows(html, 'cap-clubs-table');
    expect(clubs.slice(1)).toEqual([
      [`${w.golf.nameEn} Change places`, '2 / 2 (100%) · full Can go down to 2', '1', '1'],
      [`${w.music.nameEn} Change places`, '1 / 10 (10%) Can go down to 1', '1', '0'],
    ]);
    const golfRows = await ctx.deps.db.select().from(clubMemberships).where(and(eq(clubMemberships.clubId, w.golf.id), inArray(clubMemberships.status, ['active', 'pending', 'waitlisted'])));
    expect(['active', 'pending', 'waitlisted'].map((s) => golfRows.filter((r) => r.status === s).length)).toEqual([2, 1, 1]);
    expect(html).toContain(`href="/admin/clubs/${w.golf.id}/edit"`);
    expect(html).toContain(`href="/coordinator/clubs/${w.golf.id}?status=waitlisted"`);

    // Haikou today: 70 % of 20 = 14 bookable per slot; 3 booked at 12:00 (two companions), 2 at 09:00 (inside now)
    expect(html).toContain('Capacity 20 × 70% bookable = 14 people per slot.');
    expect(html).toContain('Inside now: 2 / 20 (10%)');
    const data = await capacityOverview(ctx.deps, { id: w.admin.id, role: 'admin' });
    if (!data.ok) throw new Error(data.error);
    const hak = data.value.lounges.find((l) => l.id === w.hak.id)!;
    expect(hak.slots).toHaveLength(17);
    expect(hak.slots.find((s) => s.start === sh(2026, 11, 26, 12))).toMatchObject({ booked: 3, capacity: 14, past: false });
    expect(hak.slots.find((s) => s.start === sh(2026, 11, 26, 9))).toMatchObject({ booked: 2, capacity: 14, past: true });
    expect(hak.slots.filter((s) => s.booked > 0)).toHaveLength(2);
    expect(html).toContain(`href="/admin/lounges/${w.hak.id}/edit"`);
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('shows the bars with words, in Chinese too', async () => {
    const client = new TestClient(ctx);
    await client.signIn(w.admin.phone);
    const html = await (await client.get('/admin/capacity?lang=zh')).text();
    expect(html).toContain('3 / 3，占 100%');
    expect(html).toContain('已满');
    expect(html).toContain('容量 20 × 可预约 70% = 每时段 14 人。');
    expect(html).toMatch(/<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">/);
  });

  it('is refused to anyone but an admin at the service too', async () => {
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) expect(await capacityOverview(ctx.deps, { id: w.gold.id, role })).toEqual({ ok: false, error: 'forbidden' });
  });
});

describe('capacity overview of an empty programme', () => {
  it('says so for each part', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    const html = await (await client.get('/admin/capacity?lang=en')).text();
    expect(html).toContain('No events in the next 60 days.');
    expect(html).toContain('No open clubs.');
    expect(html).toContain('No lounges yet.');
  });
});
