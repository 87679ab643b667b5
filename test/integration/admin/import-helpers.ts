import { count } from 'drizzle-orm';
import { auditLog, entitlementLedger, importBatches, outbox, users } from '../../../db/schema';
import type { TestClient } from '../../helpers/client';
import type { TestContext } from '../../helpers/context';

/** Uploads a file the way a browser does (multipart/form-data). */
export function upload(client: TestClient, content: string | Uint8Array, opts: { name?: string; type?: string } = {}): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], opts.name ?? 'members.csv', { type: opts.type ?? 'text/csv' }));
  return client.request('/admin/import', { method: 'POST', body: form });
}

/** Uploads and follows the redirect to the preview; returns the batch id, the preview page and its digest. */
export async function uploadAndPreview(client: TestClient, content: string, opts: { name?: string } = {}) {
  const res = await upload(client, content, opts);
  if (res.status !== 303) throw new Error(`upload answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  const location = res.headers.get('location')!;
  const id = Number(/\/admin\/import\/(\d+)$/.exec(location)![1]);
  const page = await client.get(location);
  const html = await page.text();
  return { id, html, status: page.status, digest: digestOf(html) };
}

export function digestOf(html: string): string {
  return /name="digest" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? '';
}

/** The counts shown on a preview or result page (data-count="create" …). */
export function countsOf(html: string): Record<string, number> {
  return Object.fromEntries([...html.matchAll(/data-count="(\w+)">(\d+)</g)].map((m) => [m[1]!, Number(m[2])]));
}

/** The initial passwords on a result page: phone → password. */
export function passwordsOf(html: string): Map<string, string> {
  const rows = [...html.matchAll(/<tr><th scope="row">[^<]*<\/th><td><code class="initial-password">(\d{6})<\/code><\/td><td>(\d{11})<\/td><td class="num">\d+<\/td><\/tr>/g)];
  return new Map(rows.map((m) => [m[2]!, m[1]!]));
}

/** Row counts of everything an import could write. */
export async function snapshot(ctx: TestContext) {
  const n = async (table: typeof users | typeof importBatches | typeof auditLog | typeof outbox | typeof entitlementLedger) => (await ctx.deps.db.select({ n: count() }).from(table))[0]!.n;
  return { users: await n(users), batches: await n(importBatches), audit: await n(auditLog), outbox: await n(outbox), ledger: await n(entitlementLedger) };
}
