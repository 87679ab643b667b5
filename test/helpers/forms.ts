import { expect } from 'vitest';
import type { TestClient } from './client';

/** Every `<form method="post">` on a page as its action and the one-time token it carries (or null). */
export function postForms(html: string): Array<{ action: string; token: string | null }> {
  return [...html.matchAll(/<form\b([^>]*\bmethod="post"[^>]*)>(<input type="hidden" name="_once" value="([A-Za-z0-9_-]{22})">)?/g)].map((m) => ({
    action: m[1]!.match(/\baction="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&') ?? '',
    token: m[3] ?? null,
  }));
}

/** Opens a page as the browser would and returns the one-time token of its form posting to `action`. */
export async function formToken(client: TestClient, page: string, action: string): Promise<string> {
  const res = await client.get(page);
  expect(res.status, page).toBe(200);
  const form = postForms(await res.text()).find((f) => f.action === action);
  expect(form, `a form posting to ${action} on ${page}`).toBeDefined();
  expect(form!.token, `the one-time token of the form posting to ${action}`).not.toBeNull();
  return form!.token!;
}
