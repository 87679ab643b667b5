import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { auditLog, loungeStaff, lounges } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createLounge, createUser } from '../../helpers/factories';

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

type Form = Record<string, string | string[]>;

/** A complete, valid lounge form; tests override single fields (undefined leaves a field out). */
function loungeForm(overrides: Record<string, string | string[] | undefined> = {}): Form {
  const form: Record<string, string | string[] | undefined> = {
    code: 'hak-t3',
    airportCode: 'hak',
    terminal: 'T3',
    nameZh: '美兰T3贵宾厅',
    nameEn: 'Meilan T3 Lounge',
    locationZh: '国内出发安检后右转',
    locationEn: 'Domestic departures, right after security',
    descriptionZh: '提供简餐和淋浴。',
    descriptionEn: 'Light meals and showers.',
    amenities: ['wifi', 'showers'],
    capacity: '48',
    opensAt: '06:00',
    closesAt: '24:00',
    slotMinutes: '60',
    prebookSharePct: '60',
    noShowPolicy: 'use',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

/** Posts a urlencoded form in which array values become repeated fields (as checkboxes are sent). */
function postForm(client: TestClient, path: string, form: Form) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return client.request(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** The form for a lounge as stored (what the edit page submits), with overrides. */
function formOf(l: typeof lounges.$inferSelect, overrides: Record<string, string | string[] | undefined> = {}): Form {
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return loungeForm({
    code: l.code,
    airportCode: l.airportCode,
    terminal: l.terminal,
    nameZh: l.nameZh,
    nameEn: l.nameEn,
    locationZh: l.locationZh,
    locationEn: l.locationEn,
    descriptionZh: l.descriptionZh,
    descriptionEn: l.descriptionEn,
    amenities: l.amenities,
    capacity: String(l.capacity),
    opensAt: clock(l.opensAt),
    closesAt: clock(l.closesAt),
    slotMinutes: String(l.slotMinutes),
    prebookSharePct: String(l.prebookSharePct),
    noShowPolicy: l.noShowPolicy,
    ...overrides,
  });
}

const loungeCount = async () => (await ctx.deps.db.select({ n: count() }).from(lounges))[0]!.n;
const loungeRow = async (id: number) => (await ctx.deps.db.select().from(lounges).where(eq(lounges.id, id)))[0]!;
const staffOf = async (loungeId: number) => (await ctx.deps.db.select().from(loungeStaff).where(eq(loungeStaff.loungeId, loungeId))).map((r) => r.userId).sort((a, b) => a - b);
const auditRows = (action: string) => ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
const allAudit = () => ctx.deps.db.select().from(auditLog);

async function signedIn(role: 'member' | 'lounge_staff', name?: string) {
  const user = await createUser(ctx, { role, ...(name ? { name } : {}) });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

/** The text of the input named `name` in a page (its value attribute). */
function inputValue(html: string, name: string): string | null {
  const m = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html);
  if (!m) return null;
  const v = /\bvalue="([^"]*)"/.exec(m[0]);
  return v ? v[1]! : null;
}

describe('lounges and their staff', () => {
  it('lists every lounge with the staff assigned and the staff who could be', async () => {
    const s1 = await createUser(ctx, { role: 'lounge_staff', name: '值守甲' });
    const s2 = await createUser(ctx, { role: 'lounge_staff', name: '值守乙' });
    const lounge = await createLounge(ctx, { capacity: 30, staffIds: [s1.id] });
    const res = await admin.get('/admin/lounges');
    expect(res.status).toBe(200);
    const html = await res.text();
    const start = html.indexOf(lounge.nameZh);
    expect(start).toBeGreaterThan(-1);
    const row = html.slice(start, html.indexOf('</tr>', start));
    expect(row).toContain(`${lounge.code} · TST T1`);
    expect(row).toContain('06:00–23:00');
    expect(row).toContain('每时段可预约 21 人');
    expect(row).toContain('aria-label="移除 值守甲"');
    expect(row).toContain(`<option value="${s2.id}">值守乙`);
    expect(row).not.toContain(`<option value="${s1.id}">`);
    expect(row).toContain(`href="/admin/lounges/${lounge.id}/occupancy"`);
  });

  it('assigns a staff account, who then sees the lounge at the desk, and removes it again', async () => {
    const lounge = await createLounge(ctx);
    const { user: staff, client: staffClient } = await signedIn('lounge_staff', '值守丙');
    expect(await (await staffClient.get('/desk')).text()).not.toContain(lounge.nameZh);

    const res = await admin.post(`/admin/lounges/${lounge.id}/staff`, { userId: String(staff.id), assigned: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/lounges');
    expect(await staffOf(lounge.id)).toEqual([staff.id]);
    const assigned = await auditRows('lounge.staff.assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ actorId: adminId, targetType: 'lounge', targetId: String(lounge.id), detail: { userId: staff.id } });
    expect(await (await admin.get('/admin/lounges')).text()).toContain('已指派值守人员。');

    const desk = await staffClient.get('/desk');
    expect(desk.status).toBe(200);
    expect(await desk.text()).toContain(`<a href="/desk/lounges/${lounge.id}">${lounge.nameZh}</a>`);
    expect((await staffClient.get(`/desk/lounges/${lounge.id}`)).status).toBe(200);

    const removed = await admin.post(`/admin/lounges/${lounge.id}/staff`, { userId: String(staff.id), assigned: '0' });
    expect(removed.status).toBe(303);
    expect(await staffOf(lounge.id)).toEqual([]);
    expect(await auditRows('lounge.staff.removed')).toMatchObject([{ actorId: adminId, targetId: String(lounge.id), detail: { userId: staff.id } }]);
    expect(await (await staffClient.get('/desk')).text()).not.toContain(lounge.nameZh);
    expect((await staffClient.get(`/desk/lounges/${lounge.id}`)).status).toBe(403);
  });

  it('refuses to assign an account that is not lounge staff, and changes nothing', async () => {
    const lounge = await createLounge(ctx);
    const member = await createUser(ctx, { role: 'member' });
    const res = await admin.post(`/admin/lounges/${lounge.id}/staff`, { userId: String(member.id), assigned: '1' });
    expect(res.status).toBe(422);
    expect(await staffOf(lounge.id)).toEqual([]);
    expect(await allAudit()).toHaveLength(0);
    expect((await admin.post(`/admin/lounges/${lounge.id}/staff`, { userId: String(adminId), assigned: '1' })).status).toBe(422);
    expect(await staffOf(lounge.id)).toEqual([]);
  });
});

describe('creating a lounge', () => {
  it('stores every field, upper-cases the codes, and records it', async () => {
    const res = await postForm(admin, '/admin/lounges', loungeForm());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/lounges');
    const rows = await ctx.deps.db.select().from(lounges);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      code: 'HAK-T3',
      airportCode: 'HAK',
      terminal: 'T3',
      nameZh: '美兰T3贵宾厅',
      nameEn: 'Meilan T3 Lounge',
      locationZh: '国内出发安检后右转',
      locationEn: 'Domestic departures, right after security',
      descriptionZh: '提供简餐和淋浴。',
      descriptionEn: 'Light meals and showers.',
      amenities: ['wifi', 'showers'],
      capacity: 48,
      opensAt: 360,
      closesAt: 1440,
      slotMinutes: 60,
      prebookSharePct: 60,
      noShowPolicy: 'use',
      createdAt: ctx.clock.now(),
    });
    expect(await auditRows('lounge.created')).toMatchObject([{ actorId: adminId, targetType: 'lounge', targetId: String(rows[0]!.id), detail: { code: 'HAK-T3', capacity: 48 } }]);
    const list = await (await admin.get('/admin/lounges')).text();
    expect(list).toContain('已创建贵宾厅：美兰T3贵宾厅。');
    expect(list).toContain('06:00–24:00');
  });

  it('takes a single amenity or none at all', async () => {
    expect((await postForm(admin, '/admin/lounges', loungeForm({ code: 'SYX-1', amenities: 'kids' }))).status).toBe(303);
    expect((await postForm(admin, '/admin/lounges', loungeForm({ code: 'SYX-2', amenities: undefined }))).status).toBe(303);
    const rows = await ctx.deps.db.select({ code: lounges.code, amenities: lounges.amenities }).from(lounges).orderBy(asc(lounges.id));
    expect(rows).toEqual([
      { code: 'SYX-1', amenities: ['kids'] },
      { code: 'SYX-2', amenities: [] },
    ]);
  });

  const invalid: Array<[string, Record<string, string | string[] | undefined>, string, string]> = [
    ['an empty Chinese name', { nameZh: '' }, 'nameZh', '此项必填。'],
    ['a missing English name', { nameEn: undefined }, 'nameEn', '此项必填。'],
    ['a capacity of 0', { capacity: '0' }, 'capacity', '不能小于 1。'],
    ['an opening time of 25:00', { opensAt: '25:00' }, 'opensAt', '请按 时:分 填写，例如 06:00。'],
    ['a closing time before the opening time', { opensAt: '20:00', closesAt: '08:00' }, 'closesAt', '关门时间须晚于开门时间，且至少容纳一个时段。'],
    ['a two-letter airport code', { airportCode: 'HA' }, 'airportCode', '请输入三个字母的机场代码。'],
  ];
  for (const [what, overrides, field, message] of invalid) {
    it(`keeps the form with ${what}`, async () => {
      const form = loungeForm(overrides);
      const res = await postForm(admin, '/admin/lounges', form);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`<small id="f-${field}-error" class="field-error">${message}</small>`);
      for (const k of ['code', 'airportCode', 'nameZh', 'capacity', 'opensAt', 'closesAt', 'prebookSharePct'] as const) {
        expect(inputValue(html, k), k).toBe(typeof form[k] === 'string' ? form[k] : '');
      }
      expect(html).toMatch(/<input id="f-amenity-showers" type="checkbox" name="amenities" value="showers" checked/);
      expect(html).not.toMatch(/<input id="f-amenity-kids"[^>]*checked/);
      expect(await loungeCount()).toBe(0);
      expect(await allAudit()).toHaveLength(0);
    });
  }

  it('keeps the form with an unknown amenity', async () => {
    const res = await postForm(admin, '/admin/lounges', loungeForm({ amenities: ['wifi', 'spa'] }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<small class="field-error">内容无效，请检查。</small>');
    expect(html).toMatch(/<input id="f-amenity-wifi"[^>]*checked/);
    expect(inputValue(html, 'nameZh')).toBe('美兰T3贵宾厅');
    expect(await loungeCount()).toBe(0);
  });

  it('refuses a code another lounge has (in any case) with 409 and the form kept', async () => {
    await createLounge(ctx, { code: 'HAK-T3' });
    const res = await postForm(admin, '/admin/lounges', loungeForm({ code: 'hak-t3' }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('<small id="f-code-error" class="field-error">这个编号已被另一个贵宾厅使用。</small>');
    expect(inputValue(html, 'code')).toBe('hak-t3');
    expect(await loungeCount()).toBe(1);
    expect(await allAudit()).toHaveLength(0);
    const en = await postForm(admin, '/admin/lounges?lang=en', loungeForm({ code: 'HAK-T3' }));
    expect(en.status).toBe(409);
    expect(await en.text()).toContain('Another lounge already has this code.');
  });
});

describe('editing a lounge', () => {
  it('shows the stored values, saves the changes and records exactly what changed', async () => {
    const lounge = await createLounge(ctx, { capacity: 20 });
    const member = await signedIn('member');
    expect(await (await member.client.get('/lounges')).text()).toContain('<dd>返还次数</dd>');

    const page = await admin.get(`/admin/lounges/${lounge.id}/edit`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="/admin/lounges/${lounge.id}"`);
    expect(inputValue(html, 'code')).toBe(lounge.code);
    expect(inputValue(html, 'nameZh')).toBe(lounge.nameZh);
    expect(inputValue(html, 'capacity')).toBe('20');
    expect(inputValue(html, 'opensAt')).toBe('06:00');
    expect(inputValue(html, 'closesAt')).toBe('23:00');
    expect(inputValue(html, 'prebookSharePct')).toBe('70');
    expect(html).toMatch(/<option value="release" selected/);
    expect(html).toMatch(/<input id="f-amenity-wifi"[^>]*checked/);

    const res = await postForm(admin, `/admin/lounges/${lounge.id}`, formOf(lounge, { capacity: '30', prebookSharePct: '50', noShowPolicy: 'use' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/lounges');
    expect(await loungeRow(lounge.id)).toMatchObject({ capacity: 30, prebookSharePct: 50, noShowPolicy: 'use', code: lounge.code, opensAt: 360, closesAt: 1380 });
    const updated = await auditRows('lounge.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({ actorId: adminId, targetType: 'lounge', targetId: String(lounge.id) });
    expect(updated[0]!.detail).toEqual({
      changed: { capacity: { from: 20, to: 30 }, prebookSharePct: { from: 70, to: 50 }, noShowPolicy: { from: 'release', to: 'use' } },
    });
    expect(await (await admin.get('/admin/lounges')).text()).toContain(`已保存：${lounge.nameZh}。`);

    const after = await (await member.client.get('/lounges')).text();
    expect(after).toContain('<dd>扣除一次</dd>');
    expect(after).not.toContain('<dd>返还次数</dd>');
  });

  it('keeps the edit form on a problem and refuses another lounge’s code', async () => {
    const other = await createLounge(ctx, { code: 'SYX-T1' });
    const lounge = await createLounge(ctx, { capacity: 20 });
    const bad = await postForm(admin, `/admin/lounges/${lounge.id}`, formOf(lounge, { capacity: '0', nameEn: 'Renamed' }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<small id="f-capacity-error" class="field-error">不能小于 1。</small>');
    expect(inputValue(html, 'nameEn')).toBe('Renamed');
    const taken = await postForm(admin, `/admin/lounges/${lounge.id}`, formOf(lounge, { code: other.code.toLowerCase() }));
    expect(taken.status).toBe(409);
    expect(await loungeRow(lounge.id)).toEqual(lounge);
    expect(await allAudit()).toHaveLength(0);
    expect((await postForm(admin, '/admin/lounges/999999', formOf(lounge))).status).toBe(404);
    expect((await admin.get('/admin/lounges/999999/edit')).status).toBe(404);
  });
});

describe('who may manage lounges', () => {
  it('answers 403 to a member and to lounge staff, and changes nothing', async () => {
    const lounge = await createLounge(ctx, { capacity: 20 });
    for (const role of ['member', 'lounge_staff'] as const) {
      const { user, client } = await signedIn(role);
      expect((await client.get('/admin/lounges')).status, role).toBe(403);
      expect((await postForm(client, '/admin/lounges', loungeForm({ code: `X-${role.length}` }))).status, role).toBe(403);
      expect((await postForm(client, `/admin/lounges/${lounge.id}`, formOf(lounge, { capacity: '99' }))).status, role).toBe(403);
      expect((await client.post(`/admin/lounges/${lounge.id}/staff`, { userId: String(user.id), assigned: '1' })).status, role).toBe(403);
      expect((await client.get(`/admin/lounges/${lounge.id}/occupancy`)).status, role).toBe(403);
      expect((await client.get('/admin/entitlements')).status, role).toBe(403);
      expect((await client.post('/admin/tiers/gold', { visits: '9', companions: '1', earlyAccess: '24' })).status, role).toBe(403);
    }
    expect(await loungeCount()).toBe(1);
    expect(await loungeRow(lounge.id)).toEqual(lounge);
    expect(await staffOf(lounge.id)).toEqual([]);
    expect(await allAudit()).toHaveLength(0);
  });
});
