import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/lib/clock';
import { POST_ONLY_FORM_PAGES } from '../../../src/lib/post-only-urls';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const routes = () => (ctx.app as unknown as { routes: Array<{ method: string; path: string }> }).routes;
/** The language links of a page, as the header renders them. */
const langLinks = (html: string) => [...html.matchAll(/<a href="([^"]*)" lang="[^"]*" hreflang=/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

describe('POST-only URLs answer GET with the form’s page (issue 13)', () => {
  it('every URL that takes POST also answers GET: its own page, or the table of form pages, which lists no URL that does not exist', () => {
    const posts = new Set(routes().filter((r) => r.method === 'POST').map((r) => r.path));
    const gets = new Set(routes().filter((r) => r.method === 'GET').map((r) => r.path));
    expect([...posts].filter((p) => !gets.has(p))).toEqual([]);
    expect(Object.keys(POST_ONLY_FORM_PAGES).filter((p) => !posts.has(p))).toEqual([]);
  });

  it('after a refused lounge booking, the language switch and a reload lead to the lounge page, not a 404', async () => {
    const lounge = await createLounge(ctx);
    const user = await createUser(ctx, { tierCode: 'gold' });
    const client = new TestClient(ctx);
    await client.signIn(user.phone);
    const refused = await client.post(`/lounges/${lounge.id}/bookings`, { slot: 'x', companions: '0', flight: '' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const links = langLinks(await refused.text());
    expect(links).toEqual([`/lounges/${lounge.id}/bookings?lang=zh`, `/lounges/${lounge.id}/bookings?lang=en`]);
    const en = await client.get(`/lounges/${lounge.id}/bookings?lang=en`);
    expect(en.status).toBe(303);
    expect(en.headers.get('location')).toBe(`/lounges/${lounge.id}?lang=en`);
    const page = await client.get(en.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="en"');
    const reload = await client.get(`/lounges/${lounge.id}/bookings`);
    expect([reload.status, reload.headers.get('location')]).toEqual([303, `/lounges/${lounge.id}`]);
  });

  it('after a refused walk-in at the door, the language switch leads back to the door', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const club = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const event = await createEvent(ctx, { clubId: club.id, inDays: HOUR / (24 * HOUR) });
    const client = new TestClient(ctx);
    await client.signIn(coordinator.phone);
    const refused = await client.post(`/coordinator/events/${event.id}/walkin`, { phone: '123', guests: '0' });
    expect(refused.status).toBe(422);
    expect(langLinks(await refused.text())).toContain(`/coordinator/events/${event.id}/walkin?lang=en`);
    const en = await client.get(`/coordinator/events/${event.id}/walkin?lang=en`);
    expect([en.status, en.headers.get('location')]).toEqual([303, `/coordinator/events/${event.id}/checkin?lang=en`]);
    expect((await client.get(en.headers.get('location')!)).status).toBe(200);
  });

  it('answers GET of each POST-only URL with a redirect, never 404, keeping only a known language; the target checks access', async () => {
    const admin = new TestClient(ctx);
    await admin.signIn((await createUser(ctx, { role: 'admin' })).phone);
    const member = new TestClient(ctx);
    await member.signIn((await createUser(ctx, { tierCode: 'gold' })).phone);
    for (const [pattern, formPage] of Object.entries(POST_ONLY_FORM_PAGES)) {
      // the member's own pages are for members; everything else an admin may reach
      const client = /^\/(me|account|lounges|events|clubs)\//.test(pattern) ? member : admin;
      const params: Record<string, string> = {};
      const path = pattern.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => (params[name] = name === 'action' ? 'remove' : name === 'code' || name === 'reference' ? 'ABCD2345' : '7'));
      const res = await client.get(`${path}?lang=en`);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(`${formPage(params)}?lang=en`);
    }
    expect((await admin.get('/inbox/read?lang=xx')).headers.get('location')).toBe('/inbox');
    // signed out: sent to sign in, as for any signed-in page, and back here after (then on to the form's page)
    const stranger = await new TestClient(ctx).get('/coordinator/events/1/walkin?lang=en');
    expect([stranger.status, stranger.headers.get('location')]).toEqual([303, '/login?next=%2Fcoordinator%2Fevents%2F1%2Fwalkin%3Flang%3Den']);
  });
});
