import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { dependents, events, registrations } from '../../../db/schema';
import { HOUR } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(opts: { role?: 'member' | 'coordinator' | 'admin' | 'lounge_staff'; tierCode?: string; name?: string } = {}) {
  const user = await createUser(ctx, { role: opts.role ?? 'member', ...(opts.tierCode ? { tierCode: opts.tierCode } : {}), ...(opts.name ? { name: opts.name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

const setEvent = (id: number, values: Partial<typeof events.$inferInsert>) => ctx.deps.db.update(events).set(values).where(eq(events.id, id));

async function register(client: TestClient, eventId: number, guests = 0, childIds: number[] = []) {
  const body = new URLSearchParams({ guests: String(guests) });
  for (const id of childIds) body.append('children', String(id));
  const res = await client.request(`/events/${eventId}/register`, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.status).toBe(303);
  return res;
}

const registrationOf = async (eventId: number, userId: number) =>
  (await ctx.deps.db.select().from(registrations).where(and(eq(registrations.eventId, eventId), eq(registrations.userId, userId))).orderBy(registrations.id)).at(-1)!;
const dashed = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** A club event with a coordinator, and a member holding a confirmed ticket for themselves, a guest and a child. */
async function ticketSetup() {
  const coordinator = await signedIn({ role: 'coordinator' });
  const club = await createClub(ctx, { coordinatorIds: [coordinator.user.id] });
  const event = await createEvent(ctx, { clubId: club.id, capacity: 5 });
  await setEvent(event.id, { childMinAge: 3, childMaxAge: 12 });
  const holder = await signedIn({ name: '王小二' });
  const [child] = await ctx.deps.db.insert(dependents).values({ userId: holder.user.id, name: '小明', birthYear: 2018, createdAt: ctx.clock.now() }).returning();
  const res = await register(holder.client, event.id, 1, [child!.id]);
  const registration = await registrationOf(event.id, holder.user.id);
  expect(res.headers.get('location')).toBe(`/tickets/${registration.code}`);
  return { coordinator, club, event, holder, registration, code: registration.code };
}

describe('the ticket page', () => {
  it('shows the holder the QR code, the code, the party, a calendar link and a cancel button, never cached', async () => {
    const { event, holder, code } = await ticketSetup();
    const res = await holder.client.get(`/tickets/${code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<svg class="qr ticket-qr"[^>]* role="img" aria-label="电子票二维码，票号 ${dashed(code)}"`));
    expect(html).toContain(`<code>${dashed(code)}</code>`);
    expect(html).toContain(event.titleZh);
    expect(html).toContain('王小二、1 位同行人、小明');
    expect(html).toContain('已确认 · 3 个座位');
    expect(html).toContain(`href="/tickets/${code}.ics"`);
    expect(html).toContain(`action="/events/${event.id}/cancel"`);
    expect(html).toContain('取消报名');
  });

  it('shows the page in English', async () => {
    const { holder, code } = await ticketSetup();
    const html = await (await holder.client.get(`/tickets/${code}?lang=en`)).text();
    expect(html).toContain(`aria-label="Ticket QR code, code ${dashed(code)}"`);
    expect(html).toContain('王小二, 1 guest, 小明');
    expect(html).toContain('Confirmed · 3 seats');
    expect(html).toContain('Add to calendar (.ics)');
  });

  it('accepts the code in any case and with a dash', async () => {
    const { holder, code } = await ticketSetup();
    for (const typed of [code.toLowerCase(), dashed(code), dashed(code).toLowerCase()]) {
      const res = await holder.client.get(`/tickets/${typed}`);
      expect(res.status, typed).toBe(200);
      expect(await res.text()).toContain(`<code>${dashed(code)}</code>`);
    }
  });

  it('hides the ticket from other members, lounge staff and other clubs’ coordinators (404, not 403)', async () => {
    const { code } = await ticketSetup();
    const other = await signedIn();
    const staff = await signedIn({ role: 'lounge_staff' });
    const elsewhere = await signedIn({ role: 'coordinator' });
    await createClub(ctx, { coordinatorIds: [elsewhere.user.id] });
    for (const { client } of [other, staff, elsewhere]) {
      expect((await client.get(`/tickets/${code}`)).status).toBe(404);
      expect((await client.get(`/tickets/${code.toLowerCase()}`)).status).toBe(404);
      expect((await client.get(`/tickets/${code}.ics`)).status).toBe(404);
    }
    // a made-up code looks exactly the same
    const madeUp = code === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH';
    expect((await other.client.get(`/tickets/${madeUp}`)).status).toBe(404);
    expect((await other.client.get(`/tickets/${madeUp}.ics`)).status).toBe(404);
    expect((await other.client.get('/tickets/short')).status).toBe(404);
    expect((await other.client.get('/tickets/%3Cscript%3E')).status).toBe(404);
  });

  it('opens for the coordinator of the event’s club and for admins, without a cancel button', async () => {
    const { coordinator, code } = await ticketSetup();
    const admin = await signedIn({ role: 'admin' });
    for (const { client } of [coordinator, admin]) {
      const res = await client.get(`/tickets/${code}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<code>${dashed(code)}</code>`);
      expect(html).toContain('王小二');
      expect(html).not.toContain('/cancel"');
    }
  });

  it('keeps a programme-wide event’s tickets to the holder and admins', async () => {
    const coordinator = await signedIn({ role: 'coordinator' });
    await createClub(ctx, { coordinatorIds: [coordinator.user.id] });
    const event = await createEvent(ctx, { clubId: null });
    const holder = await signedIn();
    await register(holder.client, event.id);
    const { code } = await registrationOf(event.id, holder.user.id);
    expect((await coordinator.client.get(`/tickets/${code}`)).status).toBe(404);
    expect((await (await signedIn({ role: 'admin' })).client.get(`/tickets/${code}`)).status).toBe(200);
  });

  it('sends a signed-out visitor to sign in and back', async () => {
    const { code } = await ticketSetup();
    const anonymous = new TestClient(ctx);
    const res = await anonymous.get(`/tickets/${code}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/tickets/${code}`)}`);
    const ics = await anonymous.get(`/tickets/${code}.ics`);
    expect(ics.status).toBe(303);
    expect(ics.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('shows no QR code for a waitlisted registration, and its position', async () => {
    const event = await createEvent(ctx, { capacity: 1 });
    await register((await signedIn()).client, event.id);
    const { user, client } = await signedIn();
    await register(client, event.id);
    const { code, status } = await registrationOf(event.id, user.id);
    expect(status).toBe('waitlisted');
    const res = await client.get(`/tickets/${code}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('此报名目前不是已确认状态，暂无电子票。');
    expect(html).toContain('候补第 1 位');
    expect(html).not.toContain('ticket-qr');
    expect(html).not.toContain('.ics"');
    expect(html).toContain('退出候补');
    expect((await client.get(`/tickets/${code}.ics`)).status).toBe(404);
  });

  it('shows no QR code once the registration is cancelled', async () => {
    const event = await createEvent(ctx);
    const { user, client } = await signedIn();
    await register(client, event.id);
    const { code } = await registrationOf(event.id, user.id);
    await client.post(`/events/${event.id}/cancel`, {});
    const html = await (await client.get(`/tickets/${code}`)).text();
    expect(html).toContain('此报名目前不是已确认状态，暂无电子票。');
    expect(html).toContain('已取消');
    expect(html).not.toContain('ticket-qr');
    expect(html).not.toContain('/cancel"');
    expect((await client.get(`/tickets/${code}.ics`)).status).toBe(404);
  });

  it('offers no cancel button once the event has started', async () => {
    const { event, holder, code } = await ticketSetup();
    ctx.clock.set(event.startsAt);
    const html = await (await holder.client.get(`/tickets/${code}`)).text();
    expect(html).toContain('ticket-qr');
    expect(html).not.toContain('/cancel"');
  });

  it('becomes a ticket when a waitlisted member is promoted', async () => {
    const event = await createEvent(ctx, { capacity: 1 });
    const first = await signedIn();
    await register(first.client, event.id);
    const second = await signedIn();
    await register(second.client, event.id);
    await first.client.post(`/events/${event.id}/cancel`, {});
    const { code, status } = await registrationOf(event.id, second.user.id);
    expect(status).toBe('confirmed');
    const html = await (await second.client.get(`/tickets/${code}`)).text();
    expect(html).toContain('ticket-qr');
    expect((await second.client.get(`/tickets/${code}.ics`)).status).toBe(200);
  });
});

describe('the calendar file', () => {
  async function eveningEvent() {
    const { user, client } = await signedIn();
    const event = await createEvent(ctx, { capacity: 5 });
    const startsAt = Date.UTC(2026, 11, 3, 11, 30); // 19:30 on 3 Dec, Beijing time
    await setEvent(event.id, {
      startsAt,
      endsAt: startsAt + 2 * HOUR,
      closesAt: startsAt - HOUR,
      titleZh: '新年音乐会',
      titleEn: 'New Year Concert',
      venueZh: '海口湾演艺中心',
      venueEn: 'Haikou Bay Performing Arts Centre',
    });
    await register(client, event.id);
    const { code } = await registrationOf(event.id, user.id);
    return { user, client, event, code };
  }

  it('is a UTF-8 calendar attachment with the event’s start and end as UTC instants', async () => {
    const { client, code } = await eveningEvent();
    const res = await client.get(`/tickets/${code}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-disposition')).toContain(`ticket-${code}.ics`);
    const body = (await res.text()).replace(/\r\n[ \t]/g, '');
    expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(body).toContain('END:VCALENDAR');
    expect(body).toContain('BEGIN:VEVENT');
    expect(body).toContain(`UID:${code}@hainan-vip`);
    expect(body).toMatch(/\r\nDTSTART:20261203T113000Z\r\n/);
    expect(body).toMatch(/\r\nDTEND:20261203T133000Z\r\n/);
    expect(body).not.toContain('TZID');
    expect(body).toContain('SUMMARY:新年音乐会');
    expect(body).toContain('LOCATION:海口湾演艺中心');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('ends every line with CRLF, the last one too (RFC 5545 §3.1)', async () => {
    const { client, event, code } = await eveningEvent();
    await setEvent(event.id, { descriptionZh: '第一行\n第二行\r\n第三行' });
    const raw = await (await client.get(`/tickets/${code}.ics`)).text();
    expect(raw.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // no bare line feed or carriage return anywhere: each line ends CRLF
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(raw.split('\r\n').at(-1)).toBe('');
  });

  it('escapes text values and folds long lines at 75 octets without splitting characters', async () => {
    const { client, event, code } = await eveningEvent();
    const title = '海南全球通VIP新年音乐会, 暨二〇二七年度会员答谢晚宴; 特别场次（海口湾演艺中心大剧院）';
    await setEvent(event.id, { titleZh: title });
    const raw = await (await client.get(`/tickets/${code}.ics`)).text();
    for (const line of raw.split('\r\n')) {
      expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    const body = raw.replace(/\r\n[ \t]/g, '');
    expect(body).toContain(`SUMMARY:${title.replace(/,/g, '\\,').replace(/;/g, '\\;')}`);
    // every text line escapes , and ; (RFC 5545 §3.3.11): no line carries the title raw
    expect(body).not.toContain('音乐会, 暨');
    expect(body).not.toContain('晚宴; 特别');
  });

  it('is written in the reader’s language and accepts the code as typed', async () => {
    const { client, code } = await eveningEvent();
    const res = await client.get(`/tickets/${dashed(code).toLowerCase()}.ics?lang=en`);
    expect(res.status).toBe(200);
    const body = (await res.text()).replace(/\r\n[ \t]/g, '');
    expect(body).toContain('SUMMARY:New Year Concert');
    expect(body).toContain('LOCATION:Haikou Bay Performing Arts Centre');
    expect(body).toContain(`UID:${code}@hainan-vip`);
  });

  it('is not given to someone else', async () => {
    const { code } = await eveningEvent();
    const other = await signedIn();
    expect((await other.client.get(`/tickets/${code}.ics`)).status).toBe(404);
  });
});
