import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { auditLog, entitlementLedger, importBatches, outbox, users } from '../../../db/schema';
import { changeMemberTier } from '../../../src/lounges/allowances';
import { deliverOutbox } from '../../../src/notifications/outbox';
import type { MessageTransport, OutgoingMessage } from '../../../src/notifications/transports';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { countsOf, digestOf, passwordsOf, snapshot, uploadAndPreview } from './import-helpers';

let ctx: TestContext;
let admin: TestClient;
let adminId: number;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin', name: '管理员' });
  adminId = user.id;
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

/**
 * Two new members, a member whose name and tier change, one left as is, and one row of each kind of error:
 * a phone repeated further down, a bad phone, an unknown tier, markup in a name, an unknown language, a staff phone.
 */
async function mixedFile() {
  await createUser(ctx, { phone: '13600000010', name: '老会员', tierCode: 'silver', locale: 'zh' });
  await createUser(ctx, { phone: '13600000011', name: '不变', tierCode: 'gold', locale: 'en' });
  await createUser(ctx, { phone: '13600000012', role: 'coordinator', name: '协调员' });
  const csv = [
    '手机号,姓名,等级,语言',
    '13600000001,新会员甲,金卡,zh',
    '136 0000 0002,"Li, Wei",Platinum,en',
    '13600000010,老会员改名,diamond,',
    '13600000011,不变,gold,en',
    '13600000001,重复的人,silver,zh',
    '12345,坏号码,gold,zh',
    '13600000003,未知等级,titanium,zh',
    '13600000004,<b>加粗</b>,gold,zh',
    '13600000005,外语,gold,fr',
    '13600000012,员工,gold,zh',
  ].join('\r\n');
  return csv;
}

const rowOf = (html: string, line: number) => new RegExp(`<tr><th scope="row" class="num">${line}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';

describe('the preview', () => {
  it('counts and explains every row, and writes nothing but the batch', async () => {
    const csv = await mixedFile();
    const before = await snapshot(ctx);
    const { id, html, status } = await uploadAndPreview(admin, csv);
    expect(status).toBe(200);
    expect(countsOf(html)).toEqual({ create: 2, update: 1, unchanged: 1, error: 6 });
    expect(html).toContain('导入 3 行');
    expect(rowOf(html, 2)).toContain('将新建');
    expect(rowOf(html, 3)).toContain('<td>13600000002</td><td>Li, Wei</td><td>白金卡</td><td>英文</td>');
    expect(rowOf(html, 4)).toContain('将更新');
    expect(rowOf(html, 4)).toContain('<li>姓名：老会员 → 老会员改名</li><li>等级：银卡 → 钻石卡</li>');
    expect(rowOf(html, 5)).toContain('无变化');
    expect(rowOf(html, 6)).toContain('与第 2 行手机号重复');
    expect(rowOf(html, 7)).toContain('不是11位手机号码');
    expect(rowOf(html, 8)).toContain('无法识别的等级');
    expect(rowOf(html, 9)).toContain('<td>&lt;b&gt;加粗&lt;/b&gt;</td>');
    expect(rowOf(html, 9)).toContain('姓名包含 &lt; 或 &gt;');
    expect(rowOf(html, 10)).toContain('无法识别的语言（请用 zh 或 en）');
    expect(rowOf(html, 11)).toContain('该手机号属于工作人员账户');
    expect(html).not.toContain('<b>加粗');
    const after = await snapshot(ctx);
    expect(after).toEqual({ ...before, batches: before.batches + 1, audit: before.audit + 1 });
    const [batch] = await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, id));
    expect(batch).toMatchObject({ status: 'previewed', rowCount: 10, summary: { create: 2, update: 1, unchanged: 1, error: 6 }, processed: 0, createdBy: adminId, fileName: 'members.csv' });
    expect(batch!.content.startsWith('手机号,姓名')).toBe(true);
  });

  it('shows the rows of one outcome at a time, and every error', async () => {
    const { id } = await uploadAndPreview(admin, await mixedFile());
    const errors = await (await admin.get(`/admin/import/${id}?show=error`)).text();
    expect([...errors.matchAll(/<tr><th scope="row" class="num">(\d+)<\/th>/g)].map((m) => Number(m[1]))).toEqual([6, 7, 8, 9, 10, 11]);
    const creates = await (await admin.get(`/admin/import/${id}?show=create`)).text();
    expect([...creates.matchAll(/<tr><th scope="row" class="num">(\d+)<\/th>/g)].map((m) => Number(m[1]))).toEqual([2, 3]);
  });

  it('pages a large file a hundred rows at a time', async () => {
    const lines = ['phone,name,tier', ...Array.from({ length: 250 }, (_, i) => `1370000${String(i).padStart(4, '0')},会员${i},gold`)];
    const { id, html } = await uploadAndPreview(admin, lines.join('\n'));
    expect(html.match(/<tr><th scope="row" class="num">/g)).toHaveLength(100);
    expect(html).toContain('第 1 / 3 页');
    const last = await (await admin.get(`/admin/import/${id}?page=3`)).text();
    expect(last.match(/<tr><th scope="row" class="num">/g)).toHaveLength(50);
    expect(last).toContain('<th scope="row" class="num">251</th>');
  });
});

describe('importing', () => {
  it('does what the preview said: the same counts, the rows in the database, passwords shown once', async () => {
    const csv = await mixedFile();
    const { id, digest } = await uploadAndPreview(admin, csv);
    const res = await admin.post(`/admin/import/${id}`, { digest });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(countsOf(html)).toEqual({ create: 2, update: 1, unchanged: 1, error: 6 });
    expect(html).toContain('这些密码只显示这一次');
    const passwords = passwordsOf(html);
    expect([...passwords.keys()].sort()).toEqual(['13600000001', '13600000002']);

    const imported = await ctx.deps.db.select().from(users).where(inArray(users.phone, ['13600000001', '13600000002', '13600000010', '13600000011'])).orderBy(asc(users.phone));
    expect(imported.map((u) => [u.phone, u.name, u.role, u.tierCode, u.locale, u.mustChangePassword])).toEqual([
      ['13600000001', '新会员甲', 'member', 'gold', 'zh', true],
      ['13600000002', 'Li, Wei', 'member', 'platinum', 'en', true],
      ['13600000010', '老会员改名', 'member', 'diamond', 'zh', false],
      ['13600000011', '不变', 'member', 'gold', 'en', false],
    ]);
    for (const u of imported.slice(0, 2)) {
      expect(u.passwordHash).toMatch(/^\$argon2id\$v=19\$m=2048,t=1,p=1\$/);
      expect(u.passwordHash).not.toContain(passwords.get(u.phone)!);
      expect(await ctx.deps.passwords.verify(u.passwordHash, passwords.get(u.phone)!)).toBe(true);
    }
    // nothing for the error rows
    expect(await ctx.deps.db.select().from(users).where(inArray(users.phone, ['13600000003', '13600000004', '13600000005']))).toEqual([]);
    expect((await ctx.deps.db.select().from(users).where(eq(users.phone, '13600000012')))[0]!.role).toBe('coordinator');

    const [batch] = await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, id));
    expect(batch).toMatchObject({ status: 'done', processed: 3, summary: { create: 2, update: 1, unchanged: 1, error: 6, skipped: 0 }, startedAt: ctx.clock.now(), finishedAt: ctx.clock.now(), failure: null });
    for (const p of passwords.values()) expect(JSON.stringify(batch)).not.toContain(`${p}`);

    const audits = await ctx.deps.db.select().from(auditLog).orderBy(asc(auditLog.id));
    expect(audits.filter((a) => a.action === 'member.import')).toEqual([
      expect.objectContaining({ actorId: adminId, targetType: 'import', targetId: String(id), detail: { file: 'members.csv', status: 'done', rows: 10, created: 2, updated: 1, unchanged: 1, errors: 6, skipped: 0 } }),
    ]);
    expect(audits.filter((a) => a.action === 'member.enrolled').map((a) => a.detail)).toEqual([
      { tier: 'gold', importBatch: id },
      { tier: 'platinum', importBatch: id },
    ]);
    expect(audits.filter((a) => a.action === 'member.updated').map((a) => a.detail)).toEqual([{ name: { from: '老会员', to: '老会员改名' }, importBatch: id }]);
    expect(audits.filter((a) => a.action === 'member.tier.changed').map((a) => a.detail)).toEqual([{ from: 'silver', to: 'diamond', importBatch: id }]);
  });

  it('writes a tier change to the lounge ledger exactly as an admin’s tier change does', async () => {
    const viaAdmin = await createUser(ctx, { phone: '13600000020', tierCode: 'silver' });
    const viaImport = await createUser(ctx, { phone: '13600000021', tierCode: 'silver', name: '导入改级' });
    const done = await changeMemberTier(ctx.deps, { id: adminId, role: 'admin' }, { userId: viaAdmin.id, tierCode: 'platinum' });
    expect(done.ok).toBe(true);
    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier\n13600000021,导入改级,platinum');
    expect((await admin.post(`/admin/import/${id}`, { digest })).status).toBe(200);
    const lines = async (userId: number) =>
      (await ctx.deps.db.select().from(entitlementLedger).where(eq(entitlementLedger.userId, userId)).orderBy(asc(entitlementLedger.id))).map(({ id: _id, userId: _u, ...rest }) => rest);
    const admins = await lines(viaAdmin.id);
    expect(admins.map((l) => l.type)).toEqual(['grant', 'tier_change']);
    expect(await lines(viaImport.id)).toEqual(admins);
  });

  it('is idempotent by phone: the same file again creates and updates nothing', async () => {
    const csv = await mixedFile();
    const first = await uploadAndPreview(admin, csv);
    expect((await admin.post(`/admin/import/${first.id}`, { digest: first.digest })).status).toBe(200);
    const before = await snapshot(ctx);
    const again = await uploadAndPreview(admin, csv);
    expect(countsOf(again.html)).toEqual({ create: 0, update: 0, unchanged: 4, error: 6 });
    expect(again.html).toContain('没有需要新建或更新的行。');
    expect(again.digest).toBe('');
    // posted anyway (say from an old tab, with the digest of this preview): nothing is written
    const [stored] = await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, again.id));
    const res = await admin.post(`/admin/import/${again.id}`, { digest: stored!.digest });
    expect(res.status).toBe(200);
    expect(countsOf(await res.text())).toEqual({ create: 0, update: 0, unchanged: 4, error: 6 });
    const after = await snapshot(ctx);
    expect(after.users).toBe(before.users);
    expect(after.outbox).toBe(before.outbox);
    expect(after.ledger).toBe(before.ledger);
  });

  it('imports a batch once: a second post (double click, another tab) writes nothing', async () => {
    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier\n13600000031,一次,gold\n13600000032,两次,silver');
    const [a, b] = await Promise.all([admin.post(`/admin/import/${id}`, { digest }), admin.post(`/admin/import/${id}`, { digest })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const taken = await (a.status === 409 ? a : b).text();
    expect(taken).toContain('这批数据已经开始导入或已导入，不会重复写入。');
    expect(passwordsOf(taken).size).toBe(0);
    expect(await ctx.deps.db.select({ id: users.id }).from(users).where(inArray(users.phone, ['13600000031', '13600000032']))).toHaveLength(2);
    expect(await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'member.import'))).toHaveLength(1);
    // opened later, the batch shows what happened but never the passwords
    const later = await (await admin.get(`/admin/import/${id}`)).text();
    expect(countsOf(later)).toMatchObject({ create: 2 });
    expect(later).toContain('只在导入完成时显示一次');
    expect(passwordsOf(later).size).toBe(0);
  });

  it('imports nothing when the database changed since the preview, and shows the new preview', async () => {
    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier\n13600000041,甲,gold\n13600000042,乙,silver');
    // someone enrols one of the phones meanwhile
    await createUser(ctx, { phone: '13600000042', name: '乙', tierCode: 'gold' });
    const before = await snapshot(ctx);
    const res = await admin.post(`/admin/import/${id}`, { digest });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('预览之后数据已有变化，请重新核对下面的结果。');
    expect(countsOf(html)).toEqual({ create: 1, update: 1, unchanged: 0, error: 0 });
    expect(rowOf(html, 3)).toContain('等级：金卡 → 银卡');
    expect(await snapshot(ctx)).toEqual(before);
    expect((await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, id)))[0]).toMatchObject({ status: 'previewed', summary: { create: 1, update: 1, unchanged: 0, error: 0 } });
    // the new preview imports
    const ok = await admin.post(`/admin/import/${id}`, { digest: digestOf(html) });
    expect(ok.status).toBe(200);
    expect(countsOf(await ok.text())).toMatchObject({ create: 1, update: 1 });
  });

  it('treats a missing or forged digest as a changed preview', async () => {
    const { id } = await uploadAndPreview(admin, 'phone,name,tier\n13600000051,甲,gold');
    const before = await snapshot(ctx);
    for (const form of [{}, { digest: 'f'.repeat(64) }, { digest: 'nope' }] as Array<Record<string, string>>) {
      const res = await admin.post(`/admin/import/${id}`, form);
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('预览之后数据已有变化');
    }
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('lets the new members sign in with their initial password, and makes them change it first', async () => {
    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier,language\n13600000061,首登,gold,en');
    const password = passwordsOf(await (await admin.post(`/admin/import/${id}`, { digest })).text()).get('13600000061')!;
    const member = new TestClient(ctx);
    const wrong = await member.post('/login', { phone: '13600000061', password: password === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    const signIn = await member.post('/login', { phone: '13600000061', password });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/account/password');
    const home = await member.get('/');
    expect(home.headers.get('location')).toBe('/account/password');
    const changed = await member.post('/account/password', { current: password, next: 'sea-breeze-2026-x', confirm: 'sea-breeze-2026-x' });
    expect(changed.status).toBe(303);
    expect((await member.get('/')).status).toBe(200);
    const row = (await ctx.deps.db.select().from(users).where(eq(users.phone, '13600000061')))[0]!;
    expect(row.mustChangePassword).toBe(false);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('texts each new member their password in their language; the text is redacted once sent', async () => {
    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier,language\n13600000071,中文会员,gold,\n13600000072,English Member,silver,en');
    const passwords = passwordsOf(await (await admin.post(`/admin/import/${id}`, { digest })).text());
    const rows = await ctx.deps.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((r) => [r.destination, r.channel, r.status, r.notificationId])).toEqual([
      ['13600000071', 'sms', 'pending', null],
      ['13600000072', 'sms', 'pending', null],
    ]);
    expect(rows[0]!.body).toBe(`您的全球通VIP会员账户已开通。初始服务密码：${passwords.get('13600000071')}。首次登录后请立即修改。`);
    expect(rows[1]!.body).toBe(`Your Hainan VIP membership is ready. Initial service password: ${passwords.get('13600000072')}. Please change it when you first sign in.`);
    const sent: OutgoingMessage[] = [];
    const transport: MessageTransport = { send: async (m) => void sent.push(m) };
    expect(await deliverOutbox(ctx.deps, transport)).toMatchObject({ sent: 2 });
    expect(sent.map((m) => m.text)).toEqual([`【全球通VIP】${rows[0]!.body}`, `[Hainan VIP] ${rows[1]!.body}`]);
    const after = await ctx.deps.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(after.map((r) => [r.status, r.body])).toEqual([
      ['sent', '[redacted]'],
      ['sent', '[redacted]'],
    ]);
  });

  it('reports progress from the database while importing, and stops asking once done', async () => {
    const { id, digest } = await uploadAndPreview(admin, 'phone,name,tier\n13600000081,甲,gold\n13600000082,乙,gold\n13600000083,丙,gold');
    const htmx = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
    const waiting = await (await admin.get(`/admin/import/${id}/progress`, { headers: htmx })).text();
    expect(waiting).toMatch(/^<section id="import-progress"[^>]*data-hx-trigger="every 500ms"/);
    expect(waiting).toContain('正在开始导入…');
    // as a running import leaves it between two chunks
    await ctx.deps.db.update(importBatches).set({ status: 'importing', processed: 1, startedAt: ctx.clock.now() }).where(eq(importBatches.id, id));
    const running = await (await admin.get(`/admin/import/${id}/progress`, { headers: htmx })).text();
    expect(running).toContain('<progress value="1" max="3">');
    expect(running).toContain('已写入 1 / 3 行');
    expect(running).toContain('data-hx-trigger="every 500ms"');
    const page = await (await admin.get(`/admin/import/${id}`)).text();
    expect(page).toContain('<h1>导入进行中</h1>');
    // a second import request meanwhile is refused
    expect((await admin.post(`/admin/import/${id}`, { digest })).status).toBe(409);
    await ctx.deps.db.update(importBatches).set({ status: 'done', processed: 3, summary: { create: 3, update: 0, unchanged: 0, error: 0, skipped: 0 } }).where(eq(importBatches.id, id));
    const done = await (await admin.get(`/admin/import/${id}/progress`, { headers: htmx })).text();
    expect(done).toContain('<progress value="3" max="3">');
    expect(done).not.toContain('hx-trigger');
  });

  it('says so when an import was cut off by a stopped server', async () => {
    const { id } = await uploadAndPreview(admin, 'phone,name,tier\n13600000091,甲,gold');
    await ctx.deps.db.update(importBatches).set({ status: 'importing', processed: 0, startedAt: ctx.clock.now() }).where(eq(importBatches.id, id));
    ctx.clock.advance(11 * 60_000);
    const page = await (await admin.get(`/admin/import/${id}`)).text();
    expect(page).toContain('<h1>导入已中断</h1>');
    expect(page).toContain('重新上传同一文件即可继续');
    const list = await (await admin.get('/admin/import')).text();
    expect(list).toContain('已中断（进程停止）');
  });
});

describe('an import that stops part-way', () => {
  it('keeps the chunks written, shows their passwords, records why (without any secret), and a re-upload finishes the rest', async () => {
    const lines = ['phone,name,tier', ...Array.from({ length: 600 }, (_, i) => `1390000${String(i).padStart(4, '0')},会员${i},gold`)];
    const { id, digest } = await uploadAndPreview(admin, lines.join('\n'));
    // the database refuses a write in the second chunk (rows 501–600)
    await ctx.deps.client.execute(`CREATE TRIGGER refuse_sms BEFORE INSERT ON outbox WHEN NEW.destination = '13900000550' BEGIN SELECT RAISE(ABORT, 'gateway table is read-only'); END`);
    const res = await admin.post(`/admin/import/${id}`, { digest });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>导入已中断</h1>');
    expect(html).toContain('导入在写入 500 行后中断');
    const passwords = passwordsOf(html);
    expect(passwords.size).toBe(500);
    expect(await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.mustChangePassword, true))).toHaveLength(500);
    const [batch] = await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, id));
    expect(batch).toMatchObject({ status: 'failed', processed: 500, summary: { create: 500, update: 0, unchanged: 0, error: 0, skipped: 0 } });
    expect(batch!.failure).toContain('gateway table is read-only');
    expect(batch!.failure).not.toMatch(/(?<!\d)\d{6}(?!\d)/);
    const logged = JSON.stringify(ctx.logs.filter((l) => l.msg === 'member import stopped'));
    expect(logged).toContain('gateway table is read-only');
    for (const p of passwords.values()) expect(logged).not.toContain(p);
    expect((await ctx.deps.db.select().from(auditLog).where(eq(auditLog.action, 'member.import')))[0]!.detail).toMatchObject({ status: 'failed', created: 500 });

    await ctx.deps.client.execute('DROP TRIGGER refuse_sms');
    const again = await uploadAndPreview(admin, lines.join('\n'));
    expect(countsOf(again.html)).toEqual({ create: 100, update: 0, unchanged: 500, error: 0 });
    expect((await admin.post(`/admin/import/${again.id}`, { digest: again.digest })).status).toBe(200);
    expect(await ctx.deps.db.select({ id: users.id }).from(users).where(eq(users.mustChangePassword, true))).toHaveLength(600);
  });
});

describe('ten thousand rows', () => {
  it('imports 10,000 new members in one go', { timeout: 120_000 }, async () => {
    const lines = ['phone,name,tier,language', ...Array.from({ length: 10_000 }, (_, i) => `138${String(10_000_000 + i).slice(-8)},会员${i},${['silver', 'gold', '白金卡', 'Diamond'][i % 4]},${i % 3 === 0 ? 'en' : ''}`)];
    const started = performance.now();
    const { id, html, digest } = await uploadAndPreview(admin, lines.join('\n'));
    const previewed = performance.now();
    expect(countsOf(html)).toEqual({ create: 10_000, update: 0, unchanged: 0, error: 0 });
    const res = await admin.post(`/admin/import/${id}`, { digest });
    const finished = performance.now();
    expect(res.status).toBe(200);
    const result = await res.text();
    expect(passwordsOf(result).size).toBe(10_000);
    console.log(`10,000-row import: upload + preview ${Math.round(previewed - started)} ms, import ${Math.round(finished - previewed)} ms`);
    const members = await ctx.deps.db.select({ id: users.id }).from(users).where(and(eq(users.role, 'member'), eq(users.mustChangePassword, true)));
    expect(members).toHaveLength(10_000);
    expect((await snapshot(ctx)).outbox).toBe(10_000);
    expect((await ctx.deps.db.select().from(importBatches).where(eq(importBatches.id, id)))[0]).toMatchObject({ status: 'done', processed: 10_000 });
  });
});
