import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../db/schema';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createClub, createLounge, createUser } from '../../helpers/factories';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

/** The expected answer for every section root, written out rather than derived from the code under test. */
const expected: Record<string, Record<Role, 200 | 403>> = {
  '/clubs': { member: 200, coordinator: 200, lounge_staff: 403, admin: 200 },
  '/events': { member: 200, coordinator: 200, lounge_staff: 403, admin: 200 },
  '/lounges': { member: 200, coordinator: 403, lounge_staff: 200, admin: 200 },
  '/me': { member: 200, coordinator: 403, lounge_staff: 403, admin: 403 },
  '/coordinator': { member: 403, coordinator: 200, lounge_staff: 403, admin: 200 },
  '/desk': { member: 403, coordinator: 403, lounge_staff: 200, admin: 200 },
  '/admin': { member: 403, coordinator: 403, lounge_staff: 403, admin: 200 },
  '/admin/members/new': { member: 403, coordinator: 403, lounge_staff: 403, admin: 200 },
  '/account': { member: 200, coordinator: 200, lounge_staff: 200, admin: 200 },
  '/account/password': { member: 200, coordinator: 200, lounge_staff: 200, admin: 200 },
};
const roles: Role[] = ['member', 'coordinator', 'lounge_staff', 'admin'];

describe('role matrix for every section root', () => {
  for (const path of Object.keys(expected)) {
    it(`${path}: anonymous visitors are sent to sign in and come back`, async () => {
      const res = await new TestClient(ctx).get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    });

    it(`${path}: each role gets exactly its answer`, async () => {
      for (const role of roles) {
        const user = await createUser(ctx, { role });
        const client = new TestClient(ctx);
        await client.signIn(user.phone);
        const res = await client.get(path);
        expect(res.status, `${role} ${path}`).toBe(expected[path]![role]);
        const html = await res.text();
        if (res.status === 403) {
          // in the layout, in the visitor's language, still signed in
          expect(html).toContain('<h1 id="error-title">无权访问</h1>');
          expect(html).toContain('action="/logout"');
        }
      }
    });
  }

  it('shows each role only the sections it may use in the navigation', async () => {
    const navOf = (html: string) => [...html.matchAll(/<ul class="main-nav">(.*?)<\/ul>/g)].flatMap((m) => [...m[1]!.matchAll(/href="([^"]+)"/g)].map((h) => h[1]));
    const want: Record<Role, string[]> = {
      member: ['/clubs', '/events', '/lounges', '/me'],
      coordinator: ['/clubs', '/events', '/coordinator'],
      lounge_staff: ['/lounges', '/desk'],
      admin: ['/clubs', '/events', '/lounges', '/coordinator', '/desk', '/admin'],
    };
    for (const role of roles) {
      const user = await createUser(ctx, { role });
      const client = new TestClient(ctx);
      await client.signIn(user.phone);
      const html = await (await client.get('/account')).text();
      expect(navOf(html), role).toEqual(want[role]);
    }
  });

  it('answers 403 in English for an English visitor', async () => {
    const member = await createUser(ctx);
    const client = new TestClient(ctx);
    await client.signIn(member.phone);
    const res = await client.get('/admin?lang=en');
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<h1 id="error-title">Not allowed</h1>');
  });
});

describe('scopes: coordinators and lounge staff only reach their own club or lounge', () => {
  it('lets a coordinator open their club and refuses another club', async () => {
    const coordinator = await createUser(ctx, { role: 'coordinator' });
    const own = await createClub(ctx, { coordinatorIds: [coordinator.id] });
    const other = await createClub(ctx);
    const client = new TestClient(ctx);
    await client.signIn(coordinator.phone);
    const list = await (await client.get('/coordinator')).text();
    expect(list).toContain(`/coordinator/clubs/${own.id}`);
    expect(list).not.toContain(`/coordinator/clubs/${other.id}`);
    expect((await client.get(`/coordinator/clubs/${own.id}`)).status).toBe(200);
    expect((await client.get(`/coordinator/clubs/${other.id}`)).status).toBe(403);
    // an id that does not exist is not a way to learn anything: same refusal
    expect((await client.get('/coordinator/clubs/999999')).status).toBe(403);
    expect((await client.get('/coordinator/clubs/abc')).status).toBe(404);
  });

  it('lets an admin open any club, and answers 404 for one that does not exist', async () => {
    const admin = await createUser(ctx, { role: 'admin' });
    const club = await createClub(ctx);
    const client = new TestClient(ctx);
    await client.signIn(admin.phone);
    expect((await client.get(`/coordinator/clubs/${club.id}`)).status).toBe(200);
    expect((await client.get('/coordinator/clubs/999999')).status).toBe(404);
  });

  it('lets lounge staff open their lounge desk and refuses another lounge', async () => {
    const staff = await createUser(ctx, { role: 'lounge_staff' });
    const haikou = await createLounge(ctx, { staffIds: [staff.id] });
    const sanya = await createLounge(ctx);
    const client = new TestClient(ctx);
    await client.signIn(staff.phone);
    const list = await (await client.get('/desk')).text();
    expect(list).toContain(`/desk/lounges/${haikou.id}`);
    expect(list).not.toContain(`/desk/lounges/${sanya.id}`);
    expect((await client.get(`/desk/lounges/${haikou.id}`)).status).toBe(200);
    expect((await client.get(`/desk/lounges/${sanya.id}`)).status).toBe(403);
  });

  it('refuses members and coordinators at any lounge desk, and staff at any club', async () => {
    const staff = await createUser(ctx, { role: 'lounge_staff' });
    const lounge = await createLounge(ctx, { staffIds: [staff.id] });
    const club = await createClub(ctx);
    for (const role of ['member', 'coordinator'] as const) {
      const user = await createUser(ctx, { role });
      const client = new TestClient(ctx);
      await client.signIn(user.phone);
      expect((await client.get(`/desk/lounges/${lounge.id}`)).status, role).toBe(403);
    }
    const staffClient = new TestClient(ctx);
    await staffClient.signIn(staff.phone);
    expect((await staffClient.get(`/coordinator/clubs/${club.id}`)).status).toBe(403);
  });
});
