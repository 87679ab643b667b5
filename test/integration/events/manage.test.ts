import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditLog, events, notifications, registrations, type RegistrationStatus } from '../../../db/schema';
import { DAY, HOUR, MINUTE } from '../../../src/lib/clock';
import { randomCode } from '../../../src/lib/codes';
import { toLocalDateTimeValue } from '../../../src/lib/time';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

type EventRow = typeof events.$inferSelect;

/** A registration row written directly; `queuedAgo` in minutes before the fixed clock orders the waitlist. */
async function registration(eventId: number, status: RegistrationStatus, o: { seats?: number; name?: string; queuedAgo?: number } = {}) {
  const user = await createUser(ctx, { name: o.name ?? '会员' });
  const at = ctx.clock.now() - (o.queuedAgo ?? 60) * MINUTE;
  const seats = o.seats ?? 1;
  const [row] = await ctx.deps.db
    .insert(registrations)
    .values({
      code: randomCode(8),
      eventId,
      userId: user.id,
      status,
      guests: seats - 1,
      children: [],
      seats,
      createdAt: at,
      queuedAt: at,
      confirmedAt: status === 'confirmed' ? at : null,
      cancelledAt: status === 'cancelled' ? at : null,
    })
    .returning();
  return { user, row: row! };
}

/** A coordinator (signed in) running one club. */
async function desk() {
  const coordinator = await createUser(ctx, { role: 'coordinator', name: '林协调' });
  const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
  const client = new TestClient(ctx);
  await client.signIn(coordinator.phone);
  return { coordinator, club, client };
}

async function signedInAdmin() {
  const admin = await createUser(ctx, { role: 'admin', name: '管理员' });
  const client = new TestClient(ctx);
  await client.signIn(admin.phone);
  return { admin, client };
}

/** A complete, valid event form. */
const newEventForm = (clubId: number | '', o: Record<string, string> = {}): Record<string, string> => ({
  clubId: String(clubId),
  city: 'sanya',
  titleZh: '新年音乐会',
  titleEn: 'New Year Concert',
  descriptionZh: '年度音乐会',
  descriptionEn: 'The annual concert',
  venueZh: '三亚湾剧场',
  venueEn: 'Sanya Bay Theatre',
  startsAt: '2026-12-20T19:30',
  endsAt: '2026-12-20T21:30',
  opensAt: '2026-12-01T10:00',
  closesAt: '2026-12-20T12:00',
  capacity: '120',
  maxGuests: '2',
  minTier: 'gold',
  requiresClubMembership: 'on',
  childMinAge: '6',
  childMaxAge: '12',
  ...o,
});

/** The edit form as the page fills it for an existing event, with changes. */
function editForm(e: EventRow, o: Record<string, string> = {}): Record<string, string> {
  const local = (ms: number) => toLocalDateTimeValue(ms, 'Asia/Shanghai');
  return {
    clubId: e.clubId === null ? '' : String(e.clubId),
    city: e.city,
    titleZh: e.titleZh,
    titleEn: e.titleEn,
    descriptionZh: e.descriptionZh,
    descriptionEn: e.descriptionEn,
    venueZh: e.venueZh,
    venueEn: e.venueEn,
    startsAt: local(e.startsAt),
    endsAt: local(e.endsAt),
    opensAt: local(e.opensAt),
    closesAt: local(e.closesAt),
    capacity: String(e.capacity),
    maxGuests: String(e.maxGuests),
    minTier: e.minTier ?? '',
    childMinAge: '',
    childMaxAge: '',
    ...o,
  };
}

const allEvents = () => ctx.deps.db.select().from(events).orderBy(asc(events.id));
const eventRow = async (id: number) => (await ctx.deps.db.select().from(events).where(eq(events.id, id)))[0]!;
const registrationsOf = (eventId: number) => ctx.deps.db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(asc(registrations.id));
const allNotifications = () => ctx.deps.db.select().from(notifications).orderBy(asc(notifications.id));
const allAudit = () => ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
const flashIn = (html: string) => html.match(/<p class="flash flash-(\w+)" role="\w+">([^<]*)<\/p>/)?.slice(1, 3);

/** "title | club | seats | waiting | state | links" for each row of the event desk, in page order. */
function deskRows(html: string): string[] {
  const rows = html.matchAll(
    /<tr><th scope="row"><a href="\/events\/\d+">([^<]*)<\/a><br\/><small>([^<]*)<\/small><\/th><td data-label="[^"]*">[^<]*<\/td><td class="num" data-label="[^"]*">([^<]*)<\/td><td class="num" data-label="[^"]*">(\d+)<\/td><td data-label="[^"]*">([^<]*)<\/td><td class="button-row" data-label="[^"]*">(.*?)<\/td><\/tr>/g,
  );
  return [...rows].map((m) => [m[1], m[2], m[3], m[4], m[5], [...m[6]!.matchAll(/>([^<]+)<\/a>/g)].map((a) => a[1]).join(',')].join(' | '));
}

describe('the event desk list', () => {
  it('shows a coordinator the events of their clubs with confirmed seats / capacity, parties waiting and state; admins see every event', async () => {
    const { coordinator, club, client } = await desk();
    const second = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const foreign = await createClub(ctx);
    const soon = await createEvent(ctx, { clubId: club.id, inDays: 3, capacity: 4 });
    const later = await createEvent(ctx, { clubId: second.id, inDays: 10, capacity: 6 });
    const cancelled = await createEvent(ctx, { clubId: club.id, inDays: 5 });
    await ctx.deps.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, cancelled.id));
    const past = await createEvent(ctx, { clubId: club.id, inDays: -2, opensInHours: -200 });
    await createEvent(ctx, { clubId: club.id, inDays: -40, opensInHours: -1200 }); // ended more than a month ago
    const foreignEvent = await createEvent(ctx, { clubId: foreign.id, inDays: 4 });
    const programmeWide = await createEvent(ctx, { clubId: null, inDays: 6 });
    await registration(soon.id, 'confirmed', { seats: 2 });
    await registration(soon.id, 'confirmed', { seats: 2 });
    await registration(soon.id, 'waitlisted', { seats: 1 });
    await registration(soon.id, 'waitlisted', { seats: 2 });
    await registration(soon.id, 'cancelled', { seats: 2 });
    await registration(later.id, 'confirmed', { seats: 1 });
    await registration(foreignEvent.id, 'confirmed');

    const res = await client.get('/coordinator/events');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(deskRows(html)).toEqual([
      `${soon.titleZh} | ${club.nameZh} | 4 / 4 | 2 | 进行中 | 现场签到,出席报告,编辑`,
      `${cancelled.titleZh} | ${club.nameZh} | 0 / 10 | 0 | 已取消 | 出席报告`,
      `${later.titleZh} | ${second.nameZh} | 1 / 6 | 0 | 进行中 | 现场签到,出席报告,编辑`,
      `${past.titleZh} | ${club.nameZh} | 0 / 10 | 0 | 已结束 | 现场签到,出席报告,编辑`,
    ]);
    expect(html).toContain(`<a href="/coordinator/events/${soon.id}/checkin">现场签到</a><a href="/coordinator/events/${soon.id}/attendance">出席报告</a><a href="/coordinator/events/${soon.id}/edit">编辑</a>`);
    expect(html).toContain('<a href="/coordinator/events/new" role="button">新建活动</a>');
    expect(html).toContain('<td data-label="时间">2026年11月29日周日 10:00–12:00</td>');

    const { client: admin } = await signedInAdmin();
    const all = deskRows(await (await admin.get('/coordinator/events')).text());
    expect(all).toHaveLength(6);
    expect(all).toContain(`${foreignEvent.titleZh} | ${foreign.nameZh} | 1 / 10 | 0 | 进行中 | 现场签到,出席报告,编辑`);
    expect(all).toContain(`${programmeWide.titleZh} | 全省活动 | 0 / 10 | 0 | 进行中 | 现场签到,出席报告,编辑`);
  });

  it('says so when the coordinator has no events, and reads in English on request', async () => {
    const { client } = await desk();
    await createEvent(ctx, { clubId: (await createClub(ctx)).id });
    const html = await (await client.get('/coordinator/events')).text();
    expect(deskRows(html)).toEqual([]);
    expect(html).toContain('<p class="empty">暂无活动。</p>');
    const en = await (await client.get('/coordinator/events?lang=en')).text();
    expect(en).toContain('<p class="empty">No events yet.</p>');
    expect(en).not.toContain('暂无活动');
  });
});

describe('creating an event', () => {
  it('offers a coordinator only their own clubs, and an admin every club and programme-wide', async () => {
    const { club, client } = await desk();
    const foreign = await createClub(ctx);
    const res = await client.get('/coordinator/events/new');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<select id="f-clubId" name="clubId"><option value="${club.id}">${club.nameZh}</option></select>`);
    expect(html).toContain('<form method="post" action="/coordinator/events" novalidate="">');
    expect(html).toContain('name="startsAt" type="datetime-local" value="2026-12-10T19:00"');
    expect(html).not.toContain('cancel');
    const { client: admin } = await signedInAdmin();
    const adminHtml = await (await admin.get('/coordinator/events/new')).text();
    expect(adminHtml).toContain(
      `<select id="f-clubId" name="clubId"><option value="" selected="">全省活动（不属于俱乐部）</option><option value="${club.id}">${club.nameZh}</option><option value="${foreign.id}">${foreign.nameZh}</option></select>`,
    );
  });

  it('says each text field’s limit beside it: maxlength on one-line fields, none on the descriptions', async () => {
    const { client } = await desk();
    const html = await (await client.get('/coordinator/events/new')).text();
    for (const [name, max] of [['titleZh', 80], ['titleEn', 120], ['venueZh', 100], ['venueEn', 150]] as const) {
      expect(html).toMatch(new RegExp(`<input id="f-${name}" name="${name}" type="text" [^>]*maxlength="${max}" aria-describedby="f-${name}-hint"/><small id="f-${name}-hint">最多 ${max} 个字符。</small>`));
    }
    for (const name of ['descriptionZh', 'descriptionEn']) {
      expect(html).toContain(`<textarea id="f-${name}" name="${name}" rows="3" required="" aria-describedby="f-${name}-hint"></textarea><small id="f-${name}-hint">最多 2000 个字符。</small>`);
    }
  });

  it('keeps a venue typed over two lines as one line, the description’s line breaks as LF, and no control characters', async () => {
    const { club, client } = await desk();
    const res = await client.post('/coordinator/events', newEventForm(club.id, { venueZh: '三亚\r\n剧场', descriptionZh: '第一段\r\n\u202e第二段\u0000', titleEn: '\u2066New\u2069 Year\tConcert' }));
    expect(res.status).toBe(303);
    expect(await allEvents()).toMatchObject([{ venueZh: '三亚 剧场', descriptionZh: '第一段\n第二段', titleEn: 'New Year Concert' }]);
  });

  it('stores the event with Beijing wall-clock times as UTC instants, records it and goes back to the list', async () => {
    const { coordinator, club, client } = await desk();
    const res = await client.post('/coordinator/events', newEventForm(club.id, { titleZh: '  新年音乐会  ' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/coordinator/events');
    const [event] = await allEvents();
    expect(event).toMatchObject({
      clubId: club.id,
      city: 'sanya',
      titleZh: '新年音乐会',
      titleEn: 'New Year Concert',
      descriptionZh: '年度音乐会',
      descriptionEn: 'The annual concert',
      venueZh: '三亚湾剧场',
      venueEn: 'Sanya Bay Theatre',
      startsAt: Date.UTC(2026, 11, 20, 11, 30),
      endsAt: Date.UTC(2026, 11, 20, 13, 30),
      opensAt: Date.UTC(2026, 11, 1, 2, 0),
      closesAt: Date.UTC(2026, 11, 20, 4, 0),
      capacity: 120,
      maxGuests: 2,
      minTier: 'gold',
      requiresClubMembership: true,
      childMinAge: 6,
      childMaxAge: 12,
      status: 'scheduled',
      createdAt: ctx.clock.now(),
    });
    expect(event!.slug).toMatch(/^event-[a-z0-9]{10}$/);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail, a.ip])).toEqual([
      ['event.created', coordinator.id, 'event', String(event!.id), { titleZh: '新年音乐会', capacity: 120, clubId: club.id }, '198.51.100.7'],
    ]);
    expect(await allNotifications()).toEqual([]);
    const list = await (await client.get('/coordinator/events')).text();
    expect(flashIn(list)).toEqual(['success', '已创建「新年音乐会」。']);
    expect(deskRows(list)).toEqual([`新年音乐会 | ${club.nameZh} | 0 / 120 | 0 | 进行中 | 现场签到,出席报告,编辑`]);
    expect(list).toContain('<td data-label="时间">2026年12月20日周日 19:30–21:30</td>');
    // the edit page shows the same wall-clock times back
    const edit = await (await client.get(`/coordinator/events/${event!.id}/edit`)).text();
    for (const [name, value] of [['startsAt', '2026-12-20T19:30'], ['endsAt', '2026-12-20T21:30'], ['opensAt', '2026-12-01T10:00'], ['closesAt', '2026-12-20T12:00']]) {
      expect(edit).toContain(`name="${name}" type="datetime-local" value="${value}"`);
    }
    expect(edit).toContain('<input id="f-requiresClubMembership" type="checkbox" name="requiresClubMembership" role="switch" checked=""/>');
  });

  it('lets an admin create a programme-wide event with no tier, children or club rule', async () => {
    const { admin, client } = await signedInAdmin();
    const form = newEventForm('', { minTier: '', childMinAge: '', childMaxAge: '', maxGuests: '0', capacity: '1' });
    delete form.requiresClubMembership;
    const res = await client.post('/coordinator/events', form);
    expect(res.status).toBe(303);
    const [event] = await allEvents();
    expect(event).toMatchObject({ clubId: null, minTier: null, requiresClubMembership: false, childMinAge: null, childMaxAge: null, maxGuests: 0, capacity: 1 });
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.detail])).toEqual([['event.created', admin.id, { titleZh: '新年音乐会', capacity: 1, clubId: null }]]);
    expect(deskRows(await (await client.get('/coordinator/events')).text())).toEqual(['新年音乐会 | 全省活动 | 0 / 1 | 0 | 进行中 | 现场签到,出席报告,编辑']);
  });

  // [what, changes, field with the error ('_form' for the whole form), message]
  const bad: Array<[string, Record<string, string>, string, string]> = [
    ['an end before the start', { endsAt: '2026-12-20T19:00' }, 'endsAt', '结束时间必须晚于开始时间。'],
    ['an end equal to the start', { endsAt: '2026-12-20T19:30' }, 'endsAt', '结束时间必须晚于开始时间。'],
    ['registration closing after the start', { closesAt: '2026-12-20T19:31' }, 'closesAt', '报名截止不能晚于活动开始。'],
    ['registration closing before it opens', { closesAt: '2026-11-30T10:00' }, 'closesAt', '报名截止不能早于开放时间。'],
    ['a date-time with a space', { startsAt: '2026-12-20 19:30' }, 'startsAt', '请输入有效的日期和时间。'],
    ['a date that does not exist', { startsAt: '2026-02-30T19:30' }, 'startsAt', '请输入有效的日期和时间。'],
    ['an hour that does not exist', { opensAt: '2026-12-01T24:10' }, 'opensAt', '请输入有效的日期和时间。'],
    ['an empty date-time', { closesAt: '' }, 'closesAt', '请输入有效的日期和时间。'],
    ['capacity 0', { capacity: '0' }, 'capacity', '不能小于 1。'],
    ['capacity x', { capacity: 'x' }, 'capacity', '请输入整数。'],
    ['capacity 1.5', { capacity: '1.5' }, 'capacity', '请输入整数。'],
    ['11 guests', { maxGuests: '11' }, 'maxGuests', '不能大于 10。'],
    ['-1 guests', { maxGuests: '-1' }, 'maxGuests', '不能小于 0。'],
    ['a child age of 18', { childMaxAge: '18' }, 'childMaxAge', '不能大于 17。'],
    ['a lowest child age above the highest', { childMinAge: '12', childMaxAge: '6' }, 'childMinAge', '最小年龄不能大于最大年龄。'],
    ['a city that does not exist', { city: 'beijing' }, 'city', '内容无效，请检查。'],
    ['markup in the Chinese title', { titleZh: '<b>音乐会</b>' }, 'titleZh', '不能包含 &lt; 或 &gt; 字符。'],
    ['markup in the English title', { titleEn: 'Concert <script>' }, 'titleEn', '不能包含 &lt; 或 &gt; 字符。'],
    ['an empty title', { titleZh: '   ' }, 'titleZh', '此项必填。'],
    ['a title over 80 characters', { titleZh: '题'.repeat(81) }, 'titleZh', '最多 80 个字符，现在有 81 个。'],
    ['an empty description', { descriptionEn: ' \n ' }, 'descriptionEn', '此项必填。'],
    ['a description over 2000 characters', { descriptionEn: 'x'.repeat(2001) }, 'descriptionEn', '最多 2000 个字符，现在有 2001 个。'],
    ['a club rule with no club', { clubId: '', minTier: '' }, 'clubId', '请选择您负责的俱乐部；“仅限俱乐部会员”也需要选择俱乐部。'],
    ['an unknown extra field', { status: 'cancelled' }, '_form', '表单包含无法识别的内容，请刷新页面后重试。'],
  ];
  for (const [what, changes, field, message] of bad) {
    it(`refuses ${what} with 422, the message at the field, the input kept, writing nothing`, async () => {
      const { club, client } = await desk();
      const form = newEventForm(club.id, changes);
      const res = await client.post('/coordinator/events', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      if (field === '_form') expect(html).toContain(`<p class="form-error" role="alert">${message}</p>`);
      else expect(html).toContain(`<small id="f-${field}-error" class="field-error">${message}</small>`);
      expect(html.match(/class="field-error"|class="form-error"/g)).toHaveLength(1);
      expect(html).toContain('<h1>新建活动</h1>');
      // what was typed comes back
      for (const name of ['titleEn', 'venueEn', 'startsAt', 'capacity']) {
        const escaped = form[name]!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
        expect(html).toContain(`name="${name}" type="${name.endsWith('At') ? 'datetime-local' : name === 'capacity' ? 'number' : 'text'}" value="${escaped}"`);
      }
      if (field === 'titleZh' && form.titleZh!.trim()) expect(html).toContain(`value="${form.titleZh!.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
      if (field === 'descriptionEn' && form.descriptionEn!.trim()) expect(html).toContain(`>${form.descriptionEn}</textarea>`);
      expect(html).toContain('>年度音乐会</textarea>');
      expect([await allEvents(), await allAudit(), await allNotifications()]).toEqual([[], [], []]);
    });
  }

  it('refuses a coordinator a programme-wide event or another coordinator’s club (422, nothing written)', async () => {
    const { club, client } = await desk();
    const otherCoordinator = await createUser(ctx, { role: 'coordinator' });
    const foreign = await createClub(ctx, { coordinatorIds: [otherCoordinator.id] });
    for (const clubId of ['', String(foreign.id), '999999']) {
      const form = newEventForm(clubId === '' ? '' : Number(clubId));
      if (clubId === '') delete form.requiresClubMembership;
      const res = await client.post('/coordinator/events', form);
      expect(res.status, clubId).toBe(422);
      const html = await res.text();
      expect(html).toContain('<small id="f-clubId-error" class="field-error">请选择您负责的俱乐部；“仅限俱乐部会员”也需要选择俱乐部。</small>');
      // the choice offered is still only their own club
      expect(html).toContain(`<select id="f-clubId" name="clubId" aria-invalid="true" aria-describedby="f-clubId-error"><option value="${club.id}">${club.nameZh}</option></select>`);
      expect(html).toContain('value="新年音乐会"');
    }
    expect([await allEvents(), await allAudit()]).toEqual([[], []]);
  });

  it('refuses an unknown tier with 422, writing nothing', async () => {
    const { club, client } = await desk();
    const res = await client.post('/coordinator/events', newEventForm(club.id, { minTier: 'bronze' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<small id="f-minTier-error" class="field-error">请选择有效的会员等级。</small>');
    expect([await allEvents(), await allAudit()]).toEqual([[], []]);
  });

  it('answers an admin choosing a club that does not exist', async () => {
    const { client } = await signedInAdmin();
    const res = await client.post('/coordinator/events', newEventForm(999999));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<small id="f-clubId-error" class="field-error">所选俱乐部不存在或已关闭。</small>');
    expect([await allEvents(), await allAudit()]).toEqual([[], []]);
    const event = await createEvent(ctx, { clubId: null });
    const edit = await client.post(`/coordinator/events/${event.id}`, editForm(event, { clubId: '999999' }));
    expect(edit.status).toBe(422);
    expect([await allEvents(), await allAudit()]).toEqual([[event], []]);
  });

  it('gives the messages in the page language', async () => {
    const { club, client } = await desk();
    const res = await client.post('/coordinator/events?lang=en', newEventForm(club.id, { endsAt: '2026-12-20T18:00', capacity: 'many' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<small id="f-capacity-error" class="field-error">Enter a whole number.</small>');
    expect(html).toContain('<h1>New event</h1>');
    const times = await client.post('/coordinator/events', newEventForm(club.id, { endsAt: '2026-12-20T18:00' }));
    expect(await times.text()).toContain('<small id="f-endsAt-error" class="field-error">The end must be after the start.</small>');
    expect(await allEvents()).toEqual([]);
  });
});

describe('editing an event', () => {
  it('shows the event in the form with the cancel section', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 8 });
    const res = await client.get(`/coordinator/events/${event.id}/edit`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>编辑活动</h1>');
    expect(html).toContain(`<form method="post" action="/coordinator/events/${event.id}" novalidate="">`);
    expect(html).toContain(`<option value="${club.id}" selected="">${club.nameZh}</option>`);
    expect(html).toContain(`value="${event.titleZh}"`);
    expect(html).toContain('name="startsAt" type="datetime-local" value="2026-12-03T10:00"');
    expect(html).toContain('name="closesAt" type="datetime-local" value="2026-12-03T09:00"');
    expect(html).toContain('name="capacity" type="number" value="8"');
    expect(html).toContain(`<form method="post" action="/coordinator/events/${event.id}/cancel" novalidate="">`);
  });

  it('refuses a capacity below the confirmed seats with 409 and the number, and allows exactly that many', async () => {
    const { coordinator, club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 6 });
    await registration(event.id, 'confirmed', { seats: 2 });
    await registration(event.id, 'confirmed', { seats: 3 });
    await registration(event.id, 'waitlisted', { seats: 2 });
    await registration(event.id, 'cancelled', { seats: 3 });
    const before = [await allEvents(), await registrationsOf(event.id)];
    const res = await client.post(`/coordinator/events/${event.id}`, editForm(event, { capacity: '4' }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('<small id="f-capacity-error" class="field-error">不能低于已确认的座位数（5）。</small>');
    expect(html).toContain('name="capacity" type="number" value="4"');
    expect([await allEvents(), await registrationsOf(event.id)]).toEqual(before);
    expect([await allAudit(), await allNotifications()]).toEqual([[], []]);

    const ok = await client.post(`/coordinator/events/${event.id}`, editForm(event, { capacity: '5' }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/coordinator/events');
    expect(flashIn(await (await client.get('/coordinator/events')).text())).toEqual(['success', `已保存「${event.titleZh}」。`]);
    expect((await eventRow(event.id)).capacity).toBe(5);
    expect((await registrationsOf(event.id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'cancelled']);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail])).toEqual([
      ['event.updated', coordinator.id, 'event', String(event.id), { changed: { capacity: { from: 6, to: 5 } }, promoted: 0 }],
    ]);
    expect(await allNotifications()).toEqual([]);
  });

  it('confirms the waitlist when capacity goes up: first come first served, by party size', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 4 });
    await registration(event.id, 'confirmed', { seats: 2, queuedAgo: 90 });
    await registration(event.id, 'confirmed', { seats: 2, queuedAgo: 80 });
    const a = await registration(event.id, 'waitlisted', { seats: 3, queuedAgo: 50 });
    const b = await registration(event.id, 'waitlisted', { seats: 2, queuedAgo: 40 });
    const c = await registration(event.id, 'waitlisted', { seats: 1, queuedAgo: 30 });
    const d = await registration(event.id, 'waitlisted', { seats: 1, queuedAgo: 20 });
    // 4 seats more: a (3) fits, b (2) does not fit the 1 left and keeps its place, c (1) fits, then none left for d
    const res = await client.post(`/coordinator/events/${event.id}`, editForm(event, { capacity: '8' }));
    expect(res.status).toBe(303);
    const list = await (await client.get('/coordinator/events')).text();
    expect(flashIn(list)).toEqual(['success', `已保存「${event.titleZh}」，2 组候补已确认。`]);
    expect(deskRows(list)).toEqual([`${event.titleZh} | ${club.nameZh} | 8 / 8 | 2 | 进行中 | 现场签到,出席报告,编辑`]);
    const rows = await registrationsOf(event.id);
    expect(rows.slice(2).map((r) => [r.id, r.status, r.confirmedAt])).toEqual([
      [a.row.id, 'confirmed', ctx.clock.now()],
      [b.row.id, 'waitlisted', null],
      [c.row.id, 'confirmed', ctx.clock.now()],
      [d.row.id, 'waitlisted', null],
    ]);
    expect((await allNotifications()).map((n) => [n.userId, n.kind, n.params, n.link])).toEqual([
      [a.user.id, 'event.promoted', { eventZh: event.titleZh, eventEn: event.titleEn }, `/tickets/${a.row.code}`],
      [c.user.id, 'event.promoted', { eventZh: event.titleZh, eventEn: event.titleEn }, `/tickets/${c.row.code}`],
    ]);
    expect((await allAudit()).map((x) => [x.action, x.detail])).toEqual([['event.updated', { changed: { capacity: { from: 4, to: 8 } }, promoted: 2 }]]);
    // b is now first in line: one more seat is not enough for b, two are
    await client.post(`/coordinator/events/${event.id}`, editForm(await eventRow(event.id), { capacity: '9' }));
    expect((await registrationsOf(event.id)).map((r) => r.status).slice(2)).toEqual(['confirmed', 'waitlisted', 'confirmed', 'confirmed']);
    await client.post(`/coordinator/events/${event.id}`, editForm(await eventRow(event.id), { capacity: '11' }));
    expect((await registrationsOf(event.id)).map((r) => r.status).slice(2)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect((await allNotifications()).map((n) => n.userId)).toEqual([a.user.id, c.user.id, d.user.id, b.user.id]);
  });

  it('tells everyone confirmed or waiting about a change of time or place, and records what changed', async () => {
    const { coordinator, club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 2 });
    const confirmed = await registration(event.id, 'confirmed', { seats: 2 });
    const waiting = await registration(event.id, 'waitlisted', { seats: 1 });
    await registration(event.id, 'cancelled', { seats: 1 });
    const res = await client.post(`/coordinator/events/${event.id}`, editForm(event, { startsAt: '2026-12-03T14:00', endsAt: '2026-12-03T16:30', venueZh: '新会场' }));
    expect(res.status).toBe(303);
    expect(await eventRow(event.id)).toMatchObject({ startsAt: Date.UTC(2026, 11, 3, 6, 0), endsAt: Date.UTC(2026, 11, 3, 8, 30), venueZh: '新会场' });
    const params = { eventZh: event.titleZh, eventEn: event.titleEn };
    expect((await allNotifications()).map((n) => [n.userId, n.kind, n.params, n.link, n.createdAt])).toEqual([
      [confirmed.user.id, 'event.changed', params, `/events/${event.id}`, ctx.clock.now()],
      [waiting.user.id, 'event.changed', params, `/events/${event.id}`, ctx.clock.now()],
    ]);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.detail])).toEqual([
      [
        'event.updated',
        coordinator.id,
        {
          changed: {
            startsAt: { from: event.startsAt, to: Date.UTC(2026, 11, 3, 6, 0) },
            endsAt: { from: event.endsAt, to: Date.UTC(2026, 11, 3, 8, 30) },
            venueZh: { from: '会场', to: '新会场' },
          },
          promoted: 0,
        },
      ],
    ]);
    // a new title only is recorded, and nobody is told
    await client.post(`/coordinator/events/${event.id}`, editForm(await eventRow(event.id), { titleZh: '新标题', requiresClubMembership: 'on' }));
    expect(await allNotifications()).toHaveLength(2);
    expect((await allAudit()).at(-1)!.detail).toEqual({ changed: { titleZh: { from: event.titleZh, to: '新标题' }, requiresClubMembership: { from: false, to: true } }, promoted: 0 });
    // the member sees it in their inbox
    const reader = new TestClient(ctx);
    await reader.signIn(waiting.user.phone);
    expect(await (await reader.get('/inbox')).text()).toContain(`「${event.titleZh}」的时间或地点有变动，请查看最新信息。`);
  });

  it('refuses bad times on an edit with 422 and the typed values, changing nothing', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await registration(event.id, 'confirmed');
    const before = await allEvents();
    const res = await client.post(`/coordinator/events/${event.id}`, editForm(event, { endsAt: '2026-12-03T09:00', venueZh: '另一会场' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<small id="f-endsAt-error" class="field-error">结束时间必须晚于开始时间。</small>');
    expect(html).toContain('name="endsAt" type="datetime-local" value="2026-12-03T09:00"');
    expect(html).toContain('value="另一会场"');
    expect(html).toContain('<h1>编辑活动</h1>');
    const extra = await client.post(`/coordinator/events/${event.id}`, { ...editForm(event), capacity: '1', slug: 'mine' });
    expect(extra.status).toBe(422);
    expect(await extra.text()).toContain('<p class="form-error" role="alert">表单包含无法识别的内容，请刷新页面后重试。</p>');
    expect([await allEvents(), await allAudit(), await allNotifications()]).toEqual([before, [], []]);
  });

  it('refuses to move an event to a club the coordinator does not run, or to programme-wide', async () => {
    const { club, client } = await desk();
    const foreign = await createClub(ctx);
    const event = await createEvent(ctx, { clubId: club.id });
    const before = await allEvents();
    for (const clubId of [String(foreign.id), '']) {
      const res = await client.post(`/coordinator/events/${event.id}`, editForm(event, { clubId }));
      expect(res.status, clubId).toBe(422);
      expect(await res.text()).toContain('<small id="f-clubId-error" class="field-error">请选择您负责的俱乐部；“仅限俱乐部会员”也需要选择俱乐部。</small>');
    }
    expect([await allEvents(), await allAudit()]).toEqual([before, []]);
  });

  it('refuses to edit a cancelled event', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await ctx.deps.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, event.id));
    const page = await (await client.get(`/coordinator/events/${event.id}/edit`)).text();
    expect(page).not.toContain('/cancel"');
    const res = await client.post(`/coordinator/events/${event.id}`, editForm(event, { capacity: '50' }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<p class="form-error" role="alert">此活动已取消，不能再修改。</p>');
    expect((await eventRow(event.id)).capacity).toBe(10);
    expect(await allAudit()).toEqual([]);
  });
});

describe('cancelling an event', () => {
  it('needs a reason: 422 with the cancel section open, nothing written', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await registration(event.id, 'confirmed');
    const before = [await allEvents(), await registrationsOf(event.id)];
    for (const form of [{ reason: '' }, { reason: '   ' }, {}, { reason: '因'.repeat(201) }, { reason: '天气', notify: 'no' }] as Array<Record<string, string>>) {
      const res = await client.post(`/coordinator/events/${event.id}/cancel`, form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      const html = await res.text();
      const message = form.notify ? '表单包含无法识别的内容，请刷新页面后重试。' : form.reason?.length === 201 ? '最多 200 个字符，现在有 201 个。' : '此项必填。';
      expect(html).toContain(`<small id="f-reason-error" class="field-error">${message}</small>`);
      expect(html).toContain('<details open="">');
      if (form.reason?.length === 201) {
        expect(html).toContain(`<input id="f-reason" name="reason" type="text" value="${form.reason}" required="" maxlength="200" aria-invalid="true" aria-describedby="f-reason-hint f-reason-error"/><small id="f-reason-hint">最多 200 个字符。</small>`);
      }
    }
    expect([await allEvents(), await registrationsOf(event.id), await allAudit(), await allNotifications()]).toEqual([...before, [], []]);
  });

  it('ends every confirmed and waitlisted registration, tells each member the reason, records it; members can no longer register', async () => {
    const { coordinator, club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, capacity: 3 });
    const c1 = await registration(event.id, 'confirmed', { seats: 2 });
    const c2 = await registration(event.id, 'confirmed', { seats: 1 });
    const w = await registration(event.id, 'waitlisted', { seats: 2 });
    const gone = await registration(event.id, 'cancelled');
    const other = await createEvent(ctx, { clubId: club.id });
    const untouched = await registration(other.id, 'confirmed');
    const res = await client.post(`/coordinator/events/${event.id}/cancel`, { reason: '  台风预警，活动取消  ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/coordinator/events');
    expect((await eventRow(event.id)).status).toBe('cancelled');
    const rows = await registrationsOf(event.id);
    expect(rows.map((r) => [r.id, r.status, r.cancelledAt])).toEqual([
      [c1.row.id, 'cancelled', ctx.clock.now()],
      [c2.row.id, 'cancelled', ctx.clock.now()],
      [w.row.id, 'cancelled', ctx.clock.now()],
      [gone.row.id, 'cancelled', gone.row.cancelledAt],
    ]);
    expect((await registrationsOf(other.id))[0]!.status).toBe('confirmed');
    const params = { eventZh: event.titleZh, eventEn: event.titleEn, reason: '台风预警，活动取消' };
    expect((await allNotifications()).map((n) => [n.userId, n.kind, n.params, n.link])).toEqual([
      [c1.user.id, 'event.cancelled', params, `/events/${event.id}`],
      [c2.user.id, 'event.cancelled', params, `/events/${event.id}`],
      [w.user.id, 'event.cancelled', params, `/events/${event.id}`],
    ]);
    expect((await allAudit()).map((a) => [a.action, a.actorId, a.targetType, a.targetId, a.detail])).toEqual([
      ['event.cancelled', coordinator.id, 'event', String(event.id), { reason: '台风预警，活动取消', ended: 3 }],
    ]);
    const list = await (await client.get('/coordinator/events')).text();
    expect(flashIn(list)).toEqual(['success', `已取消「${event.titleZh}」，已通知 3 组报名。`]);
    expect(deskRows(list)).toContain(`${event.titleZh} | ${club.nameZh} | 0 / 3 | 0 | 已取消 | 出席报告`);
    // the member reads the reason, and cannot register again
    const member = new TestClient(ctx);
    await member.signIn(c1.user.phone);
    expect(await (await member.get('/inbox')).text()).toContain(`很抱歉，「${event.titleZh}」已取消。说明：台风预警，活动取消`);
    const again = await member.post(`/events/${event.id}/register`, { guests: '0' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('此活动已取消。');
    const newcomer = new TestClient(ctx);
    await newcomer.signIn((await createUser(ctx)).phone);
    expect((await newcomer.post(`/events/${event.id}/register`, { guests: '0' })).status).toBe(409);
    expect(await registrationsOf(event.id)).toEqual(rows);
    expect(untouched.row.status).toBe('confirmed');
  });

  it('cancelling twice changes nothing the second time', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id });
    await registration(event.id, 'confirmed');
    expect((await client.post(`/coordinator/events/${event.id}/cancel`, { reason: '场地问题' })).status).toBe(303);
    const after = [await registrationsOf(event.id), await allNotifications(), await allAudit()];
    ctx.clock.advance(HOUR);
    const again = await client.post(`/coordinator/events/${event.id}/cancel`, { reason: '再次取消' });
    // answered as "not found" (src/events/manage-routes.tsx maps 'cancelled' to 404)
    expect(again.status).toBe(404);
    expect([await registrationsOf(event.id), await allNotifications(), await allAudit()]).toEqual(after);
  });

  it('leaves an event in the past alone for the list of the last month only', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, inDays: 1 });
    ctx.clock.advance(29 * DAY);
    expect(deskRows(await (await client.get('/coordinator/events')).text())).toHaveLength(1);
    ctx.clock.advance(3 * DAY);
    expect(deskRows(await (await client.get('/coordinator/events')).text())).toEqual([]);
    expect((await client.get(`/coordinator/events/${event.id}/attendance`)).status).toBe(200);
  });
});

describe('impossible and past times (issue 13)', () => {
  const fieldError = (html: string, field: string) => html.match(new RegExp(`<small id="f-${field}-error" class="field-error">([^<]*)</small>`))?.[1];

  it('refuses a time that does not exist or a year outside last year to five years ahead, at its field, keeping the form', async () => {
    const { club, client } = await desk();
    const year = new Date(ctx.clock.now()).getUTCFullYear();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ startsAt: '2026-12-20T24:00' }, 'startsAt', '请输入有效的日期和时间。'],
      [{ endsAt: '2026-02-30T21:30' }, 'endsAt', '请输入有效的日期和时间。'],
      [{ closesAt: '2026-12-20T12:60' }, 'closesAt', '请输入有效的日期和时间。'],
      [{ startsAt: '0000-12-20T19:30' }, 'startsAt', `年份须在 ${year - 1} 至 ${year + 5} 年之间，请检查日期。`],
      [{ startsAt: '9999-12-20T19:30', endsAt: '9999-12-20T21:30', closesAt: '9999-12-20T12:00' }, 'startsAt', `年份须在 ${year - 1} 至 ${year + 5} 年之间，请检查日期。`],
      [{ opensAt: `${year - 2}-12-01T10:00` }, 'opensAt', `年份须在 ${year - 1} 至 ${year + 5} 年之间，请检查日期。`],
    ];
    for (const [change, field, message] of cases) {
      const res = await client.post('/coordinator/events', newEventForm(club.id, change));
      expect(res.status, JSON.stringify(change)).toBe(422);
      const html = await res.text();
      expect(fieldError(html, field), JSON.stringify(change)).toBe(message);
      for (const [name, value] of Object.entries(change)) expect(html).toContain(`name="${name}" type="datetime-local" value="${value}"`);
      expect(html).toContain('value="三亚湾剧场"');
    }
    const en = await client.post('/coordinator/events?lang=en', newEventForm(club.id, { startsAt: '9999-12-20T19:30' }));
    expect(fieldError(await en.text(), 'startsAt')).toBe(`The year must be between ${year - 1} and ${year + 5}; check the date.`);
    // five years ahead is still fine
    expect((await client.post('/coordinator/events', newEventForm(club.id, { startsAt: `${year + 5}-12-20T19:30`, endsAt: `${year + 5}-12-20T21:30`, closesAt: `${year + 5}-12-20T12:00` }))).status).toBe(303);
    expect(await allEvents()).toHaveLength(1);
  });

  it('asks for an explicit confirmation before creating an event whose start has passed', async () => {
    const { club, client } = await desk();
    const local = (ms: number) => toLocalDateTimeValue(ms, 'Asia/Shanghai');
    const now = ctx.clock.now();
    const past = newEventForm(club.id, { opensAt: local(now - 10 * DAY), closesAt: local(now - 2 * DAY), startsAt: local(now - DAY), endsAt: local(now - DAY + 2 * HOUR) });
    const res = await client.post('/coordinator/events', past);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(fieldError(html, 'startsAt')).toBe('开始时间已经过去。如确实要登记一场已开始或已举行的活动，请勾选下面的确认框后再保存。');
    expect(html).toContain('<input id="f-confirmPast" type="checkbox" name="confirmPast" aria-describedby="f-startsAt-error"/>开始时间已过，仍要保存</label>');
    expect(html).toContain(`name="startsAt" type="datetime-local" value="${past.startsAt}"`);
    expect(await allEvents()).toEqual([]);
    // the form without the question has no box to tick
    expect(await (await client.get('/coordinator/events/new')).text()).not.toContain('confirmPast');
    expect((await client.post('/coordinator/events', { ...past, confirmPast: 'on' })).status).toBe(303);
    expect((await allEvents()).map((e) => e.startsAt)).toEqual([now - DAY]);
  });

  it('lets an event that already happened be corrected without the question, but asks when its start is moved into the past', async () => {
    const { club, client } = await desk();
    const event = await createEvent(ctx, { clubId: club.id, inDays: -3, opensInHours: -24 * 10 });
    const fixed = await client.post(`/coordinator/events/${event.id}`, editForm(event, { titleZh: '改正后的标题' }));
    expect(fixed.status).toBe(303);
    expect((await eventRow(event.id)).titleZh).toBe('改正后的标题');
    const local = (ms: number) => toLocalDateTimeValue(ms, 'Asia/Shanghai');
    const moved = await client.post(`/coordinator/events/${event.id}`, editForm(event, { startsAt: local(event.startsAt - HOUR) }));
    expect(moved.status).toBe(422);
    expect(fieldError(await moved.text(), 'startsAt')).toBe('开始时间已经过去。如确实要登记一场已开始或已举行的活动，请勾选下面的确认框后再保存。');
    expect((await eventRow(event.id)).startsAt).toBe(event.startsAt);
    expect((await client.post(`/coordinator/events/${event.id}`, editForm(event, { startsAt: local(event.startsAt - HOUR), confirmPast: 'on' }))).status).toBe(303);
    expect((await eventRow(event.id)).startsAt).toBe(event.startsAt - HOUR);
  });
});
