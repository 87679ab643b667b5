import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { DAY, MINUTE } from './clock';
import type { AppDeps, AppEnv } from './context';

/**
 * Every action happens once, however often its button is pressed.
 *
 * Every POST form we render carries a one-time token (`_once`, added in render.ts by `withFormTokens`, so no
 * form can forget it). The first request with a token claims a row keyed by the token, the person, the URL and
 * the submitted fields, does the work, and stores its answer — status, redirect, cookies (the flash message),
 * htmx headers and body — sealed with AES-256-GCM under a key derived from the token, which the database never
 * sees. A repeat of the same submission (a double click, a resend after a lost answer, the twin of a parallel
 * race) waits for the first to finish and gets that answer again: the pass, the ticket, the new member's one-time
 * password. An answer of 400 or more is not kept: the claim is released so a corrected or retried form runs.
 */

export const SUBMIT_ONCE_FIELD = '_once';
const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const formContentType = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** How long a repeat waits for the first request's answer before saying "still working on it". */
export const WAIT_FOR_FIRST_MS = 10_000;
/** A claim left pending this long belongs to a request that died (a crash): a repeat may take it over. */
export const STALE_CLAIM_MS = MINUTE;
/** Answers are kept this long for repeats, then removed by housekeeping. */
export const SUBMISSION_KEEP_MS = DAY;
const POLL_MS = 40;

/** Adds a fresh one-time token to every `<form method="post">` in a page or fragment. */
export function withFormTokens(html: string): string {
  if (!html.includes('method="post"')) return html;
  return html.replace(
    /<form\b[^>]*\bmethod="post"[^>]*>/g,
    (tag) => `${tag}<input type="hidden" name="${SUBMIT_ONCE_FIELD}" value="${randomBytes(16).toString('base64url')}">`,
  );
}

type Stored = {
  status: number;
  headers: Array<[string, string]>;
  body: string | null;
  /** the CSP nonce the body's scripts carry, swapped for the repeat's own */
  nonce: string | null;
};

/** Headers of the first answer that a repeat must carry too; security headers are set afresh for each request. */
const REPLAYED = new Set(['location', 'set-cookie', 'content-type', 'cache-control', 'vary', 'content-disposition']);

type Claim = { kind: 'first' } | { kind: 'repeat'; stored: Stored } | { kind: 'busy' };

export function submitOnce(deps: Pick<AppDeps, 'client' | 'clock' | 'logger'>, renderBusy: (c: Context<AppEnv>) => Promise<Response>): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function submitOnceMiddleware(c, next) {
    if (c.req.method !== 'POST' || !formContentType.test(c.req.header('content-type') ?? '')) return next();
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      return next(); // a body that does not parse: the route answers 400 as before
    }
    const token = form.get(SUBMIT_ONCE_FIELD);
    if (token === null) return next();
    // the field is ours: routes and validators never see it (Hono keeps this FormData for them)
    form.delete(SUBMIT_ONCE_FIELD);
    // signed out (the sign-in form): nothing to tell a repeat apart by, and nothing it could create twice
    const user = c.get('user');
    if (!user || typeof token !== 'string' || !TOKEN.test(token)) return next();

    const key = await submissionKey(token, user.id, c.req.path, c.req.header('hx-request') === 'true', form);
    const claim = await claimSubmission(deps, key, token, user.id);
    if (claim.kind === 'busy') return renderBusy(c);
    if (claim.kind === 'repeat') return replay(c, claim.stored);

    let kept = false;
    try {
      await next();
      const stored = await capture(c.res, c.get('secureHeadersNonce') ?? null);
      if (stored) {
        await deps.client.execute({
          sql: "UPDATE form_submissions SET state = 'done', outcome = ? WHERE key = ?",
          args: [seal(token, stored), key],
        });
        kept = true;
      }
    } catch (error) {
      deps.logger.warn('submit-once: answer not kept', { error, path: c.req.path });
    } finally {
      if (!kept) await releaseClaim(deps, key);
    }
  });
}

async function releaseClaim(deps: Pick<AppDeps, 'client' | 'logger'>, key: string): Promise<void> {
  try {
    await deps.client.execute({ sql: "DELETE FROM form_submissions WHERE key = ? AND state = 'pending'", args: [key] });
  } catch (error) {
    // the claim goes stale and a repeat takes it over after STALE_CLAIM_MS
    deps.logger.warn('submit-once: claim not released', { error });
  }
}

async function submissionKey(token: string, userId: number, path: string, partial: boolean, form: FormData): Promise<string> {
  const hash = createHash('sha256').update(`${token}\n${userId}\nPOST ${path}\n${partial ? 'htmx' : 'page'}\n`);
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') hash.update(`${name.length}:${name}=${value.length}:${value}\n`);
    else hash.update(`${name.length}:${name}=file:${value.name}:${value.size}:`).update(Buffer.from(await value.arrayBuffer())).update('\n');
  }
  return hash.digest('base64url');
}

async function claimSubmission(deps: Pick<AppDeps, 'client' | 'clock'>, key: string, token: string, userId: number): Promise<Claim> {
  const started = performance.now();
  for (;;) {
    const now = deps.clock.now();
    const inserted = await deps.client.execute({
      sql: "INSERT INTO form_submissions (key, user_id, state, created_at) VALUES (?, ?, 'pending', ?) ON CONFLICT (key) DO NOTHING",
      args: [key, userId, now],
    });
    if (inserted.rowsAffected === 1) return { kind: 'first' };
    const found = await deps.client.execute({ sql: 'SELECT state, outcome, created_at FROM form_submissions WHERE key = ?', args: [key] });
    const row = found.rows[0];
    if (row === undefined) continue; // the first was refused and let go of its claim just now: run as the first
    if (row.state === 'done') {
      const stored = typeof row.outcome === 'string' ? unseal(token, row.outcome) : null;
      return stored ? { kind: 'repeat', stored } : { kind: 'first' };
    }
    if (Number(row.created_at) < now - STALE_CLAIM_MS) {
      const taken = await deps.client.execute({
        sql: "UPDATE form_submissions SET created_at = ? WHERE key = ? AND state = 'pending' AND created_at = ?",
        args: [now, key, Number(row.created_at)],
      });
      if (taken.rowsAffected === 1) return { kind: 'first' };
    }
    if (performance.now() - started > WAIT_FOR_FIRST_MS) return { kind: 'busy' };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function capture(res: Response, nonce: string | null): Promise<Stored | null> {
  if (res.status >= 400) return null;
  const type = res.headers.get('content-type') ?? '';
  if (res.body !== null && !/^text\/html\b/i.test(type)) return null; // downloads and streams are not kept
  const headers: Array<[string, string]> = [];
  for (const [name, value] of res.headers) if (REPLAYED.has(name) || name.startsWith('hx-')) headers.push([name, value]);
  return { status: res.status, headers, body: res.body === null ? null : await res.clone().text(), nonce };
}

function replay(c: Context<AppEnv>, stored: Stored): Response {
  let body = stored.body;
  const nonce = c.get('secureHeadersNonce');
  if (body !== null && stored.nonce && nonce) body = body.replaceAll(`nonce="${stored.nonce}"`, `nonce="${nonce}"`);
  // through the context, so this request's own headers (X-Request-Id…) are kept
  for (const [name, value] of stored.headers) c.header(name, value, { append: true });
  c.header('X-Submit-Once', 'repeat');
  return body === null ? c.body(null, stored.status as StatusCode) : c.body(body, stored.status as ContentfulStatusCode);
}

/** The row key is a hash of the token; the sealing key is a different hash of it, so the row alone opens nothing. */
function sealingKey(token: string): Buffer {
  return createHash('sha256').update(`submit-once seal\n${token}`).digest();
}

function seal(token: string, stored: Stored): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(token), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(stored), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

function unseal(token: string, sealed: string): Stored | null {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(token), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Stored;
  } catch {
    return null;
  }
}
