import { copyFileSync, rmSync } from 'node:fs';
import { createApp } from '../src/app';
import { createPasswordHasher } from '../src/auth/password';
import { loadConfig } from '../src/config';
import type { InStatement } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { applyConnectionPragmas, BUSY_TIMEOUT_MS, schema } from '../src/db';
import { createFileClient } from '../src/lib/file-client';
import { serializeClient } from '../src/lib/serialized-client';
import { loadAssets } from '../src/lib/assets';
import { pickSubjects } from './subjects';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/lib/log';

/**
 * `npx tsx bench/pages.ts [path-regex]`: the cost of each benchmarked page inside one process, without HTTP —
 * mean milliseconds per request and, per request, the statements run and their time. A tool for finding where a
 * page spends its time (the figures that count come from `npm run bench`).
 */
const source = process.env.BENCH_DB ?? 'data/large.db';
const db = `/tmp/hainan-pages-${process.pid}.db`;
copyFileSync(source, db);
const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
const N = Number(process.env.N ?? '200');

async function main() {
  const { reader, eventPage, hak, golf } = await pickSubjects(`file:${db}`, Date.now());

  const config = loadConfig({ ...process.env, DATABASE_URL: `file:${db}`, SEED_DEMO: 'false', NODE_ENV: 'production', LOG_LEVEL: 'warn', PUBLIC_ORIGIN: 'http://127.0.0.1:3000' });
  // the statements are timed inside the queue (their own cost, not the wait for their turn)
  const raw = createFileClient({ url: config.databaseUrl, timeoutMs: BUSY_TIMEOUT_MS });
  const log: Array<{ sql: string; ms: number }> = [];
  const execute = raw.execute.bind(raw);
  raw.execute = (async (stmt: InStatement | string) => {
    const t = performance.now();
    const r = await execute(stmt);
    log.push({ sql: typeof stmt === 'string' ? stmt : stmt.sql, ms: performance.now() - t });
    return r;
  }) as typeof execute;
  const client = serializeClient(raw, { waitTimeoutMs: BUSY_TIMEOUT_MS });
  await applyConnectionPragmas(client);
  const database = { client, db: drizzle(client, { schema }), close: () => client.close() };
  const app = createApp({ config, db: database.db, client: database.client, clock: systemClock, logger: createLogger('warn', systemClock.now), passwords: createPasswordHasher({ concurrency: 1 }), assets: loadAssets() });
  const origin = 'http://127.0.0.1:3000';
  const signIn = async (phone: string) => {
    const res = await app.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: new URLSearchParams({ phone, password: 'demo-pass-2026' }).toString() });
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  const member = await signIn(reader);
  const staff = await signIn('13800000002');
  const coord = await signIn('13800000001');
  const admin = await signIn('13800000000');
  const typing = { 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'HX-Target': 'section#desk-results' };
  const pages: Array<[string, string, Record<string, string>?]> = [
    ['/healthz', ''],
    ['/events', member],
    [`/events/${eventPage}`, member],
    ['/me', member],
    [`/desk/lounges/${hak}?q=1234`, staff],
    [`/desk/lounges/${hak}?q=1234&typing`, staff, typing],
    [`/coordinator/clubs/${golf}?q=${encodeURIComponent('王')}`, coord],
    [`/admin/members?q=${encodeURIComponent('王')}`, admin],
    ['/admin/members?q=1391234', admin],
  ];
  for (const [path, cookie, extra] of pages) {
    if (only && !only.test(path)) continue;
    const get = () => app.request(path, { headers: { cookie, origin, ...extra } });
    for (let i = 0; i < 20; i++) await (await get()).text();
    // the best of three rounds: this machine's neighbours make single rounds noisy
    let ms = Infinity;
    let bytes = 0;
    let status = 0;
    for (let round = 0; round < 3; round++) {
      log.length = 0;
      const t = performance.now();
      for (let i = 0; i < N; i++) {
        const res = await get();
        status = res.status;
        bytes = (await res.text()).length;
      }
      ms = Math.min(ms, (performance.now() - t) / N);
    }
    const per = new Map<string, { n: number; ms: number }>();
    for (const q of log) {
      const e = per.get(q.sql) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += q.ms;
      per.set(q.sql, e);
    }
    process.stdout.write(`\n${path}  ${status}  ${ms.toFixed(2)} ms/request  ${bytes} chars  ${(log.length / N).toFixed(1)} statements/request\n`);
    for (const [sql, e] of [...per].sort((a, b) => b[1].ms - a[1].ms)) process.stdout.write(`  ${(e.ms / N).toFixed(3)} ms  ×${(e.n / N).toFixed(1)}  ${sql.replace(/\s+/g, ' ').slice(0, 220)}\n`);
  }
  database.close();
}

main().finally(() => {
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
});
