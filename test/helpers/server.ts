import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A real server process (`tsx src/server.ts`) on its own port with its own throw-away database. */
export interface RunningServer {
  baseUrl: string;
  /** the directory holding the database (removed by stop() unless it was given in the options) */
  dir: string;
  /** SIGTERM, wait for the exit (SIGKILL after 10 s), then remove the temporary directory. */
  stop(): Promise<void>;
  /** the process's exit code once it has exited, else null */
  exitCode(): number | null;
  /** what the server printed so far (the last 20,000 characters of each stream) */
  output(): { stdout: string; stderr: string };
  /** the id of the spawned process (tsx); with ownProcessGroup, also the id of its process group */
  pid?: number | undefined;
}

export interface StartServerOptions {
  /** Extra environment for the server; wins over the defaults below. */
  env?: Record<string, string>;
  /** How long to wait for /healthz; 30 s unless told. */
  timeoutMs?: number;
  /** Use (and keep) this directory for the database, e.g. to restart on the same data. */
  dir?: string;
  /**
   * Start the server as the leader of its own process group (tsx runs the app in a child process), so that
   * `process.kill(-pid, 'SIGKILL')` ends the whole tree at once, as a crash would. stop() still works.
   */
  ownProcessGroup?: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** The app's own settings: none of them leaks in from the shell that runs the tests. */
const APP_ENV_KEYS = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATABASE_AUTH_TOKEN',
  'PUBLIC_ORIGIN',
  'SEED_DEMO',
  'ALLOW_DEMO_PASSWORDS',
  'TIME_ZONE',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'PASSWORD_HASH_CONCURRENCY',
  'WORKERS',
  'WORKER_INDEX',
];

/** Asks the OS for a free port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (!address || typeof address === 'string') {
        probe.close();
        reject(new Error('could not read the probe port'));
        return;
      }
      probe.close((error) => (error ? reject(error) : resolvePort(address.port)));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

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

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'hainan-vip-e2e-')));
  const baseUrl = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of APP_ENV_KEYS) delete env[key];
  Object.assign(env, {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${dir}/e2e.db`,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    PUBLIC_ORIGIN: baseUrl,
    ...opts.env,
  });

  const child = spawn(TSX, ['src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.ownProcessGroup ? { detached: true } : {}) });
  let stdout = '';
  let stderr = '';
  // keep reading both pipes (a full pipe would block the server), but keep only the tail
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-20_000);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      try {
        if (!exited(child) && !spawnError) {
          child.kill('SIGTERM');
          if (!(await waitForExit(child, 10_000))) {
            child.kill('SIGKILL');
            await waitForExit(child, 5_000);
          }
        }
      } finally {
        if (!opts.dir) await rm(dir, { recursive: true, force: true });
      }
    })();
    return stopped;
  };

  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (true) {
    if (spawnError || exited(child)) {
      await stop();
      const why = spawnError ? `could not start ${TSX}: ${spawnError.message}` : `exited with ${child.exitCode ?? child.signalCode}`;
      throw new Error(`Server ${why} before it was healthy.\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.status === 200) break;
      lastProblem = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `Server at ${baseUrl} was not healthy within ${timeoutMs / 1000} s (${lastProblem}).\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout}`,
      );
    }
    await sleep(150);
  }

  return { baseUrl, dir, stop, exitCode: () => child.exitCode, output: () => ({ stdout, stderr }), pid: child.pid };
}
