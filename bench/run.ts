import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import autocannon from 'autocannon';
import { pickSubjects } from './subjects';

/**
 * `npm run bench` (WORKERS=2 for the server's cluster mode: two worker processes on one port and one database file): starts the real server on a copy of
 * the large database, signs in real users through POST /login, and drives each page with autocannon over
 * 127.0.0.1 (10 s, 32 connections per case, split over the processes). Writes bench/results/latest*.md and .json.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DB = resolve(ROOT, process.env.BENCH_DB ?? 'data/large.db');
const WORKERS = Math.max(1, Number(process.env.WORKERS ?? '1'));
const DURATION = Number(process.env.BENCH_SECONDS ?? '10');
const CONNECTIONS = 32;
const PASSWORD = 'demo-pass-2026';
const REG_MEMBERS = Number(process.env.BENCH_REG_MEMBERS ?? '256');
/** BENCH_ONLY=regex runs only the matching cases (the floor always runs); BENCH_PROFILE=dir writes a CPU profile per process */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const PROFILE_DIR = process.env.BENCH_PROFILE;

interface Case {
  name: string;
  kind: 'floor' | 'member' | 'search' | 'write';
  method: 'GET' | 'POST';
  expect: number;
  /** the request of the n-th call on connection `conn` */
  request: (conn: number, n: number) => { path: string; cookie?: string; body?: string; headers?: Record<string, string> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

async function startServer(dbUrl: string): Promise<{ proc: ChildProcess; base: string }> {
  const port = await freePort();
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : [];
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    // production, as deployed; the large database is built on the demo seed and every account in it has the demo password
    // (the bench signs in with it), so the production start-up check is told to let it through (ALLOW_DEMO_PASSWORDS)
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: dbUrl, SEED_DEMO: 'false', ALLOW_DEMO_PASSWORDS: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'production', PUBLIC_ORIGIN: `http://127.0.0.1:${port}`, WORKERS: String(WORKERS) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { proc, base };
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error('server did not start');
}

async function signIn(base: string, phone: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ phone, password: PASSWORD }).toString(),
  });
  if (res.status !== 303) throw new Error(`sign-in of ${phone} answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The server's process and, in cluster mode, its workers (the primary's children). */
function serverPids(primary: number): number[] {
  try {
    return [primary, ...readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').split(' ').filter(Boolean).map(Number)];
  } catch {
    return [primary];
  }
}

async function runCase(c: Case, base: string, pids: () => number[]) {
  let maxRss = 0;
  // the largest single process (the primary of a cluster only hands out connections)
  const sampler = setInterval(() => pids().forEach((p) => (maxRss = Math.max(maxRss, rssOf(p)))), 200);
  let nextRequest = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: c.method,
        setupRequest: (req) => {
          // autocannon clears its per-connection context after every request when there is one request in the list,
          // so requests are numbered across all connections instead: the k-th request overall
          const k = nextRequest++;
          const r = c.request(k % CONNECTIONS, Math.floor(k / CONNECTIONS));
          const headers: Record<string, string> = { ...r.headers };
          if (r.cookie) headers.cookie = r.cookie;
          if (r.body !== undefined) {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            headers.origin = base;
          }
          return { ...req, path: r.path, headers, ...(r.body !== undefined ? { body: r.body } : {}) };
        },
      },
    ],
  });
  clearInterval(sampler);
  const expected = Number((result.statusCodeStats as Record<string, { count: number } | undefined>)[String(c.expect)]?.count ?? 0);
  return {
    name: c.name,
    kind: c.kind,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    unexpected: result.requests.total - expected,
    maxRssMb: Math.round(maxRss),
  };
}

async function main() {
  if (!existsSync(SOURCE_DB)) {
    process.stdout.write(`${SOURCE_DB} is missing: running seed:large first\n`);
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed-large.ts'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DATABASE_URL: `file:${SOURCE_DB}` } });
    if (seeded.status !== 0) throw new Error('seed:large failed');
  }
  // a copy per run, so every run starts from the same data (the registration case writes)
  const db = `/tmp/hainan-bench-${process.pid}.db`;
  copyFileSync(SOURCE_DB, db);
  const client = createClient({ url: `file:${db}` });
  const now = Date.now();
  const rows = async (sql: string, args: Array<string | number> = []) => (await client.execute({ sql, args })).rows;
  const regMembers = (await rows(`SELECT id, phone FROM users WHERE role = 'member' AND tier_code = 'diamond' AND disabled_at IS NULL AND phone > '13910000000' ORDER BY id DESC LIMIT ${REG_MEMBERS}`)).map((r) => ({ id: Number(r.id), phone: String(r.phone) }));
  const openEvents = (await rows(`SELECT id FROM events WHERE status = 'scheduled' AND requires_club_membership = 0 AND child_min_age IS NULL AND opens_at - 72 * 3600000 <= ? AND closes_at > ? + 600000 ORDER BY capacity, id`, [now, now])).map((r) => Number(r.id));
  const { reader, eventPage, hak, golf } = await pickSubjects(`file:${db}`, now);
  const last4 = (await rows("SELECT substr(phone, -4) AS d FROM users WHERE role = 'member' ORDER BY id LIMIT 200")).map((r) => String(r.d));
  client.close();

  // one server; with WORKERS > 1 it runs as a cluster whose workers share its port
  const server = await startServer(`file:${db}`);
  const base = server.base;
  const pids = () => serverPids(server.proc.pid!);
  try {
    const memberCookie = await signIn(base, reader);
    const staffCookie = await signIn(base, '13800000002');
    const coordCookie = await signIn(base, '13800000001');
    const adminCookie = await signIn(base, '13800000000');
    const regCookies: string[] = [];
    for (const m of regMembers) regCookies.push(await signIn(base, m.phone));
    const names = ['王', '李', '张', '陈', '林', '符', '吴', '黄'];
    const cases: Case[] = [
      { name: '/healthz (floor)', kind: 'floor', method: 'GET', expect: 200, request: () => ({ path: '/healthz' }) },
      { name: 'event list /events', kind: 'member', method: 'GET', expect: 200, request: () => ({ path: '/events', cookie: memberCookie }) },
      { name: `event page /events/${eventPage}`, kind: 'member', method: 'GET', expect: 200, request: () => ({ path: `/events/${eventPage}`, cookie: memberCookie }) },
      { name: 'member hub /me', kind: 'member', method: 'GET', expect: 200, request: () => ({ path: '/me', cookie: memberCookie }) },
      // what the search box sends as the desk types (htmx replaces only the results)…
      {
        name: 'desk guest search as you type (last 4 digits)',
        kind: 'search',
        method: 'GET',
        expect: 200,
        request: (c, n) => ({ path: `/desk/lounges/${hak}?q=${last4[(c * 7 + n) % last4.length]}`, cookie: staffCookie, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'HX-Target': 'section#desk-results' } }),
      },
      // …and the whole desk page with a search, as without JavaScript (today's arrivals drawn as well)
      { name: 'desk page with a search (no JavaScript)', kind: 'search', method: 'GET', expect: 200, request: (c, n) => ({ path: `/desk/lounges/${hak}?q=${last4[(c * 7 + n) % last4.length]}`, cookie: staffCookie }) },
      { name: 'roster search (name)', kind: 'search', method: 'GET', expect: 200, request: (c, n) => ({ path: `/coordinator/clubs/${golf}?q=${encodeURIComponent(names[(c + n) % names.length]!)}`, cookie: coordCookie }) },
      { name: 'admin member search (name)', kind: 'search', method: 'GET', expect: 200, request: (c, n) => ({ path: `/admin/members?q=${encodeURIComponent(names[(c + n) % names.length]!)}`, cookie: adminCookie }) },
      { name: 'admin member search (phone)', kind: 'search', method: 'GET', expect: 200, request: (c, n) => ({ path: `/admin/members?q=139${last4[(c * 7 + n) % last4.length]}`, cookie: adminCookie }) },
      {
        name: `registration POST (${regCookies.length} members × ${openEvents.length} open events)`,
        kind: 'write',
        method: 'POST',
        expect: 303,
        // connection c registers its own members, each for the next open event in turn (smallest events first: they fill and waitlist)
        request: (c, n) => {
          const k = n * CONNECTIONS + c;
          return { path: `/events/${openEvents[Math.floor(k / regCookies.length) % openEvents.length]}/register`, cookie: regCookies[k % regCookies.length], body: 'guests=0' };
        },
      },
    ];
    const results = [];
    for (const c of cases) {
      if (ONLY && c.kind !== 'floor' && !ONLY.test(c.name)) continue;
      const r = await runCase(c, base, pids);
      results.push(r);
      process.stdout.write(`${r.name}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, unexpected ${r.unexpected}\n`);
    }
    // the database afterwards: no event over capacity; what the registrations did
    const check = createClient({ url: `file:${db}` });
    const over = Number((await check.execute("SELECT count(*) AS n FROM events e WHERE (SELECT coalesce(sum(seats), 0) FROM registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') > e.capacity")).rows[0]!.n);
    const ids = regMembers.map((m) => m.id).join(',');
    const written = (await check.execute(`SELECT status, count(*) AS n FROM registrations WHERE user_id IN (${ids}) AND created_at >= ${now} GROUP BY status`)).rows.map((r) => ({ status: String(r.status), n: Number(r.n) }));
    const integrity = String((await check.execute('PRAGMA quick_check')).rows[0]![0]);
    check.close();
    report(results, { over, written, integrity, workers: WORKERS, eventPage, openEvents: openEvents.length });
  } finally {
    server.proc.kill('SIGTERM');
    await sleep(500);
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  }
}

type Row = Awaited<ReturnType<typeof runCase>>;

function report(results: Row[], facts: { over: number; written: Array<{ status: string; n: number }>; integrity: string; workers: number; eventPage: number; openEvents: number }) {
  const floor = results.find((r) => r.kind === 'floor')!.rps;
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: loadavg().map((l) => l.toFixed(2)).join(' ') };
  const outDir = resolve(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const suffix = (facts.workers > 1 ? `-workers${facts.workers}` : '') + (ONLY ? '-partial' : '');
  let scaling = '';
  const single = resolve(outDir, 'latest.json');
  if (facts.workers > 1 && existsSync(single)) {
    const one = JSON.parse(readFileSync(single, 'utf8')) as { results: Row[] };
    const reads = (rs: Row[]) => rs.filter((r) => r.kind === 'member' || r.kind === 'search').reduce((a, r) => a + r.rps, 0);
    scaling = `Read scaling with ${facts.workers} processes: ${(reads(results) / reads(one.results)).toFixed(2)}× the single-process reads (sum of member pages and searches).`;
  }
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; load average at the end ${machine.loadAverageAtEnd}.`,
    `Server processes: ${facts.workers}; ${CONNECTIONS} connections, ${DURATION} s per row; ${new Date().toISOString()}.`,
    '',
    '| case | req/s | × floor | p50 ms | p99 ms | errors | non-2xx | unexpected status | max RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.rps} | ${(r.rps / floor).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.unexpected} | ${r.maxRssMb} |`),
    '',
    `Registrations written: ${facts.written.map((w) => `${w.n} ${w.status}`).join(', ') || 'none'}; events over capacity afterwards: ${facts.over}; quick_check: ${facts.integrity}.`,
    'The registration POST answers 303 (to the ticket, or back to the event when waitlisted or already registered); "unexpected" counts any other status.',
    ...(scaling ? [scaling] : []),
  ];
  const md = lines.join('\n') + '\n';
  writeFileSync(resolve(outDir, `latest${suffix}.md`), md);
  writeFileSync(resolve(outDir, `latest${suffix}.json`), JSON.stringify({ machine, workers: facts.workers, results, facts }, null, 2) + '\n');
  process.stdout.write(`\n${md}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
