import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { ratings } from '../../../db/schema';
import { myRatingScores, submitRating } from '../../../src/feedback/ratings';
import { DAY, HOUR } from '../../../src/lib/clock';
import { createTestContext, FIXED_NOW, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';
import { addBooking, addRegistration, feedbackSnapshot, h1 } from './fixtures';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const allRatings = () => ctx.deps.db.select().from(ratings).orderBy(asc(ratings.id));

/** A member who attended a golf event two days ago and visited a lounge this morning, with things they may not rate yet. */
async function world() {
  const user = await createUser(ctx, { name: '陈会员' });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  const club = await createClub(ctx);
  const past = await createEvent(ctx, { clubId: club.id, inDays: -2, opensInHours: -24 * 10 });
  const upcoming = await createEvent(ctx, { clubId: club.id, inDays: 3 });
  const lounge = await createLounge(ctx);
  return {
    user,
    client,
    club,
    past,
    lounge,
    attended: await addRegistration(ctx, { eventId: past.id, userId: user.id, checkedInAt: past.startsAt }),
    noShow: await addRegistration(ctx, { eventId: (await createEvent(ctx, { inDays: -1, opensInHours: -24 * 5 })).id, userId: user.id }),
    notYet: await addRegistration(ctx, { eventId: upcoming.id, userId: user.id, checkedInAt: FIXED_NOW }),
    visit: await addBooking(ctx, { loungeId: lounge.id, userId: user.id, slotStart: FIXED_NOW - 2 * HOUR, status: 'checked_out' }),
    inside: await addBooking(ctx, { loungeId: lounge.id, userId: user.id, slotStart: FIXED_NOW - HOUR / 2, status: 'checked_in' }),
    booked: await addBooking(ctx, { loungeId: lounge.id, userId: user.id, slotStart: FIXED_NOW + DAY, status: 'booked' }),
    missed: await addBooking(ctx, { loungeId: lounge.id, userId: user.id, slotStart: FIXED_NOW - DAY, status: 'no_show' }),
  };
}

describe('rating an event or a lounge visit', () => {
  it('offers five labelled choices in a fieldset and an optional comment', async () => {
    const w = await world();
    const res = await w.client.get(`/me/ratings/new?registration=${w.attended.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(h1(html)).toBe('评价');
    expect(html).toContain(`<p>活动：${w.past.titleZh}（2026年11月24日周二 10:00）</p>`);
    expect(html).toContain('<fieldset class="rating-scores"><legend>您的评分（1–5 分）</legend>');
    for (const [s, label] of [[1, '很不满意'], [3, '一般'], [5, '非常满意']] as const) {
      expect(html).toContain(`<label for="f-score-${s}"><input type="radio" id="f-score-${s}" name="score" value="${s}" required=""/>${s} 分 · ${label}</label>`);
    }
    expect(html).toContain(`<input type="hidden" name="registration" value="${w.attended.id}"/>`);
    expect(html).toContain('<textarea id="f-comment" name="comment" rows="4" aria-describedby="f-comment-hint"></textarea><small id="f-comment-hint">最多 1000 个字符。</small>');
    const lounge = await (await w.client.get(`/me/ratings/new?booking=${w.visit.id}&lang=en`)).text();
    expect(lounge).toContain(`<p>Lounge visit: ${w.lounge.nameEn} (Thu, 26 Nov 2026, 08:00)</p>`);
    expect(lounge).toContain('<legend>Your score (1 to 5)</legend>');
    expect(lounge).toContain('5 · Excellent</label>');
  });

  it('records the score and comment with what it is about, thanks the member and says so on a second try', async () => {
    const w = await world();
    const res = await w.client.post('/me/ratings', { registration: String(w.attended.id), score: '4', comment: '  场地很好，签到稍慢。 ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me');
    expect(await (await w.client.get('/me')).text()).toContain('谢谢您的评价！');
    const visit = await w.client.post('/me/ratings', { booking: String(w.visit.id), score: '5', comment: '' });
    expect(visit.status).toBe(303);
    expect(await w.client.post('/me/ratings', { booking: String(w.inside.id), score: '2' }).then((r) => r.status)).toBe(303);
    expect((await allRatings()).map(({ id: _id, ...r }) => r)).toEqual([
      { userId: w.user.id, subjectType: 'event', registrationId: w.attended.id, bookingId: null, eventId: w.past.id, clubId: w.club.id, loungeId: null, score: 4, comment: '场地很好，签到稍慢。', createdAt: FIXED_NOW },
      { userId: w.user.id, subjectType: 'lounge', registrationId: null, bookingId: w.visit.id, eventId: null, clubId: null, loungeId: w.lounge.id, score: 5, comment: null, createdAt: FIXED_NOW },
      { userId: w.user.id, subjectType: 'lounge', registrationId: null, bookingId: w.inside.id, eventId: null, clubId: null, loungeId: w.lounge.id, score: 2, comment: null, createdAt: FIXED_NOW },
    ]);

    const before = await feedbackSnapshot(ctx);
    const again = await w.client.post('/me/ratings', { registration: String(w.attended.id), score: '1' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('您已经评价过了，谢谢！');
    const form = await w.client.get(`/me/ratings/new?registration=${w.attended.id}`);
    expect(form.status).toBe(409);
    expect(await feedbackSnapshot(ctx)).toEqual(before);

    expect(await myRatingScores(ctx.deps, { id: w.user.id, role: 'member' })).toEqual({
      registrations: new Map([[w.attended.id, 4]]),
      bookings: new Map([[w.visit.id, 5], [w.inside.id, 2]]),
    });
    const other = await createUser(ctx);
    expect(await myRatingScores(ctx.deps, { id: other.id, role: 'member' })).toEqual({ registrations: new Map(), bookings: new Map() });
  });

  it('takes one of two ratings sent at once (a double submit), and answers the other “already rated”', async () => {
    const w = await world();
    const actor = { id: w.user.id, role: 'member' as const };
    const results = await Promise.all([submitRating(ctx.deps, actor, { registrationId: w.attended.id }, 5, null), submitRating(ctx.deps, actor, { registrationId: w.attended.id }, 3, null)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(['already_rated']);
    expect(await allRatings()).toHaveLength(1);
  });

  it('refuses what cannot be rated (yet), with the reason, writing nothing', async () => {
    const w = await world();
    const before = await feedbackSnapshot(ctx);
    const cases: Array<[string, number, string]> = [
      [`registration=${w.noShow.id}`, 422, '只有到场签到的活动才能评价。'],
      [`registration=${w.notYet.id}`, 422, '活动结束后才能评价。'],
      [`booking=${w.booked.id}`, 422, '只有实际到访的贵宾厅预约才能评价。'],
      [`booking=${w.missed.id}`, 422, '只有实际到访的贵宾厅预约才能评价。'],
    ];
    for (const [query, status, text] of cases) {
      const get = await w.client.get(`/me/ratings/new?${query}`);
      expect(get.status, query).toBe(status);
      expect(await get.text(), query).toContain(text);
      const [field, id] = query.split('=');
      const post = await w.client.post('/me/ratings', { [field!]: id!, score: '5' });
      expect(post.status, query).toBe(status);
      expect(await post.text(), query).toContain(text);
    }
    // a checked-in booking whose slot has not started (checked in early)
    const early = await addBooking(ctx, { loungeId: w.lounge.id, userId: w.user.id, slotStart: FIXED_NOW + HOUR, status: 'checked_in' });
    const res = await w.client.get(`/me/ratings/new?booking=${early.id}`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('到访开始后才能评价。');
    expect(await feedbackSnapshot(ctx)).toEqual(before);
  });

  it('re-shows the form with 422 for a missing or wrong score or a long comment, input kept', async () => {
    const w = await world();
    for (const [values, problem] of [
      [{ score: '' }, '请选择 1 到 5 分。'],
      [{ score: '6' }, '请选择 1 到 5 分。'],
      [{ score: '4.5' }, '请选择 1 到 5 分。'],
      [{ score: '3', comment: '长'.repeat(1001) }, '最多 1000 个字符，现在有 1001 个。'],
      [{ score: '3', extra: 'x' }, '表单包含无法识别的内容'],
    ] as Array<[Record<string, string>, string]>) {
      const res = await w.client.post('/me/ratings', { registration: String(w.attended.id), comment: '保留我', ...values });
      expect(res.status, JSON.stringify(values).slice(0, 40)).toBe(422);
      const html = await res.text();
      expect(html).toContain(problem);
      if (!values.comment) expect(html).toContain('保留我</textarea>');
    }
    const kept = await (await w.client.post('/me/ratings', { registration: String(w.attended.id), score: '3', comment: '长'.repeat(1001) })).text();
    expect(kept).toContain('<input type="radio" id="f-score-3" name="score" value="3" checked="" required=""/>');
    expect(await allRatings()).toEqual([]);
  });

  it('answers 404 for another member’s registration or booking, a missing one, or a malformed request', async () => {
    const w = await world();
    const other = await createUser(ctx);
    const theirs = await addRegistration(ctx, { eventId: w.past.id, userId: other.id, checkedInAt: w.past.startsAt });
    const theirVisit = await addBooking(ctx, { loungeId: w.lounge.id, userId: other.id, slotStart: FIXED_NOW - 2 * HOUR, status: 'checked_out' });
    for (const query of [`registration=${theirs.id}`, `booking=${theirVisit.id}`, 'registration=999999', 'booking=0', 'registration=abc', '', `registration=${w.attended.id}&booking=${w.visit.id}`]) {
      expect((await w.client.get(`/me/ratings/new?${query}`)).status, query).toBe(404);
    }
    const forms: Array<Record<string, string>> = [{ registration: String(theirs.id), score: '5' }, { booking: String(theirVisit.id), score: '5' }, { score: '5' }, { registration: String(w.attended.id), booking: String(w.visit.id), score: '5' }];
    for (const form of forms) {
      expect((await w.client.post('/me/ratings', form)).status, JSON.stringify(form)).toBe(404);
    }
    expect(await allRatings()).toEqual([]);
  });
});

describe('satisfaction for admins', () => {
  it('averages per club, event and lounge to one decimal, most rated first, with a drill-down to the comments', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    const empty = await (await client.get('/admin/satisfaction')).text();
    expect(h1(empty)).toBe('满意度');
    expect(empty).toContain('<p class="stat-value">暂无</p>');
    expect(empty.match(/<p class="empty">还没有评价。<\/p>/g)).toHaveLength(3);

    const golf = await createClub(ctx);
    const music = await createClub(ctx);
    const golfDay = await createEvent(ctx, { clubId: golf.id, inDays: -3, opensInHours: -24 * 10 });
    const golfCup = await createEvent(ctx, { clubId: golf.id, inDays: -2, opensInHours: -24 * 10 });
    const concert = await createEvent(ctx, { clubId: music.id, inDays: -2, opensInHours: -24 * 10 });
    const forum = await createEvent(ctx, { clubId: null, inDays: -1, opensInHours: -24 * 10 });
    const hak = await createLounge(ctx);
    const rate = async (eventId: number | null, loungeId: number | null, score: number, comment: string | null = null) => {
      const u = await createUser(ctx, { name: `评价人${score}` });
      const actor = { id: u.id, role: 'member' as const };
      if (eventId) {
        const reg = await addRegistration(ctx, { eventId, userId: u.id, checkedInAt: FIXED_NOW - 3 * DAY });
        const r = await submitRating(ctx.deps, actor, { registrationId: reg.id }, score, comment);
        if (!r.ok) throw new Error(r.error);
      } else {
        const b = await addBooking(ctx, { loungeId: loungeId!, userId: u.id, slotStart: FIXED_NOW - DAY, status: 'checked_out' });
        const r = await submitRating(ctx.deps, actor, { bookingId: b.id }, score, comment);
        if (!r.ok) throw new Error(r.error);
      }
    };
    await rate(golfDay.id, null, 5, '果岭维护得很好');
    await rate(golfDay.id, null, 4);
    await rate(golfCup.id, null, 4);
    await rate(concert.id, null, 3);
    await rate(concert.id, null, 2, '<b>音响</b>太吵');
    await rate(forum.id, null, 5);
    await rate(null, hak.id, 4);

    const html = await (await client.get('/admin/satisfaction')).text();
    // overall 27/7 = 3.857…, events 23/6 = 3.833…, lounges 4
    expect(html).toContain('<p class="stat-value">3.9</p><p class="stat-label">总体 · 7 条评价</p>');
    expect(html).toContain('<p class="stat-value">3.8</p><p class="stat-label">活动 · 6 条评价</p>');
    expect(html).toContain('<p class="stat-value">4.0</p><p class="stat-label">贵宾厅 · 1 条评价</p>');
    const table = (id: string) => {
      const part = html.slice(html.indexOf(`<h2 id="${id}">`));
      return [...part.slice(0, part.indexOf('</table>')).matchAll(/<a href="([^"]+)">([^<]+)<\/a><\/th><td class="num"><strong>([\d.]+)<\/strong><\/td><td class="num">(\d+)<\/td>/g)].map((m) => m.slice(1));
    };
    expect(table('sat-clubs')).toEqual([
      [`/admin/satisfaction/clubs/${golf.id}`, golf.nameZh, '4.3', '3'],
      [`/admin/satisfaction/clubs/${music.id}`, music.nameZh, '2.5', '2'],
    ]);
    expect(table('sat-events')).toEqual([
      [`/admin/satisfaction/events/${golfDay.id}`, golfDay.titleZh, '4.5', '2'],
      [`/admin/satisfaction/events/${concert.id}`, concert.titleZh, '2.5', '2'],
      [`/admin/satisfaction/events/${forum.id}`, forum.titleZh, '5.0', '1'],
      [`/admin/satisfaction/events/${golfCup.id}`, golfCup.titleZh, '4.0', '1'],
    ]);
    expect(table('sat-lounges')).toEqual([[`/admin/satisfaction/lounges/${hak.id}`, hak.nameZh, '4.0', '1']]);
    const en = await (await client.get('/admin/satisfaction?lang=en')).text();
    expect(en).toContain('<p class="stat-label">Lounges · 1 rating</p>');
    expect(en).toContain('<p class="stat-label">Overall · 7 ratings</p>');

    const music1 = await (await client.get(`/admin/satisfaction/clubs/${music.id}?lang=zh`)).text();
    expect(h1(music1)).toBe(music.nameZh);
    expect(music1).toContain('平均 2.5 分 · 2 条评价');
    expect(music1).toContain('&lt;b&gt;音响&lt;/b&gt;太吵');
    expect(music1).toContain('（无留言）');
    expect(music1).toContain(`<small>${concert.titleZh}</small>`);
    expect((await client.get('/admin/satisfaction/clubs/99999')).status).toBe(404);
    expect((await client.get(`/admin/satisfaction/members/${music.id}`)).status).toBe(404);
  });
});
