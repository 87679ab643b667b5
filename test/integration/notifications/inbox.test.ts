import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { clubs, notifications } from '../../../db/schema';
import { MINUTE } from '../../../src/lib/clock';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

type Role = 'member' | 'coordinator' | 'lounge_staff' | 'admin';

async function signedIn(role: Role = 'member', name?: string) {
  const user = await createUser(ctx, { role, ...(name ? { name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** A notification row as the app writes it, created at the clock's current time. */
async function addNotification(userId: number, o: Partial<typeof notifications.$inferInsert> = {}) {
  const [row] = await ctx.deps.db
    .insert(notifications)
    .values({ userId, kind: 'club.promoted', params: { clubZh: '高尔夫球俱乐部', clubEn: 'Golf Club' }, createdAt: ctx.clock.now(), ...o })
    .returning();
  return row!;
}

const rowsOf = (userId: number) => ctx.deps.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.id));

const badge = (count: number) => `<span class="count-badge" aria-hidden="true">${count}</span>`;

/** The inbox list items, in page order. */
function items(html: string): string[] {
  const list = html.slice(html.indexOf('<ol class="inbox">'), html.indexOf('</ol>'));
  return list.split('<li class="inbox-item').slice(1);
}

describe('the inbox page', () => {
  it('sends a signed-out visitor to sign in and back', async () => {
    const res = await new TestClient(ctx).get('/inbox');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Finbox');
    const post = await new TestClient(ctx).post('/inbox/read', {});
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/login?next=%2F');
  });

  it('is open to every signed-in role, empty at first, with no unread badge', async () => {
    for (const role of ['member', 'coordinator', 'lounge_staff', 'admin'] as const) {
      const { client } = await signedIn(role);
      const res = await client.get('/inbox');
      expect(res.status, role).toBe(200);
      const html = await res.text();
      expect(html, role).toContain('<p class="empty">还没有消息。</p>');
      expect(html, role).toContain('<a href="/inbox" id="inbox-link" class="inbox-link" aria-current="page">消息</a>');
      expect(html, role).not.toContain('count-badge');
      expect(html, role).not.toContain('全部标为已读');
    }
  });

  it('lists only the reader’s own messages, newest first', async () => {
    const { user, client } = await signedIn();
    const other = await createUser(ctx);
    const first = await addNotification(user.id, { params: { clubZh: '第一俱乐部', clubEn: 'First Club' } });
    ctx.clock.advance(5 * MINUTE);
    await addNotification(other.id, { params: { clubZh: '别人的俱乐部', clubEn: 'Their Club' } });
    ctx.clock.advance(5 * MINUTE);
    const second = await addNotification(user.id, { kind: 'club.removed', params: { clubZh: '第二俱乐部', clubEn: 'Second Club', reason: '长期未参加活动' } });
    const html = await (await client.get('/inbox')).text();
    const list = items(html);
    expect(list).toHaveLength(2);
    expect(list[0]).toContain('<strong>您已被移出「第二俱乐部」。原因：长期未参加活动</strong>');
    expect(list[0]).toContain('<time datetime="2026-11-26T10:10:00+08:00">');
    expect(list[1]).toContain('<strong>候补转正：您已成为「第一俱乐部」的正式会员。</strong>');
    expect(list[1]).toContain('<time datetime="2026-11-26T10:00:00+08:00">');
    expect(first.createdAt).toBeLessThan(second.createdAt);
    expect(html).not.toContain('别人的俱乐部');
  });

  it('words each message in the reader’s language', async () => {
    const { user, client } = await signedIn();
    await addNotification(user.id, { link: '/clubs/7' });
    const zh = await (await client.get('/inbox')).text();
    expect(zh).toContain('<strong>候补转正：您已成为「高尔夫球俱乐部」的正式会员。</strong>');
    expect(zh).toContain('<a href="/clubs/7">查看</a>');
    const en = await (await client.get('/inbox?lang=en')).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('<strong>A place opened up: you are now a member of Golf Club.</strong>');
    expect(en).toContain('<a href="/clubs/7">Open</a>');
    expect(en).not.toContain('候补转正');
    expect(en).not.toContain('高尔夫球俱乐部');
  });

  it('shows the unread count in the header on every page, in the page language', async () => {
    const { user, client } = await signedIn();
    for (let i = 0; i < 3; i++) await addNotification(user.id);
    await addNotification(user.id, { readAt: ctx.clock.now() });
    await addNotification((await createUser(ctx)).id);
    for (const path of ['/', '/me', '/clubs', '/inbox']) {
      const html = await (await client.get(path)).text();
      expect(html, path).toContain(`<a href="/inbox" id="inbox-link" class="inbox-link"${path === '/inbox' ? ' aria-current="page"' : ''}>消息${badge(3)}<span class="visually-hidden">3 条未读</span></a>`);
    }
    const en = await (await client.get('/me?lang=en')).text();
    expect(en).toContain(`Messages${badge(3)}<span class="visually-hidden">3 unread</span>`);
  });
});

describe('messages sent by the app', () => {
  it('tells a waitlisted member when a place opens up', async () => {
    const club = await createClub(ctx, { capacity: 1 });
    const { client: first } = await signedIn();
    const { user: waiting, client: second } = await signedIn();
    expect((await first.post(`/clubs/${club.id}/join`, {})).status).toBe(303);
    expect((await second.post(`/clubs/${club.id}/join`, {})).status).toBe(303);
    expect(await rowsOf(waiting.id)).toEqual([]);
    expect((await first.post(`/clubs/${club.id}/leave`, {})).status).toBe(303);

    const [message] = await rowsOf(waiting.id);
    expect(message).toMatchObject({ kind: 'club.promoted', params: { clubZh: club.nameZh, clubEn: club.nameEn }, link: `/clubs/${club.id}`, readAt: null });
    const html = await (await second.get('/inbox')).text();
    expect(html).toContain(badge(1));
    expect(html).toContain('<span class="visually-hidden">1 条未读</span>');
    const [item] = items(html);
    expect(item).toMatch(/^ unread">/);
    expect(item).toContain('<span class="badge">未读</span>');
    expect(item).toContain(`<strong>候补转正：您已成为「${club.nameZh}」的正式会员。</strong>`);
    expect(item).toContain(`<a href="/clubs/${club.id}">查看</a>`);
    expect(item).toContain(`<input type="hidden" name="id" value="${message!.id}"/>`);
    const en = await (await second.get('/inbox?lang=en')).text();
    expect(en).toContain(`A place opened up: you are now a member of ${club.nameEn}.`);
  });

  it('tells the coordinators when a member asks to join a club that needs approval', async () => {
    const { user: coordinator, client: coordinatorClient } = await signedIn('coordinator');
    const { user: otherCoordinator } = await signedIn('coordinator');
    const club = await createClub(ctx, { capacity: 5, coordinatorIds: [coordinator.id] });
    await ctx.deps.db.update(clubs).set({ requiresApproval: true }).where(eq(clubs.id, club.id));
    const { client: member } = await signedIn('member', '周杰');
    expect((await member.post(`/clubs/${club.id}/join`, {})).status).toBe(303);
    expect(await rowsOf(otherCoordinator.id)).toEqual([]);
    const html = await (await coordinatorClient.get('/inbox')).text();
    expect(html).toContain(badge(1));
    expect(html).toContain(`<strong>周杰 申请加入「${club.nameZh}」，请审核。</strong>`);
    expect(html).toContain(`<a href="/coordinator/clubs/${club.id}?status=pending">查看</a>`);
  });

  it('shows a coordinator’s notice with its title and body escaped, as typed', async () => {
    const { user: coordinator, client: coordinatorClient } = await signedIn('coordinator');
    const club = await createClub(ctx, { capacity: 5, coordinatorIds: [coordinator.id] });
    const { user: member, client: memberClient } = await signedIn();
    expect((await memberClient.post(`/clubs/${club.id}/join`, {})).status).toBe(303);
    const title = '周六<b>改期</b>';
    const body = '请注意：<script>alert(1)</script>\n活动改到 "周日" & 地点不变';
    const sent = await coordinatorClient.post(`/coordinator/clubs/${club.id}/notices`, { title, body });
    expect(sent.status).toBe(303);
    const [row] = await rowsOf(member.id);
    expect(row).toMatchObject({ kind: 'club.notice', title, body, link: `/clubs/${club.id}` });
    const html = await (await memberClient.get('/inbox')).text();
    expect(html).toContain(`<strong>「${club.nameZh}」通知</strong>`);
    expect(html).toContain('<p class="inbox-title">周六&lt;b&gt;改期&lt;/b&gt;</p>');
    expect(html).toContain('<p class="prose">请注意：&lt;script&gt;alert(1)&lt;/script&gt;\n活动改到 &quot;周日&quot; &amp; 地点不变</p>');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<b>改期</b>');
    const en = await (await memberClient.get('/inbox?lang=en')).text();
    expect(en).toContain(`<strong>Notice from ${club.nameEn}</strong>`);
    // a person's words are shown as written, in any language
    expect(en).toContain('<p class="inbox-title">周六&lt;b&gt;改期&lt;/b&gt;</p>');
  });
});

describe('marking messages read', () => {
  it('marks one message read and leaves the others unread', async () => {
    const { user, client } = await signedIn();
    const a = await addNotification(user.id);
    const b = await addNotification(user.id);
    const c = await addNotification(user.id);
    ctx.clock.advance(3 * MINUTE);
    const res = await client.post('/inbox/read', { id: String(b.id) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/inbox');
    const rows = await rowsOf(user.id);
    expect(rows.map((r) => [r.id, r.readAt])).toEqual([
      [a.id, null],
      [b.id, ctx.clock.now()],
      [c.id, null],
    ]);
    const page = await client.get('/inbox');
    const html = await page.text();
    expect(html).toContain(badge(2));
    expect(html).toContain('<span class="visually-hidden">2 条未读</span>');
    expect(html).not.toContain('所有消息已标为已读。');
    const list = items(html);
    expect(list[1]).toMatch(/^">/); // b is shown, no longer as unread
    expect(list[1]).not.toContain(`name="id" value="${b.id}"`);
    expect(list[0]).toContain(`name="id" value="${c.id}"`);
    // marking it again changes nothing
    ctx.clock.advance(MINUTE);
    await client.post('/inbox/read', { id: String(b.id) });
    expect((await rowsOf(user.id)).find((r) => r.id === b.id)!.readAt).toBe(ctx.clock.now() - MINUTE);
  });

  it('marks every message read when no id is given, and says so', async () => {
    const { user, client } = await signedIn();
    const other = await createUser(ctx);
    const earlier = ctx.clock.now();
    const alreadyRead = await addNotification(user.id, { readAt: earlier });
    await addNotification(user.id);
    await addNotification(user.id, { kind: 'club.removed', params: { clubZh: '乒乓球俱乐部', clubEn: 'Table Tennis Club', reason: '退出' } });
    const theirs = await addNotification(other.id);
    ctx.clock.advance(MINUTE);
    const res = await client.post('/inbox/read', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/inbox');
    const rows = await rowsOf(user.id);
    expect(rows.find((r) => r.id === alreadyRead.id)!.readAt).toBe(earlier);
    expect(rows.filter((r) => r.id !== alreadyRead.id).map((r) => r.readAt)).toEqual([ctx.clock.now(), ctx.clock.now()]);
    expect((await rowsOf(other.id)).find((r) => r.id === theirs.id)!.readAt).toBeNull();
    const html = await (await client.get('/inbox')).text();
    expect(html).toContain('<p class="flash flash-success" role="status">所有消息已标为已读。</p>');
    expect(html).not.toContain('count-badge');
    expect(html).not.toContain('条未读');
    expect(html).not.toContain('全部标为已读');
    expect(html).not.toContain('<span class="badge">未读</span>');
    expect(items(html)).toHaveLength(3);
  });

  it('says so in English on an English page', async () => {
    const { user, client } = await signedIn();
    await addNotification(user.id);
    await client.post('/inbox/read?lang=en', {});
    expect(await (await client.get('/inbox')).text()).toContain('All messages are marked as read.');
  });

  it('changes nothing when the id is someone else’s', async () => {
    const { user, client } = await signedIn();
    const mine = await addNotification(user.id);
    const other = await createUser(ctx);
    const theirs = await addNotification(other.id);
    const res = await client.post('/inbox/read', { id: String(theirs.id) });
    expect(res.status).toBe(303);
    expect((await rowsOf(other.id))[0]!.readAt).toBeNull();
    expect((await rowsOf(user.id))[0]!.readAt).toBeNull();
    expect(mine.id).not.toBe(theirs.id);
    // the owner still sees it unread
    const owner = new TestClient(ctx);
    await owner.signIn(other.phone);
    expect(await (await owner.get('/inbox')).text()).toContain(badge(1));
    // an id that does not exist changes nothing either
    await client.post('/inbox/read', { id: '999999' });
    expect((await rowsOf(user.id))[0]!.readAt).toBeNull();
  });

  it('does not mark everything read when the id is malformed', async () => {
    const { user, client } = await signedIn();
    await addNotification(user.id);
    const target = await addNotification(user.id);
    const malformed: Array<Record<string, string>> = [{ id: 'abc' }, { id: '' }, { id: String(target.id), extra: 'x' }];
    for (const form of malformed) {
      await ctx.deps.db.update(notifications).set({ readAt: null }).where(eq(notifications.userId, user.id));
      const res = await client.post('/inbox/read', form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect((await rowsOf(user.id)).map((r) => r.readAt), JSON.stringify(form)).toEqual([null, null]);
    }
  });

  it('requires a same-origin form post', async () => {
    const { user, client } = await signedIn();
    await addNotification(user.id);
    const res = await client.post('/inbox/read', {}, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await rowsOf(user.id))[0]!.readAt).toBeNull();
  });
});
