import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import { auditLog, clubMemberships, clubs, notifications, type MembershipStatus } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createUser } from '../../helpers/factories';

let ctx: TestContext;
let admin: TestClient;
let adminId: number;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin' });
  adminId = user.id;
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

/** A complete, valid club form; tests override single fields. */
function clubForm(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const form: Record<string, string | undefined> = {
    nameZh: '帆船俱乐部',
    nameEn: 'Sailing Club',
    category: 'fitness',
    city: 'sanya',
    descriptionZh: '每周六在三亚湾出海。',
    descriptionEn: 'Out on Sanya Bay every Saturday.',
    termsZh: '每次活动需自备防晒用品。',
    termsEn: 'Bring your own sun protection.',
    minTier: 'gold',
    capacity: '12',
    requiresApproval: 'on',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The form for an existing club as stored, with overrides (what an admin submits from the edit page). */
function formOf(club: typeof clubs.$inferSelect, overrides: Record<string, string | undefined> = {}) {
  return clubForm({
    nameZh: club.nameZh,
    nameEn: club.nameEn,
    category: club.category,
    city: club.city,
    descriptionZh: club.descriptionZh,
    descriptionEn: club.descriptionEn,
    termsZh: club.termsZh ?? '',
    termsEn: club.termsEn ?? '',
    minTier: club.minTier ?? '',
    capacity: String(club.capacity),
    requiresApproval: club.requiresApproval ? 'on' : undefined,
    ...overrides,
  });
}

let queueSeq = 0;
/** A membership row as the app would have written it; queuedAt grows with each call (FIFO order). */
async function addMembership(clubId: number, userId: number, status: MembershipStatus) {
  queueSeq += 1;
  const at = ctx.clock.now() - 1_000_000 + queueSeq * 1000;
  const [row] = await ctx.deps.db
    .insert(clubMemberships)
    .values({ clubId, userId, status, requestedAt: at, queuedAt: at, activeSince: status === 'active' ? at : null, statusChangedAt: at })
    .returning();
  return row!;
}

async function membersOf(clubId: number) {
  return ctx.deps.db.select().from(clubMemberships).where(eq(clubMemberships.clubId, clubId)).orderBy(asc(clubMemberships.id));
}

const clubCount = async () => (await ctx.deps.db.select({ n: count() }).from(clubs))[0]!.n;
const clubRow = async (id: number) => (await ctx.deps.db.select().from(clubs).where(eq(clubs.id, id)))[0]!;
const auditRows = async (action: string) => ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, action));

async function signedInMember(tierCode = 'diamond') {
  const user = await createUser(ctx, { tierCode });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

describe('the admin club list', () => {
  it('lists every club, closed ones included, with their counts', async () => {
    const open = await createClub(ctx, { capacity: 3 });
    const closed = await createClub(ctx, { capacity: 5 });
    await ctx.deps.db.update(clubs).set({ archivedAt: ctx.clock.now() }).where(eq(clubs.id, closed.id));
    for (const status of ['active', 'active', 'pending', 'waitlisted', 'waitlisted', 'waitlisted', 'left'] as const) {
      const u = await createUser(ctx);
      await addMembership(open.id, u.id, status);
    }
    const res = await admin.get('/admin/clubs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>俱乐部设置</h1>');
    const rowOf = (name: string) => {
      const start = html.indexOf(`<th scope="row">${name}</th>`);
      expect(start, name).toBeGreaterThan(-1);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    const openRow = rowOf(open.nameZh);
    expect(openRow).toMatch(/<td class="num">2 \/ 3<\/td><td class="num">1<\/td><td class="num">3<\/td><td>开放中<\/td>/);
    expect(openRow).toContain(`href="/admin/clubs/${open.id}/edit"`);
    expect(openRow).toContain(`href="/coordinator/clubs/${open.id}"`);
    const closedRow = rowOf(closed.nameZh);
    expect(closedRow).toMatch(/<td class="num">0 \/ 5<\/td><td class="num">0<\/td><td class="num">0<\/td><td>已关闭<\/td>/);
    expect(closedRow).toContain(`href="/admin/clubs/${closed.id}/edit"`);
    expect(closedRow).not.toContain(`href="/coordinator/clubs/${closed.id}"`);
    // closed clubs come last
    expect(html.indexOf(open.nameZh)).toBeLessThan(html.indexOf(closed.nameZh));
  });

  it('is for admins only: every other role gets 403 and changes nothing', async () => {
    const club = await createClub(ctx, { capacity: 4 });
    for (const role of ['member', 'coordinator', 'lounge_staff'] as const) {
      const user = await createUser(ctx, { role });
      const client = new TestClient(ctx);
      await client.signIn(user.phone);
      expect((await client.get('/admin/clubs')).status, role).toBe(403);
      expect((await client.get('/admin/clubs/new')).status, role).toBe(403);
      expect((await client.get(`/admin/clubs/${club.id}/edit`)).status, role).toBe(403);
      expect((await client.post('/admin/clubs', clubForm())).status, role).toBe(403);
      expect((await client.post(`/admin/clubs/${club.id}`, formOf(club, { capacity: '99' }))).status, role).toBe(403);
      expect((await client.post(`/admin/clubs/${club.id}/archive`, { reason: '测试' })).status, role).toBe(403);
    }
    expect(await clubCount()).toBe(1);
    expect(await clubRow(club.id)).toMatchObject({ capacity: 4, archivedAt: null });
    expect(await ctx.deps.db.select().from(auditLog)).toHaveLength(0);
    const anonymous = await new TestClient(ctx).get('/admin/clubs');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fadmin%2Fclubs');
  });

  it('answers 404 for a club that does not exist or a malformed id', async () => {
    expect((await admin.get('/admin/clubs/999999/edit')).status).toBe(404);
    expect((await admin.get('/admin/clubs/abc/edit')).status).toBe(404);
    expect((await admin.post('/admin/clubs/999999', clubForm())).status).toBe(404);
    expect((await admin.post('/admin/clubs/999999/archive', { reason: '测试' })).status).toBe(404);
    expect((await admin.post('/admin/clubs/999999/reopen', {})).status).toBe(404);
    expect(await clubCount()).toBe(0);
  });
});

describe('creating a club', () => {
  it('shows an empty form with sensible defaults', async () => {
    const res = await admin.get('/admin/clubs/new');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/admin/clubs" novalidate="">');
    expect(html).toContain('name="capacity" type="number" value="50"');
    expect(html).toContain('<option value="" selected="">不限</option>');
    expect(html).not.toContain('action="/admin/clubs/undefined');
  });

  it('creates the club, redirects with a flash and records club.created', async () => {
    const res = await admin.post('/admin/clubs', clubForm());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/clubs');
    const rows = await ctx.deps.db.select().from(clubs);
    expect(rows).toHaveLength(1);
    const club = rows[0]!;
    expect(club).toMatchObject({
      nameZh: '帆船俱乐部',
      nameEn: 'Sailing Club',
      category: 'fitness',
      city: 'sanya',
      descriptionZh: '每周六在三亚湾出海。',
      descriptionEn: 'Out on Sanya Bay every Saturday.',
      termsZh: '每次活动需自备防晒用品。',
      termsEn: 'Bring your own sun protection.',
      minTier: 'gold',
      capacity: 12,
      requiresApproval: true,
      archivedAt: null,
      createdAt: ctx.clock.now(),
    });
    expect(club.slug).toMatch(/^club-[0-9a-z]{10}$/);
    const audit = await ctx.deps.db.select().from(auditLog);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'club.created',
      actorId: adminId,
      targetType: 'club',
      targetId: String(club.id),
      detail: { nameZh: '帆船俱乐部', capacity: 12 },
      ip: '198.51.100.7',
    });
    const list = await admin.get('/admin/clubs');
    const html = await list.text();
    expect(html).toContain('已创建「帆船俱乐部」。');
    expect(html).toContain('<th scope="row">帆船俱乐部</th>');
    // the flash is shown once
    expect(await (await admin.get('/admin/clubs')).text()).not.toContain('已创建「帆船俱乐部」。');
  });

  it('treats an empty lowest tier as "any tier", absent approval as off and empty terms as none', async () => {
    const res = await admin.post('/admin/clubs', clubForm({ minTier: '', requiresApproval: undefined, termsZh: '', termsEn: '   ' }));
    expect(res.status).toBe(303);
    const [club] = await ctx.deps.db.select().from(clubs);
    expect(club).toMatchObject({ minTier: null, requiresApproval: false, termsZh: null, termsEn: null });
  });

  it('opens a new club to members at once', async () => {
    await admin.post('/admin/clubs', clubForm({ minTier: '', requiresApproval: undefined }));
    const [club] = await ctx.deps.db.select().from(clubs);
    const { client } = await signedInMember('silver');
    const list = await client.get('/clubs');
    expect(await list.text()).toContain(`href="/clubs/${club!.id}"`);
    const join = await client.post(`/clubs/${club!.id}/join`, {});
    expect(join.status).toBe(303);
    expect((await membersOf(club!.id)).map((m) => m.status)).toEqual(['active']);
  });

  it('stores markup typed into a description as typed and shows it escaped', async () => {
    const description = '欢迎<script>alert(1)</script>加入 & "畅游"';
    const res = await admin.post('/admin/clubs', clubForm({ descriptionZh: description, minTier: '' }));
    expect(res.status).toBe(303);
    const [club] = await ctx.deps.db.select().from(clubs);
    expect(club!.descriptionZh).toBe(description);
    const { client } = await signedInMember();
    const page = await client.get(`/clubs/${club!.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('欢迎&lt;script&gt;alert(1)&lt;/script&gt;加入 &amp; &quot;畅游&quot;');
    expect(html).not.toContain('<script>alert(1)</script>');
    // the edit form shows it escaped too
    const edit = await (await admin.get(`/admin/clubs/${club!.id}/edit`)).text();
    expect(edit).toContain('欢迎&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(edit).not.toContain('<script>alert(1)</script>');
  });

  const bad: Array<[string, Record<string, string | undefined>, string, string]> = [
    ['a missing Chinese name', { nameZh: undefined }, 'nameZh', '此项必填。'],
    ['a blank English name', { nameEn: '   ' }, 'nameEn', '此项必填。'],
    ['a 61-character name', { nameZh: '长'.repeat(61) }, 'nameZh', '最多 60 个字符，现在有 61 个。'],
    ['markup in a name', { nameEn: 'Sailing <b>Club</b>' }, 'nameEn', '不能包含 &lt; 或 &gt; 字符。'],
    ['a capacity that is not a number', { capacity: 'abc' }, 'capacity', '请输入整数。'],
    ['a fractional capacity', { capacity: '2.5' }, 'capacity', '请输入整数。'],
    ['a capacity of 0', { capacity: '0' }, 'capacity', '不能小于 1。'],
    ['a negative capacity', { capacity: '-3' }, 'capacity', '不能小于 1。'],
    ['a capacity over 100000', { capacity: '100001' }, 'capacity', '不能大于 100000。'],
    ['an unknown category', { category: 'poker' }, 'category', '内容无效，请检查。'],
    ['an unknown city', { city: 'beijing' }, 'city', '内容无效，请检查。'],
    ['an unknown lowest tier', { minTier: 'titanium' }, 'minTier', '内容无效，请检查。'],
    ['a missing description', { descriptionEn: '' }, 'descriptionEn', '此项必填。'],
    ['a description over 2000 characters', { descriptionZh: '字'.repeat(2001) }, 'descriptionZh', '最多 2000 个字符，现在有 2001 个。'],
    ['approval sent as something other than "on"', { requiresApproval: 'yes' }, 'requiresApproval', ''],
  ];
  for (const [what, overrides, field, message] of bad) {
    it(`refuses ${what} with 422, the form kept and nothing written`, async () => {
      const form = clubForm(overrides);
      const res = await admin.post('/admin/clubs', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      if (message) expect(html).toContain(`<small id="f-${field}-error" class="field-error">${message}</small>`);
      expect(html).toContain('<form method="post" action="/admin/clubs" novalidate="">');
      expect(html).toContain('<html lang="zh-CN"');
      // what was typed comes back
      if (field !== 'nameZh') expect(html).toContain('value="帆船俱乐部"');
      if (field !== 'capacity') expect(html).toContain('value="12"');
      if (field !== 'city') expect(html).toContain('<option value="sanya" selected="">');
      if (field === 'capacity') expect(html).toContain(`value="${form.capacity}"`);
      if (field === 'minTier') expect(html).toContain('value="Sailing Club"');
      if (field !== 'descriptionEn') expect(html).toContain('Out on Sanya Bay every Saturday.</textarea>');
      expect(await clubCount()).toBe(0);
      expect(await ctx.deps.db.select().from(auditLog)).toHaveLength(0);
    });
  }

  it('refuses an unexpected extra field with 422 and a message for the whole form', async () => {
    const res = await admin.post('/admin/clubs', { ...clubForm(), archivedAt: '0' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<p class="form-error" role="alert">表单包含无法识别的内容，请刷新页面后重试。</p>');
    expect(html).toContain('value="帆船俱乐部"');
    expect(await clubCount()).toBe(0);
  });

  it('explains the problems in English on an English page', async () => {
    const res = await admin.post('/admin/clubs?lang=en', clubForm({ nameZh: '', nameEn: 'Sailing <b>', capacity: 'abc', city: 'beijing' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<small id="f-nameZh-error" class="field-error">This field is required.</small>');
    expect(html).toContain('<small id="f-nameEn-error" class="field-error">Must not contain &lt; or &gt;.</small>');
    expect(html).toContain('<small id="f-capacity-error" class="field-error">Enter a whole number.</small>');
    expect(html).toContain('<small id="f-city-error" class="field-error">This value is not valid.</small>');
    expect(html).toContain('Name (Chinese)');
    expect(html).not.toContain('此项必填');
    expect(html).not.toContain('请输入整数');
    expect(html).toContain('value="Sailing &lt;b&gt;"');
    expect(html).toContain('value="abc"');
    expect(await clubCount()).toBe(0);
  });

  it('puts the flash in English after an English create', async () => {
    const res = await admin.post('/admin/clubs?lang=en', clubForm());
    expect(res.status).toBe(303);
    const html = await (await admin.get('/admin/clubs')).text();
    expect(html).toContain('Sailing Club is created.');
    expect(html).toContain('<th scope="row">Sailing Club</th>');
  });
});

describe('editing a club', () => {
  it('shows the stored values in the edit form', async () => {
    const club = await createClub(ctx, { capacity: 7, minTier: 'platinum', category: 'golf' });
    const res = await admin.get(`/admin/clubs/${club.id}/edit`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<form method="post" action="/admin/clubs/${club.id}" novalidate="">`);
    expect(html).toContain(`value="${club.nameZh}"`);
    expect(html).toContain('value="7"');
    expect(html).toContain('<option value="golf" selected="">');
    expect(html).toContain('<option value="platinum" selected="">');
    expect(html).toContain(`action="/admin/clubs/${club.id}/archive"`);
  });

  it('saves changes, records club.updated with exactly the changed fields and says so', async () => {
    const club = await createClub(ctx, { capacity: 7 });
    const res = await admin.post(`/admin/clubs/${club.id}`, formOf(club, { nameEn: 'Morning Runners', city: 'wenchang', requiresApproval: 'on' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/clubs');
    expect(await clubRow(club.id)).toMatchObject({ nameEn: 'Morning Runners', city: 'wenchang', requiresApproval: true, capacity: 7, nameZh: club.nameZh });
    const [row] = await auditRows('club.updated');
    expect(row).toMatchObject({ actorId: adminId, targetType: 'club', targetId: String(club.id) });
    expect(row!.detail).toEqual({
      changed: {
        nameEn: { from: club.nameEn, to: 'Morning Runners' },
        city: { from: 'haikou', to: 'wenchang' },
        requiresApproval: { from: false, to: true },
      },
      promoted: 0,
    });
    const list = await (await admin.get('/admin/clubs')).text();
    expect(list).toContain(`已保存「${club.nameZh}」。`);
  });

  it('refuses to lower capacity below the active members (409), keeps the form and changes nothing', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    for (const status of ['active', 'active', 'active', 'pending', 'waitlisted'] as const) {
      const u = await createUser(ctx);
      await addMembership(club.id, u.id, status);
    }
    const res = await admin.post(`/admin/clubs/${club.id}`, formOf(club, { capacity: '2', nameZh: '改过的名字' }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('<small id="f-capacity-error" class="field-error">不能低于当前会员人数（3 人）。请先让会员退出或移出。</small>');
    expect(html).toContain('value="2"');
    expect(html).toContain('value="改过的名字"');
    expect(await clubRow(club.id)).toMatchObject({ capacity: 5, nameZh: club.nameZh });
    expect(await auditRows('club.updated')).toHaveLength(0);
    expect((await membersOf(club.id)).map((m) => m.status)).toEqual(['active', 'active', 'active', 'pending', 'waitlisted']);
  });

  it('lets capacity go down to exactly the active members (pending and waitlisted do not count)', async () => {
    const club = await createClub(ctx, { capacity: 5 });
    for (const status of ['active', 'active', 'pending', 'waitlisted'] as const) {
      const u = await createUser(ctx);
      await addMembership(club.id, u.id, status);
    }
    const res = await admin.post(`/admin/clubs/${club.id}`, formOf(club, { capacity: '2' }));
    expect(res.status).toBe(303);
    expect((await clubRow(club.id)).capacity).toBe(2);
    expect((await membersOf(club.id)).map((m) => m.status)).toEqual(['active', 'active', 'pending', 'waitlisted']);
    const [row] = await auditRows('club.updated');
    expect(row!.detail).toEqual({ changed: { capacity: { from: 5, to: 2 } }, promoted: 0 });
  });

  it('gives the capacity message in English on an English page', async () => {
    const club = await createClub(ctx, { capacity: 2 });
    for (let i = 0; i < 2; i++) await addMembership(club.id, (await createUser(ctx)).id, 'active');
    const res = await admin.post(`/admin/clubs/${club.id}?lang=en`, formOf(club, { capacity: '1' }));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Cannot go below the current members (2). Members must leave or be removed first.');
  });

  it('promotes the waitlist first come, first served when capacity goes up, in the same change', async () => {
    const club = await createClub(ctx, { capacity: 2 });
    const a1 = await createUser(ctx, { name: '甲' });
    const a2 = await createUser(ctx, { name: '乙' });
    const w1 = await createUser(ctx, { name: '丙' });
    const w2 = await createUser(ctx, { name: '丁' });
    const w3 = await createUser(ctx, { name: '戊' });
    const p1 = await createUser(ctx, { name: '己' });
    await addMembership(club.id, a1.id, 'active');
    await addMembership(club.id, a2.id, 'active');
    await addMembership(club.id, w1.id, 'waitlisted');
    await addMembership(club.id, w2.id, 'waitlisted');
    const m3 = await addMembership(club.id, w3.id, 'waitlisted');
    await addMembership(club.id, p1.id, 'pending');
    // the third waiter queued first: queue order is by queuedAt, not by id
    await ctx.deps.db.update(clubMemberships).set({ queuedAt: 1 }).where(eq(clubMemberships.id, m3.id));

    const res = await admin.post(`/admin/clubs/${club.id}`, formOf(club, { capacity: '4' }));
    expect(res.status).toBe(303);
    const rows = await membersOf(club.id);
    const statusOf = (userId: number) => rows.find((r) => r.userId === userId)!;
    expect(statusOf(w3.id)).toMatchObject({ status: 'active', activeSince: ctx.clock.now(), statusChangedAt: ctx.clock.now() });
    expect(statusOf(w1.id)).toMatchObject({ status: 'active', activeSince: ctx.clock.now() });
    expect(statusOf(w2.id).status).toBe('waitlisted');
    expect(statusOf(p1.id).status).toBe('pending');
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(4);

    const sent = await ctx.deps.db.select().from(notifications).orderBy(asc(notifications.id));
    expect(sent).toHaveLength(2);
    expect(sent.map((n) => n.userId).sort()).toEqual([w1.id, w3.id].sort());
    for (const n of sent) {
      expect(n).toMatchObject({ kind: 'club.promoted', params: { clubZh: club.nameZh, clubEn: club.nameEn }, link: `/clubs/${club.id}`, readAt: null, createdAt: ctx.clock.now() });
    }
    const [row] = await auditRows('club.updated');
    expect(row!.detail).toEqual({ changed: { capacity: { from: 2, to: 4 } }, promoted: 2 });

    const list = await (await admin.get('/admin/clubs')).text();
    expect(list).toContain(`已保存「${club.nameZh}」，2 位候补会员已转正。`);

    // the promoted member reads it in their inbox
    const promoted = new TestClient(ctx);
    await promoted.signIn(w3.phone);
    expect(await (await promoted.get('/inbox')).text()).toContain(`候补转正：您已成为「${club.nameZh}」的正式会员。`);
  });

  it('promotes everyone waiting when the new capacity has room for all, and says so in English', async () => {
    const club = await createClub(ctx, { capacity: 1 });
    await addMembership(club.id, (await createUser(ctx)).id, 'active');
    await addMembership(club.id, (await createUser(ctx)).id, 'waitlisted');
    const res = await admin.post(`/admin/clubs/${club.id}?lang=en`, formOf(club, { capacity: '10' }));
    expect(res.status).toBe(303);
    expect((await membersOf(club.id)).map((m) => m.status)).toEqual(['active', 'active']);
    expect(await (await admin.get('/admin/clubs')).text()).toContain(`${club.nameEn} is saved; 1 person moved up from the waitlist.`);
  });

  it('refuses bad input on the edit form with 422 and changes nothing', async () => {
    const club = await createClub(ctx, { capacity: 3 });
    const res = await admin.post(`/admin/clubs/${club.id}`, formOf(club, { nameZh: '长'.repeat(61), capacity: '0', minTier: 'titanium' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<small id="f-nameZh-error" class="field-error">最多 60 个字符，现在有 61 个。</small>');
    expect(html).toContain('<small id="f-capacity-error" class="field-error">不能小于 1。</small>');
    expect(html).toContain(`value="${'长'.repeat(61)}"`);
    expect(html).toContain(`<form method="post" action="/admin/clubs/${club.id}" novalidate="">`);
    const unknownTier = await admin.post(`/admin/clubs/${club.id}`, formOf(club, { minTier: 'titanium', capacity: '8' }));
    expect(unknownTier.status).toBe(422);
    const tierHtml = await unknownTier.text();
    expect(tierHtml).toContain('<small id="f-minTier-error" class="field-error">内容无效，请检查。</small>');
    expect(tierHtml).toContain('value="8"');
    const extra = await admin.post(`/admin/clubs/${club.id}`, { ...formOf(club, { capacity: '9' }), slug: 'hijack' });
    expect(extra.status).toBe(422);
    expect(await extra.text()).toContain('表单包含无法识别的内容，请刷新页面后重试。');
    const stored = await clubRow(club.id);
    expect(stored).toMatchObject({ nameZh: club.nameZh, capacity: 3, minTier: null, slug: club.slug });
    expect(await auditRows('club.updated')).toHaveLength(0);
  });
});

describe('closing and reopening a club', () => {
  it('ends every live membership with the reason, tells each member, hides the club and records club.archived', async () => {
    const club = await createClub(ctx, { capacity: 2 });
    const { user: active, client: activeClient } = await signedInMember();
    const pending = await createUser(ctx);
    const waiting = await createUser(ctx);
    const former = await createUser(ctx);
    await addMembership(club.id, active.id, 'active');
    await addMembership(club.id, pending.id, 'pending');
    await addMembership(club.id, waiting.id, 'waitlisted');
    await addMembership(club.id, former.id, 'left');

    const res = await admin.post(`/admin/clubs/${club.id}/archive`, { reason: '场地到期，俱乐部停办' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/clubs');
    expect((await clubRow(club.id)).archivedAt).toBe(ctx.clock.now());

    const rows = await membersOf(club.id);
    const byUser = (id: number) => rows.find((r) => r.userId === id)!;
    for (const u of [active, pending, waiting]) {
      expect(byUser(u.id)).toMatchObject({ status: 'closed', reason: '场地到期，俱乐部停办', statusChangedAt: ctx.clock.now(), decidedBy: adminId });
    }
    expect(byUser(former.id)).toMatchObject({ status: 'left', reason: null });

    const sent = await ctx.deps.db.select().from(notifications).orderBy(asc(notifications.userId));
    expect(sent.map((n) => n.userId)).toEqual([active.id, pending.id, waiting.id].sort((a, b) => a - b));
    for (const n of sent) expect(n).toMatchObject({ kind: 'club.closed', params: { clubZh: club.nameZh, clubEn: club.nameEn, reason: '场地到期，俱乐部停办' } });

    const [row] = await auditRows('club.archived');
    expect(row).toMatchObject({ actorId: adminId, targetType: 'club', targetId: String(club.id), detail: { ended: 3, reason: '场地到期，俱乐部停办' } });

    const list = await (await admin.get('/admin/clubs')).text();
    expect(list).toContain(`已关闭「${club.nameZh}」，3 个会员资格已结束。`);

    // members no longer see it, and its page is gone
    const clubsPage = await activeClient.get('/clubs');
    expect(clubsPage.status).toBe(200);
    expect(await clubsPage.text()).not.toContain(`href="/clubs/${club.id}"`);
    expect((await activeClient.get(`/clubs/${club.id}`)).status).toBe(404);
    // joining is refused
    const join = await activeClient.post(`/clubs/${club.id}/join`, {});
    expect(join.status).toBe(409);
    expect((await membersOf(club.id)).filter((m) => m.status !== 'closed' && m.status !== 'left')).toHaveLength(0);
    // and the member reads why
    const inbox = await (await activeClient.get('/inbox')).text();
    expect(inbox).toContain(`「${club.nameZh}」已关闭，您的会员资格随之结束。说明：场地到期，俱乐部停办`);
  });

  for (const [what, form] of [
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
    ['a reason over 200 characters', { reason: '因'.repeat(201) }],
  ] as const) {
    it(`refuses to close with ${what} (422) and changes nothing`, async () => {
      const club = await createClub(ctx);
      const member = await createUser(ctx);
      await addMembership(club.id, member.id, 'active');
      const res = await admin.post(`/admin/clubs/${club.id}/archive`, form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('<details open="">');
      expect(html).toMatch(/<small id="f-reason-error" class="field-error">(此项必填。|最多 200 个字符，现在有 201 个。)<\/small>/);
      // the reason as typed comes back, whole
      if ('reason' in form && form.reason.trim()) expect(html).toContain(`value="${form.reason}"`);
      expect((await clubRow(club.id)).archivedAt).toBeNull();
      expect((await membersOf(club.id)).map((m) => m.status)).toEqual(['active']);
      expect(await ctx.deps.db.select().from(notifications)).toHaveLength(0);
      expect(await auditRows('club.archived')).toHaveLength(0);
    });
  }

  it('says what closing means and what it did in English', async () => {
    const club = await createClub(ctx);
    await addMembership(club.id, (await createUser(ctx)).id, 'active');
    await addMembership(club.id, (await createUser(ctx)).id, 'waitlisted');
    const edit = await (await admin.get(`/admin/clubs/${club.id}/edit?lang=en`)).text();
    expect(edit).toContain('A closed club is hidden, and its 2 current memberships, requests and waitlist places all end; each member is sent your reason.');
    const missing = await admin.post(`/admin/clubs/${club.id}/archive`, {});
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('<small id="f-reason-error" class="field-error">This field is required.</small>');
    expect((await admin.post(`/admin/clubs/${club.id}/archive`, { reason: 'Venue closed' })).status).toBe(303);
    expect(await (await admin.get('/admin/clubs')).text()).toContain(`${club.nameEn} is closed; 2 memberships ended.`);
  });

  it('counts a single ended membership in the flash', async () => {
    const club = await createClub(ctx);
    await addMembership(club.id, (await createUser(ctx)).id, 'active');
    expect((await admin.post(`/admin/clubs/${club.id}/archive?lang=en`, { reason: 'Venue closed' })).status).toBe(303);
    const html = await (await admin.get('/admin/clubs')).text();
    expect(html).toContain(`${club.nameEn} is closed; 1 membership ended.`);
  });

  it('reopens a closed club: visible again, memberships not restored, club.reopened recorded', async () => {
    const club = await createClub(ctx);
    const { user, client } = await signedInMember();
    await addMembership(club.id, user.id, 'active');
    expect((await admin.post(`/admin/clubs/${club.id}/archive`, { reason: '暂停' })).status).toBe(303);
    const edit = await (await admin.get(`/admin/clubs/${club.id}/edit`)).text();
    expect(edit).toContain(`action="/admin/clubs/${club.id}/reopen"`);
    expect(edit).not.toContain(`action="/admin/clubs/${club.id}/archive"`);

    const res = await admin.post(`/admin/clubs/${club.id}/reopen`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/clubs');
    expect((await clubRow(club.id)).archivedAt).toBeNull();
    expect(await (await admin.get('/admin/clubs')).text()).toContain(`「${club.nameZh}」已重新开放。`);
    expect((await membersOf(club.id)).map((m) => m.status)).toEqual(['closed']);
    const [row] = await auditRows('club.reopened');
    expect(row).toMatchObject({ actorId: adminId, targetType: 'club', targetId: String(club.id), detail: { ended: 0 } });
    expect(await client.get(`/clubs/${club.id}`).then((r) => r.status)).toBe(200);
    expect(await (await client.get('/clubs')).text()).toContain(`href="/clubs/${club.id}"`);
    expect(
      await ctx.deps.db.select().from(clubMemberships).where(and(eq(clubMemberships.clubId, club.id), eq(clubMemberships.status, 'active'))),
    ).toHaveLength(0);
    // the member may join again; the club does not require approval
    const rejoin = await client.post(`/clubs/${club.id}/join`, {});
    expect(rejoin.status).toBe(303);
    // a closure is not a removal: the member comes back without needing approval
    expect((await membersOf(club.id)).map((m) => m.status)).toEqual(['closed', 'active']);
  });
});
