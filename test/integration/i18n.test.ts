import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users, type Role } from '../../db/schema';
import { createTestContext, type TestContext } from '../helpers/context';
import { TestClient } from '../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function localeOf(id: number) {
  return (await ctx.deps.db.select({ locale: users.locale }).from(users).where(eq(users.id, id)))[0]!.locale;
}

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/**
 * The visible text of a page, leaving out what is legitimately in another language: elements marked with
 * their own lang (the language switch) and data that people typed (names of users, clubs, events).
 */
function visibleText(html: string, allowed: string[]): string {
  let text = html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ');
  for (const a of allowed) text = text.split(a).join(' ');
  return text;
}

describe('language', () => {
  it('is Chinese by default, and English when the browser asks for it', async () => {
    const zh = await (await new TestClient(ctx).get('/login')).text();
    expect(zh).toContain('<html lang="zh-CN"');
    expect(zh).toContain('<h1>登录</h1>');
    const en = await (await new TestClient(ctx).get('/login', { headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } })).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('<h1>Sign in</h1>');
    const other = await (await new TestClient(ctx).get('/login', { headers: { 'accept-language': 'fr-FR,de;q=0.8' } })).text();
    expect(other).toContain('<html lang="zh-CN"');
  });

  it('switches with ?lang= and remembers the choice in a cookie over Accept-Language', async () => {
    const client = new TestClient(ctx, { headers: { 'accept-language': 'zh-CN' } });
    const res = await client.get('/login?lang=en');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('vip_lang='))).toMatch(/^vip_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await res.text()).toContain('<h1>Sign in</h1>');
    const next = await client.get('/');
    expect(await next.text()).toContain('<html lang="en"');
    const back = await client.get('/?lang=zh');
    expect(await back.text()).toContain('<html lang="zh-CN"');
  });

  it('keeps the rest of the address when switching', async () => {
    const html = await (await new TestClient(ctx).get('/login?next=%2Fevents&lang=en')).text();
    expect(html).toContain('href="/login?next=%2Fevents&amp;lang=zh"');
  });

  it('a GET with ?lang= changes only this browser’s pages, never the account’s language, even signed in', async () => {
    const member = await createUser(ctx, { locale: 'zh' });
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const res = await client.get('/me?lang=en');
    expect(await res.text()).toContain('<html lang="en"');
    expect(client.cookies.get('vip_lang')).toBe('en');
    // a cross-site link to a page the member may not open (403) changes nothing either
    const refused = await client.get('/admin?lang=en', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(refused.status).toBe(403);
    expect(await localeOf(member.id)).toBe('zh');
  });

  it('changes the account’s language (for SMS and e-mail) only by a POST from /account', async () => {
    const member = await createUser(ctx, { locale: 'zh' });
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const page = await (await client.get('/account')).text();
    expect(page).toMatch(/<form method="post" action="\/account\/language"/);
    expect(page).toContain('短信与电子邮件通知使用：简体中文。');
    const res = await client.post('/account/language', { locale: 'en' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('vip_lang='))).toMatch(/^vip_lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await localeOf(member.id)).toBe('en');
    const after = await (await client.get('/account')).text();
    expect(after).toContain('<html lang="en"');
    expect(after).toContain('Your SMS and e-mail notices are in: English.');
    expect(after).toContain('Language saved');
  });

  it('refuses an unknown language with 400, and a signed-out POST goes to sign-in', async () => {
    const member = await createUser(ctx, { locale: 'zh' });
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    for (const form of [{ locale: 'fr' }, {}, { locale: 'en', extra: '1' }] as Record<string, string>[]) {
      expect((await client.post('/account/language', form)).status).toBe(400);
    }
    expect(await localeOf(member.id)).toBe('zh');
    const anonymous = await new TestClient(ctx).post('/account/language', { locale: 'en' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);
  });

  it('GET /account/language goes back to /account', async () => {
    const res = await new TestClient(ctx).get('/account/language?lang=en');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account?lang=en');
  });

  it('uses the account language on a new device with no cookie', async () => {
    const member = await createUser(ctx, { locale: 'en' });
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    expect(client.cookies.get('vip_lang')).toBe('en');
    expect(await (await client.get('/')).text()).toContain('<html lang="en"');
  });
});

describe('no mixed-language pages', () => {
  const pages: Array<[Role | 'anonymous', string]> = [
    ['anonymous', '/'],
    ['anonymous', '/login'],
    ['anonymous', '/nope'],
    ['member', '/'],
    ['member', '/me'],
    ['member', '/clubs'],
    ['member', '/events'],
    ['member', '/lounges'],
    ['member', '/account'],
    ['member', '/account/password'],
    ['member', '/admin'],
    ['coordinator', '/coordinator'],
    ['coordinator', '/coordinator/clubs/:club'],
    ['lounge_staff', '/desk'],
    ['lounge_staff', '/desk/lounges/:lounge'],
    ['admin', '/admin'],
    ['admin', '/admin/members/new'],
  ];

  for (const [role, template] of pages) {
    it(`${role} ${template} in English has no Chinese text, and in Chinese no untranslated key`, async () => {
      const name = 'Test Person';
      const user = role === 'anonymous' ? null : await createUser(ctx, { role, name, tierCode: role === 'member' ? 'platinum' : null });
      const club = await createClub(ctx, { coordinatorIds: user && role === 'coordinator' ? [user.id] : [] });
      const lounge = await createLounge(ctx, { staffIds: user && role === 'lounge_staff' ? [user.id] : [] });
      await createEvent(ctx, { clubId: club.id });
      const path = template.replace(':club', String(club.id)).replace(':lounge', String(lounge.id));
      const client = new TestClient(ctx);
      if (user) await client.signIn(user.phone);
      const en = await (await client.get(`${path}${path.includes('?') ? '&' : '?'}lang=en`)).text();
      const text = visibleText(en, [name]);
      expect(text.match(CJK)?.[0], `${path}: ${text.slice(Math.max(0, text.search(CJK) - 60), text.search(CJK) + 60)}`).toBeUndefined();
      const zh = await (await client.get(`${path}${path.includes('?') ? '&' : '?'}lang=zh`)).text();
      // a missing message would show its key, e.g. "clubs.places"
      expect(visibleText(zh, []).match(/\b[a-z]+\.[a-zA-Z_.]+[a-z]\b/g)?.filter((k) => !/^(demo-pass|vip\.)/.test(k)) ?? []).toEqual([]);
    });
  }
});
