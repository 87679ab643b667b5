import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { clubMemberships, feedbackTickets } from '../../../db/schema';
import { TEXT_LIMITS } from '../../../src/lib/text-limits';
import { TestClient } from '../../helpers/client';
import { createTestContext, type TestContext } from '../../helpers/context';
import { createClub, createEvent, createLounge, createUser } from '../../helpers/factories';

/**
 * Issue 13 §4: every free-text field says its limit beside it (a hint the field is described by), one-line fields
 * carry it as maxlength, and no text area has a maxlength (a browser would cut a pasted text at it without a word).
 */
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

async function signedIn(role: 'admin' | 'coordinator' | 'member') {
  const user = await createUser(ctx, { role });
  const client = new TestClient(ctx);
  await client.signIn(user.phone);
  return { user, client };
}

async function page(client: TestClient, path: string): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The hint an element is described by, or null. */
function hintOf(html: string, tag: string): string | null {
  const id = tag.match(/\bid="([^"]+)"/)?.[1];
  const described = tag.match(/\baria-describedby="([^"]+)"/)?.[1]?.split(' ') ?? [];
  if (!id || !described.includes(`${id}-hint`)) return null;
  return html.match(new RegExp(`<small id="${id}-hint">([^<]*)</small>`))?.[1] ?? null;
}

/** Every text area on the page states its limit and has no maxlength; the named one-line fields state theirs and carry it. */
function expectLimits(html: string, where: string, inputs: Record<string, number>, textareas: Record<string, number>) {
  const areas = [...html.matchAll(/<textarea\b[^>]*>/g)].map((m) => m[0]);
  expect(areas.length, `${where}: text areas`).toBe(Object.keys(textareas).length);
  for (const tag of areas) {
    const name = tag.match(/\bname="([^"]+)"/)![1]!;
    expect(textareas[name], `${where}: a limit for text area ${name}`).toBeDefined();
    expect(tag, `${where}: ${name}`).not.toContain('maxlength');
    expect(hintOf(html, tag), `${where}: ${name}`).toContain(`最多 ${textareas[name]} 个字符。`);
  }
  for (const [name, max] of Object.entries(inputs)) {
    const tags = [...html.matchAll(new RegExp(`<input\\b[^>]*\\bname="${name}"[^>]*>`, 'g'))].map((m) => m[0]);
    expect(tags.length, `${where}: input ${name}`).toBeGreaterThan(0);
    for (const tag of tags) {
      expect(tag, `${where}: ${name}`).toContain(`maxlength="${max}"`);
      expect(hintOf(html, tag), `${where}: ${name}`).toContain(`最多 ${max} 个字符。`);
    }
  }
}

describe('every free-text field states its limit', () => {
  const L = TEXT_LIMITS;

  it('in the admin’s club, lounge, member, staff and visits forms', async () => {
    const { client } = await signedIn('admin');
    const club = await createClub(ctx);
    const member = await createUser(ctx);
    expectLimits(await page(client, '/admin/clubs/new'), 'new club', { nameZh: L.clubName, nameEn: L.clubName }, { descriptionZh: L.clubDescription, descriptionEn: L.clubDescription, termsZh: L.clubTerms, termsEn: L.clubTerms });
    expectLimits(await page(client, `/admin/clubs/${club.id}/edit`), 'club edit', { nameZh: L.clubName, nameEn: L.clubName, reason: L.reason }, { descriptionZh: L.clubDescription, descriptionEn: L.clubDescription, termsZh: L.clubTerms, termsEn: L.clubTerms });
    expectLimits(await page(client, '/admin/lounges/new'), 'new lounge', { terminal: L.loungeTerminal, nameZh: L.loungeName, nameEn: L.loungeName, locationZh: L.loungeLocation, locationEn: L.loungeLocation }, { descriptionZh: L.loungeDescription, descriptionEn: L.loungeDescription });
    expectLimits(await page(client, '/admin/members/new'), 'enrol a member', { name: L.personName }, {});
    expectLimits(await page(client, '/admin/staff/new'), 'enrol staff', { name: L.personName }, {});
    expectLimits(await page(client, `/admin/entitlements?phone=${member.phone}`), 'visits', { reason: L.reason }, {});
  });

  it('in the coordinator’s event form, cancel form and roster (reasons, notice)', async () => {
    const { user, client } = await signedIn('coordinator');
    const club = await createClub(ctx, { coordinatorIds: [user.id] });
    const event = await createEvent(ctx, { clubId: club.id });
    const member = await createUser(ctx);
    await ctx.deps.db.insert(clubMemberships).values({ clubId: club.id, userId: member.id, status: 'pending', requestedAt: ctx.clock.now(), queuedAt: ctx.clock.now(), statusChangedAt: ctx.clock.now() });
    const eventFields = { titleZh: L.eventTitleZh, titleEn: L.eventTitleEn, venueZh: L.eventVenueZh, venueEn: L.eventVenueEn };
    const descriptions = { descriptionZh: L.eventDescription, descriptionEn: L.eventDescription };
    expectLimits(await page(client, '/coordinator/events/new'), 'new event', eventFields, descriptions);
    expectLimits(await page(client, `/coordinator/events/${event.id}/edit`), 'event edit', { ...eventFields, reason: L.reason }, descriptions);
    expectLimits(await page(client, `/coordinator/clubs/${club.id}`), 'roster', { reason: L.reason, title: L.noticeTitle }, { body: L.noticeBody });
  });

  it('in the member’s feedback, reply, children and lounge booking forms, and the staff reply', async () => {
    const { client } = await signedIn('member');
    expectLimits(await page(client, '/me/feedback/new'), 'new feedback', { subject: L.feedbackSubject }, { body: L.feedbackMessage });
    expect((await client.post('/me/feedback', { category: 'feedback', subject: '主题', body: '内容' })).status).toBe(303);
    const [ticket] = await ctx.deps.db.select().from(feedbackTickets).orderBy(asc(feedbackTickets.id));
    expectLimits(await page(client, `/me/feedback/${ticket!.reference}`), 'ticket', {}, { body: L.feedbackMessage });
    expectLimits(await page(client, '/account'), 'account', { name: L.personName }, {});
    const lounge = await createLounge(ctx);
    expectLimits(await page(client, `/lounges/${lounge.id}`), 'lounge', { flight: L.flightNo }, {});
    const { client: admin } = await signedIn('admin');
    expectLimits(await page(admin, `/admin/feedback/${ticket!.id}`), 'staff ticket', {}, { body: L.feedbackMessage });
  });

  it('in English too', async () => {
    const { client } = await signedIn('member');
    const html = await page(client, '/me/feedback/new?lang=en');
    expect(html).toContain('<small id="f-subject-hint">Up to 120 characters.</small>');
  });
});
