import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createApp } from '../../src/app';
import { createPasswordHasher, type PasswordHasher } from '../../src/auth/password';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase, type Database } from '../../src/db';
import { loadAssets, type Assets } from '../../src/lib/assets';
import { fixedClock, type FixedClock } from '../../src/lib/clock';
import type { AppDeps } from '../../src/lib/context';
import { createLogger, type Logger } from '../../src/lib/log';


/** 2026-11-26 10:00 in Asia/Shanghai. */
export const FIXED_NOW = Date.UTC(2026, 10, 26, 2, 0, 0);
export const TEST_ORIGIN = 'http://127.0.0.1:3000';

let assets: Assets | undefined;
let passwords: PasswordHasher | undefined;

export interface TestContext {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  database: Database;
  clock: FixedClock;
  config: Config;
  logs: Array<Record<string, unknown>>;
  /** file: URL of this test's database */
  dbUrl: string;
  /** a second app instance with its own connection to the same database file (another process, in effect) */
  sibling(): Promise<TestContext>;
  close(): void;
}

/** A fresh database file (a copy of the migrated template), a fixed clock and the real app around them. */
export async function createTestContext(opts: { env?: Record<string, string>; now?: number } = {}): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'vip-test-'));
  const file = join(dir, 'test.db');
  copyFileSync(inject('templateDb'), file);
  const database = await openDatabase(`file:${file}`);
  const clock = fixedClock(opts.now ?? FIXED_NOW);
  const config = loadConfig({ NODE_ENV: 'test', PORT: '3000', SEED_DEMO: 'false', LOG_LEVEL: 'info', ...opts.env });
  const logs: Array<Record<string, unknown>> = [];
  const logger: Logger = createLogger('debug', clock.now, (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  assets ??= loadAssets();
  passwords ??= createPasswordHasher({ concurrency: 2 });
  const deps: AppDeps = { config, db: database.db, client: database.client, clock, logger, passwords };
  const app = createApp({ ...deps, assets });
  const siblings: Database[] = [];
  const ctx: TestContext = {
    app,
    deps,
    database,
    clock,
    config,
    logs,
    dbUrl: `file:${file}`,
    async sibling() {
      const other = await openDatabase(`file:${file}`);
      siblings.push(other);
      const otherDeps: AppDeps = { ...deps, db: other.db, client: other.client };
      return { ...ctx, app: createApp({ ...otherDeps, assets: assets! }), deps: otherDeps, database: other, close() {} };
    },
    close() {
      for (const s of siblings) s.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ctx;
}
