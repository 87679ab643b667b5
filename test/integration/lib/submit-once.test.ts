import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { clubMemberships, events, feedbackTickets, formSubmissions, loungeBookings, registrations, users } from '../../../db/schema';
import { DAY, HOUR } from '../../../src/lib/clock';
import { runHousekeeping } from '../../../src/jobs/housekeeping';
import { zonedToInstant } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser, TEST_PASSWORD } from '../../helpers/factories';
import { formToken, postForms } from '../../helpers/forms';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(o: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(ctx, o);
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const rowsOf = async (table: typeof users | typeof feedbackTickets | typeof events | typeof loungeBookings | typeof registrations | typeof clubMemberships) =>
  (await ctx.deps.db.select({ n: count() }).from(table))[0]!.n;
const passwordIn = (html: string) => html.match(/<p class="secret-value"><code>(\d{6})<\/code><\/p>/)?.[1];
/** The flash a redirect leaves behind, as the next page shows it. */
async function landing(client: TestClient, res: Response) {
  expect(res.status).toBe(303);
  const page = await client.get(res.headers.get('location')!);
  return { status: page.status, html: await page.text() };
}

const enrolForm = { phone: '136 5555 1234', name: '陈小雨', tier: 'platinum', locale: 'zh' };

describe('a form sent twice does its work once and answers both times with the first outcome', () => {
  it('enrolling a member: the second click shows the same one-time password, not “already enrolled”', async () => {
    const { client } = await signedIn({ role: 'admin' });
    const members = await rowsOf(users);
    const _once = await formToken(client, '/admin/members/new', '/admin/members');
    const first = await client.post('/admin/members', { ...enrolForm, _once });
    const second = await client.post('/admin/members', { ...enrolForm, _once });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [await first.text(), await second.text()];
    expect(passwordIn(a)).toMatch(/^\d{6}$/);
    expect(passwordIn(b)).toBe(passwordIn(a));
    expect(b).not.toContain('该手机号已登记');
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect(second.headers.get('x-submit-once')).toBe('repeat');
    expect(await rowsOf(users)).toBe(members + 1);
  });

  it('two submits racing in parallel end with one member and two good answers, also from two app processes', async () => {
    const { client } = await signedIn({ role: 'admin' });
    const sibling = await ctx.sibling();
    const twin = new TestClient(sibling);
    twin.cookies = new Map(client.cookies);
    const members = await rowsOf(users);
    const _once = await formToken(client, '/admin/members/new', '/admin/members');
    const [a, b] = await Promise.all([client.post('/admin/members', { ...enrolForm, _once }), twin.post('/admin/members', { ...enrolForm, _once })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [pa, pb] = [passwordIn(await a.text()), passwordIn(await b.text())];
    expect(pa).toMatch(/^\d{6}$/);
    expect(pb).toBe(pa);
    expect(await rowsOf(users)).toBe(members + 1);
  });

  it('feedback: one ticket with one 48-hour clock, both answers lead to it with the success message', async () => {
    const { client } = await signedIn();
    const form = { category: 'complaint', subject: '贵宾厅空调太冷', body: '空调温度过低。' };
    const _once = await formToken(client, '/me/feedback/new', '/me/feedback');
    const [a, b] = await Promise.all([client.post('/me/feedback', { ...form, _once }), client.post('/me/feedback', { ...form, _once })]);
    expect(a.headers.get('location')).toMatch(/^\/me\/feedback\//);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(await rowsOf(feedbackTickets)).toBe(1);
    expect((await landing(client, b)).html).toContain('flash-success');
  });

  it('a new event: one event, not two identical ones', async () => {
    const { user, client } = await signedIn({ role: 'coordinator' });
    const club = await createClub(ctx, { coordinatorIds: [user.id] });
    const form = {
      clubId: String(club.id), city: 'sanya', titleZh: '新年音乐会', titleEn: 'New Year Concert', descriptionZh: '年度音乐会', descriptionEn: 'The annual concert',
      venueZh: '三亚湾剧场', venueEn: 'Sanya Bay Theatre', startsAt: '2026-12-20T19:30', endsAt: '2026-12-20T21:30', opensAt: '2026-12-01T10:00',
      closesAt: '2026-12-20T12:00', capacity: '120', maxGuests: '2', minTier: 'gold', childMinAge: '', childMaxAge: '',
    };
    const before = await rowsOf(events);
    const _once = await formToken(client, '/coordinator/events/new', '/coordinator/events');
    const a = await client.post('/coordinator/events', { ...form, _once });
    const b = await client.post('/coordinator/events', { ...form, _once });
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await rowsOf(events)).toBe(before + 1);
    expect((await landing(client, b)).html).toContain('flash-success');
  });

  it('a lounge booking: the repeat lands on the same pass, not on “you already booked this slot”', async () => {
    const lounge = await createLounge(ctx);
    const { client } = await signedIn({ tierCode: 'gold' });
    const slot = String(zonedToInstant({ year: 2026, month: 11, day: 27, hour: 8, minute: 0 }, 'Asia/Shanghai'));
    const form = { slot, companions: '0', flight: '' };
    const _once = await formToken(client, `/lounges/${lounge.id}/book?slot=${slot}&companions=0&flight=`, `/lounges/${lounge.id}/bookings`);
    const a = await client.post(`/lounges/${lounge.id}/bookings`, { ...form, _once });
    const b = await client.post(`/lounges/${lounge.id}/bookings`, { ...form, _once });
    expect(a.headers.get('location')).toMatch(/^\/lounges\/passes\//);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(await rowsOf(loungeBookings)).toBe(1);
    const page = await landing(client, b);
    expect(page.status).toBe(200);
    expect(page.html).toContain('flash-success');
    expect(page.html).not.toContain('您已预约了这个时段');
  });

  it('an event registration: both answers open the ticket', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    const { client } = await signedIn({ tierCode: 'gold' });
    const _once = await formToken(client, `/events/${event.id}/register?guests=0`, `/events/${event.id}/register`);
    const [a, b] = await Promise.all([
      client.post(`/events/${event.id}/register`, { guests: '0', _once }),
      client.post(`/events/${event.id}/register`, { guests: '0', _once }),
    ]);
    expect(a.headers.get('location')).toMatch(/^\/tickets\//);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(await rowsOf(registrations)).toBe(1);
    expect((await landing(client, b)).html).toContain('flash-success');
  });

  it('joining a club: both answers say you joined', async () => {
    const club = await createClub(ctx);
    const { client } = await signedIn({ tierCode: 'gold' });
    const _once = await formToken(client, `/clubs/${club.id}/join`, `/clubs/${club.id}/join`);
    const a = await client.post(`/clubs/${club.id}/join`, { _once });
    const b = await client.post(`/clubs/${club.id}/join`, { _once });
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    expect(await rowsOf(clubMemberships)).toBe(1);
    const page = await landing(client, b);
    expect(page.html).toContain('flash-success');
    expect(page.html).not.toContain('flash-info');
  });

  it('an htmx request is answered with the first fragment and its htmx headers', async () => {
    const club = await createClub(ctx);
    const { client } = await signedIn({ tierCode: 'gold' });
    const _once = await formToken(client, `/clubs/${club.id}/join`, `/clubs/${club.id}/join`);
    const htmx = { headers: { 'hx-request': 'true' } };
    const a = await client.post(`/clubs/${club.id}/join`, { _once }, htmx);
    const b = await client.post(`/clubs/${club.id}/join`, { _once }, htmx);
    expect(b.status).toBe(a.status);
    expect([...b.headers].filter(([k]) => k.startsWith('hx-'))).toEqual([...a.headers].filter(([k]) => k.startsWith('hx-')));
    expect(b.headers.getSetCookie()).toEqual(a.headers.getSetCookie());
    expect(b.headers.get('x-submit-once')).toBe('repeat');
    expect(await b.text()).toBe(await a.text());
    expect(await rowsOf(clubMemberships)).toBe(1);
  });
});

describe('what is not a repeat', () => {
  it('a refused form is not kept: the corrected form with the same token does its work', async () => {
    const { client } = await signedIn({ role: 'admin' });
    const _once = await formToken(client, '/admin/members/new', '/admin/members');
    const bad = await client.post('/admin/members', { ...enrolForm, phone: '12345', _once });
    expect(bad.status).toBe(422);
    const good = await client.post('/admin/members', { ...enrolForm, _once });
    expect(good.status).toBe(201);
    expect(passwordIn(await good.text())).toMatch(/^\d{6}$/);
  });

  it('the same token with other values, or from someone else, is a new submission', async () => {
    const { client } = await signedIn();
    const other = await signedIn();
    const _once = await formToken(client, '/me/feedback/new', '/me/feedback');
    const form = { category: 'feedback', subject: '建议', body: '第一条' };
    await client.post('/me/feedback', { ...form, _once });
    await client.post('/me/feedback', { ...form, body: '第二条', _once });
    await other.client.post('/me/feedback', { ...form, _once });
    expect(await rowsOf(feedbackTickets)).toBe(3);
  });

  it('the sign-in form carries a token too, and it never reaches the sign-in check', async () => {
    const user = await createUser(ctx);
    const client = new TestClient(ctx);
    const _once = await formToken(client, '/login', '/login');
    const res = await client.post('/login', { phone: user.phone, password: TEST_PASSWORD, _once });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).not.toMatch(/^\/login/);
  });

  it('a form without a token works as before, and the token never reaches the route', async () => {
    const event = await createEvent(ctx, { capacity: 10 });
    const { client } = await signedIn({ tierCode: 'gold' });
    // the registration route refuses any field it does not know: the token must be taken out before it
    const res = await client.post(`/events/${event.id}/register`, { guests: '0', _once: 'A'.repeat(22) });
    expect(res.headers.get('location')).toMatch(/^\/tickets\//);
    const plain = await client.post(`/events/${event.id}/register`, { guests: '0' });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/events/${event.id}`);
  });

  it('keeps answers sealed: the row holds neither the password nor the token, and housekeeping removes it after a day', async () => {
    const { client } = await signedIn({ role: 'admin' });
    const _once = await formToken(client, '/admin/members/new', '/admin/members');
    const password = passwordIn(await (await client.post('/admin/members', { ...enrolForm, _once })).text())!;
    const [row] = await ctx.deps.db.select().from(formSubmissions);
    expect(row!.state).toBe('done');
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(_once);
    expect(stored).not.toContain('陈小雨');
    ctx.clock.advance(DAY + HOUR);
    expect((await runHousekeeping(ctx.deps)).submissionsPruned).toBe(1);
    expect(await ctx.deps.db.select().from(formSubmissions).where(eq(formSubmissions.key, row!.key))).toHaveLength(0);
  });

  it('a claim left by a request that died is taken over after a minute', async () => {
    const { user, client } = await signedIn();
    const _once = await formToken(client, '/me/feedback/new', '/me/feedback');
    const form = { category: 'feedback', subject: '建议', body: '内容', _once };
    // what a crash between the claim and the answer leaves behind: pending rows for every key
    await client.post('/me/feedback', form);
    await ctx.deps.db.update(formSubmissions).set({ state: 'pending', outcome: null, createdAt: ctx.clock.now() - 2 * 60_000 }).where(eq(formSubmissions.userId, user.id));
    await ctx.deps.db.delete(feedbackTickets);
    const retried = await client.post('/me/feedback', form);
    expect(retried.status).toBe(303);
    expect(await rowsOf(feedbackTickets)).toBe(1);
  });
});

describe('every form that posts carries a token', () => {
  it('on the pages each role uses', async () => {
    const admin = await signedIn({ role: 'admin' });
    const member = await signedIn({ tierCode: 'diamond' });
    const coordinator = await signedIn({ role: 'coordinator' });
    const club = await createClub(ctx, { coordinatorIds: [coordinator.user.id] });
    const event = await createEvent(ctx, { clubId: club.id });
    const pages: Array<[TestClient, string]> = [
      [member.client, '/'], [member.client, '/me'], [member.client, '/account'], [member.client, `/events/${event.id}`], [member.client, `/clubs/${club.id}`],
      [member.client, '/me/feedback/new'], [admin.client, '/admin/members/new'], [admin.client, '/admin/staff/new'], [admin.client, '/admin/tiers'],
      [coordinator.client, '/coordinator/events/new'], [coordinator.client, `/coordinator/clubs/${club.id}`],
    ];
    let forms = 0;
    for (const [client, path] of pages) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      for (const form of postForms(await res.text())) {
        forms += 1;
        expect(form.token, `${path} → ${form.action}`).not.toBeNull();
      }
    }
    expect(forms).toBeGreaterThan(pages.length);
  });
});
