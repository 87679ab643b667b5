import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { users } from '../../db/schema';
import { DEMO_PHONES } from '../../db/seed';
import { createPasswordHasher } from '../../src/auth/password';
import { openDatabase } from '../../src/db';
import { freePort, startServer, type RunningServer } from '../helpers/server';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = { phone: '13900000001', password: 'demo-pass-2026' };

/**
 * Runs the server expecting it to refuse to start; returns its exit code and output. Given a port, it also knocks on
 * it every 20 ms while the process runs and says whether anything ever answered.
 */
function startExpectingFailure(env: Record<string, string>, probe?: { port: number }): Promise<{ code: number | null; stderr: string; stdout: string; listened: boolean }> {
  return new Promise((done) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    let listened = false;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const knock = probe
      ? setInterval(() => {
          const socket = connect(probe.port, '127.0.0.1');
          socket.once('connect', () => ((listened = true), socket.destroy()));
          socket.once('error', () => socket.destroy());
        }, 20)
      : undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(knock);
      done({ code, stderr, stdout, listened });
    });
  });
}

async function signIn(server: RunningServer, phone: string, password: string): Promise<number> {
  const res = await fetch(`${server.baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ phone, password }),
  });
  await res.body?.cancel();
  return res.status;
}

/** Polls `check` every 100 ms until it holds (or fails after `ms`). */
async function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// complete lines only: the last one may still be being written
const logLines = (text: string) =>
  text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('configuration errors stop start-up with one clear line', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['a bad PORT', { PORT: 'eighty' }, /^Invalid configuration: PORT must be a number \(got "eighty"\)\n$/],
    ['an out-of-range PORT', { PORT: '70000' }, /^Invalid configuration: PORT must be between 1 and 65535 \(got "70000"\)\n$/],
    ['a bad DATABASE_URL', { DATABASE_URL: 'postgres://db/vip' }, /^Invalid configuration: DATABASE_URL must start with file:, libsql:\/\/, http\(s\):\/\/ or ws\(s\):\/\/ \(got "postgres:\/\/db\/vip"\)\n$/],
    ['SEED_DEMO=true in production', { NODE_ENV: 'production', SEED_DEMO: 'true' }, /^Invalid configuration: SEED_DEMO=true with NODE_ENV=production would create the demo accounts \(an admin among them\) with the password the README publishes; leave SEED_DEMO unset in production, or also set ALLOW_DEMO_PASSWORDS=true for a public demo instance\n$/],
  ];
  for (const [name, env, message] of cases) {
    it(`exits with status 1 on ${name}`, async () => {
      const result = await startExpectingFailure(env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });
  }
});

describe('the server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vip-server-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { LOG_LEVEL: 'info' };

  it('migrates and seeds on first start, adds nothing on the second, and stops cleanly on SIGTERM', async () => {
    const first = await startServer({ dir, env });
    try {
      const health = await fetch(`${first.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(await signIn(first, DEMO.phone, DEMO.password)).toBe(303);
    } finally {
      await first.stop();
    }
    expect(first.exitCode()).toBe(0);
    const firstLog = logLines(first.output().stdout);
    expect(firstLog.find((l) => l.msg === 'demo seed')).toMatchObject({ tiers: 4, users: 12, clubs: 7, lounges: 2, events: 6 });
    expect(firstLog.some((l) => l.msg === 'stopped')).toBe(true);
    // a request log line names method, path, status, time and request id, never a cookie or password
    const line = firstLog.find((l) => l.msg === 'request' && l.path === '/login')!;
    expect(Object.keys(line).sort()).toEqual(['level', 'method', 'ms', 'msg', 'path', 'requestId', 'status', 'time']);
    expect(first.output().stdout).not.toContain(DEMO.password);

    const second = await startServer({ dir, env });
    try {
      expect(await signIn(second, DEMO.phone, DEMO.password)).toBe(303);
    } finally {
      await second.stop();
    }
    expect(logLines(second.output().stdout).find((l) => l.msg === 'demo seed')).toMatchObject({ tiers: 0, users: 0, clubs: 0, lounges: 0, events: 0 });
  });

  it('skips the demo data with SEED_DEMO=false', async () => {
    const server = await startServer({ env: { SEED_DEMO: 'false' } });
    try {
      expect(await signIn(server, DEMO.phone, DEMO.password)).toBe(401);
      const login = await (await fetch(`${server.baseUrl}/login`)).text();
      expect(login).not.toContain('演示账号');
    } finally {
      await server.stop();
    }
  });

  it('finishes requests already in flight when told to stop', async () => {
    const server = await startServer({ env: { PASSWORD_HASH_CONCURRENCY: '1' } });
    try {
      // eight sign-ins queue behind one password hasher: the last ones are still running when SIGTERM arrives
      const inFlight = Array.from({ length: 8 }, () => signIn(server, DEMO.phone, DEMO.password));
      await Promise.race(inFlight);
      const stopping = server.stop();
      const statuses = await Promise.all(inFlight);
      await stopping;
      expect(statuses).toEqual(Array(8).fill(303));
      expect(server.exitCode()).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('with WORKERS=2 serves from two workers on one port, seeds once, replaces a worker that dies, and stops them all', async () => {
    const server = await startServer({ env: { WORKERS: '2', LOG_LEVEL: 'info' } });
    const workersOf = (pid: number) =>
      readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number)
        .filter((child) => {
          try {
            return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('src/server.ts');
          } catch {
            return false;
          }
        });
    const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
    let workers: number[] = [];
    try {
      const lines = () => logLines(server.output().stdout + '\n' + server.output().stderr);
      const primary = lines().find((l) => l.msg === 'primary') as { pid: number; workers: number } | undefined;
      expect(primary?.workers).toBe(2);
      await waitFor(() => lines().filter((l) => l.msg === 'listening').length === 2);
      workers = workersOf(primary!.pid);
      expect(workers).toHaveLength(2);
      expect(lines().filter((l) => l.msg === 'demo seed')).toHaveLength(1);
      // the background jobs run in one worker only
      expect(lines().filter((l) => l.msg === 'outbox')).toHaveLength(1);
      expect(await signIn(server, DEMO.phone, DEMO.password)).toBe(303);

      process.kill(workers[0]!, 'SIGKILL');
      await waitFor(() => lines().some((l) => l.msg === 'worker exited; starting another'));
      await waitFor(() => workersOf(primary!.pid).length === 2 && lines().filter((l) => l.msg === 'listening').length === 3);
      const replaced = workersOf(primary!.pid);
      expect(replaced).toContain(workers[1]);
      expect(replaced).not.toContain(workers[0]);
      workers = [...replaced, primary!.pid];
      const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await fetch(`${server.baseUrl}/healthz`)).status));
      expect(statuses).toEqual(Array(20).fill(200));
    } finally {
      await server.stop();
    }
    expect(server.exitCode()).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  }, 60_000);
});

describe('production and the demo accounts', () => {
  // a database seeded with the demo, as a development start (or an earlier version in production) leaves it
  const seeded = mkdtempSync(join(tmpdir(), 'vip-prod-'));
  const seededUrl = `file:${seeded}/e2e.db`;
  afterAll(() => rmSync(seeded, { recursive: true, force: true }));
  beforeAll(async () => {
    const server = await startServer({ dir: seeded });
    await server.stop();
    expect(server.exitCode()).toBe(0);
  }, 60_000);
  const production = { NODE_ENV: 'production', SEED_DEMO: '', LOG_LEVEL: 'info' };
  /** a copy of the seeded database (its WAL too, if the last close left one) */
  const copyOfSeeded = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vip-prod-copy-'));
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${seeded}/e2e.db${suffix}`)) copyFileSync(`${seeded}/e2e.db${suffix}`, `${dir}/e2e.db${suffix}`);
    return dir;
  };
  const refusal = new RegExp(
    `^Refusing to start: NODE_ENV=production and ${DEMO_PHONES.length} accounts still sign in with the demo password the README publishes: ` +
      'admin 13800000000; coordinator 13800000001; lounge_staff 13800000002; member 13900000001–13900000004, 13900000011–13900000015, 13900000100–13900000195\\. ' +
      '.*ALLOW_DEMO_PASSWORDS=true starts anyway, for a public demo instance only\\.\n$',
  );

  it('refuses to start while accounts still have the demo password: names them, exits 1, never opens the port', async () => {
    const port = await freePort();
    const result = await startExpectingFailure({ ...production, DATABASE_URL: seededUrl, PORT: String(port), PUBLIC_ORIGIN: `http://127.0.0.1:${port}` }, { port });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(refusal);
    expect(result.listened).toBe(false);
    expect(result.stdout).not.toContain('listening');
    expect(result.stdout).not.toContain('demo seed');
  });

  it('with WORKERS=2 the primary refuses once, before starting any worker', async () => {
    const port = await freePort();
    const result = await startExpectingFailure({ ...production, WORKERS: '2', DATABASE_URL: seededUrl, PORT: String(port), PUBLIC_ORIGIN: `http://127.0.0.1:${port}` }, { port });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(refusal);
    expect(result.listened).toBe(false);
    expect(logLines(result.stdout).map((l) => l.msg)).not.toContain('primary');
  });

  it('starts once every demo account has a password of its own or is disabled, with WORKERS=1 and 2', async () => {
    const dir = copyOfSeeded();
    try {
      const database = await openDatabase(`file:${dir}/e2e.db`);
      const passwordHash = await createPasswordHasher().hash('a-secret-of-our-own-9');
      const history = DEMO_PHONES.filter((p) => p >= '13900000100');
      await database.db.update(users).set({ passwordHash }).where(inArray(users.phone, DEMO_PHONES.filter((p) => !history.includes(p))));
      await database.db.update(users).set({ disabledAt: Date.now() }).where(inArray(users.phone, history));
      database.close();
      for (const workers of ['1', '2']) {
        const server = await startServer({ dir, env: { ...production, WORKERS: workers } });
        try {
          expect(await signIn(server, '13800000000', 'a-secret-of-our-own-9')).toBe(303);
          expect(await signIn(server, DEMO.phone, DEMO.password)).toBe(401);
          expect(await signIn(server, '13900000150', DEMO.password)).toBe(403); // disabled
        } finally {
          await server.stop();
        }
        // (the graceful stop of a cluster is the WORKERS=2 test's above; on a loaded machine tsx may SIGKILL a primary that
        // is slow to acknowledge SIGTERM and exit 143, which is nothing this test is about)
        if (workers === '1') expect(server.exitCode()).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('seeds nothing by default, so a fresh production database starts with no demo account', async () => {
    const server = await startServer({ env: production });
    let dbUrl = '';
    try {
      dbUrl = `file:${server.dir}/e2e.db`;
      expect(await signIn(server, '13800000000', DEMO.password)).toBe(401);
      expect(await signIn(server, DEMO.phone, DEMO.password)).toBe(401);
      expect(await (await fetch(`${server.baseUrl}/login`)).text()).not.toContain('演示账号');
      expect(logLines(server.output().stdout).some((l) => l.msg === 'demo seed')).toBe(false);
      const database = await openDatabase(dbUrl);
      try {
        expect(await database.db.select({ phone: users.phone }).from(users)).toEqual([]);
      } finally {
        database.close();
      }
    } finally {
      await server.stop();
    }
    expect(server.exitCode()).toBe(0);
  });

  it('starts with ALLOW_DEMO_PASSWORDS=true (a public demo instance, the benchmark), with a warning', async () => {
    const dir = copyOfSeeded();
    try {
      const server = await startServer({ dir, env: { ...production, ALLOW_DEMO_PASSWORDS: 'true' } });
      try {
        expect(await signIn(server, DEMO.phone, DEMO.password)).toBe(303);
        expect(logLines(server.output().stderr).find((l) => l.msg === 'demo passwords allowed')).toMatchObject({ level: 'warn', accounts: DEMO_PHONES.length });
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seeds and starts with SEED_DEMO=true and ALLOW_DEMO_PASSWORDS=true', async () => {
    const server = await startServer({ env: { NODE_ENV: 'production', SEED_DEMO: 'true', ALLOW_DEMO_PASSWORDS: 'true', LOG_LEVEL: 'info' } });
    try {
      expect(await signIn(server, DEMO.phone, DEMO.password)).toBe(303);
      expect(logLines(server.output().stdout).find((l) => l.msg === 'demo seed')).toMatchObject({ users: 12 });
    } finally {
      await server.stop();
    }
  });
});
