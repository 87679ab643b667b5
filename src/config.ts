import { z } from 'zod';

/**
 * The only reader of process.env. Everything configurable is validated here once;
 * a bad value stops start-up with one clear line instead of failing later.
 */

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const databaseUrl = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .refine((v) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(v), {
    error: 'must start with file:, libsql://, http(s):// or ws(s)://',
  })
  .refine((v) => !/^(libsql|https?|wss?):\/\//.test(v) || URL.canParse(v), {
    error: 'is not a valid URL',
  });

const origin = z.string().refine(
  (v) => {
    if (!URL.canParse(v)) return false;
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v.replace(/\/$/, '');
  },
  { error: 'must be a list of origins such as https://vip.example.com (scheme, host and optional port only)' },
);

const smtpUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && ['smtp:', 'smtps:'].includes(new URL(v).protocol) && new URL(v).hostname !== '', {
    error: 'must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.com:465',
  });

/** A From header: one line (no header injection) with an address in it. */
const smtpFrom = z
  .string()
  .trim()
  .max(200, { error: 'must be at most 200 characters' })
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v) && /[^\s@<>]+@[^\s@<>]+/.test(v), {
    error: 'must be an address such as "Hainan VIP <no-reply@vip.example.com>"',
  });

/** Values never echoed in a configuration error (they may hold a password). */
const SECRET_KEYS = ['DATABASE_AUTH_TOKEN', 'SMTP_URL'];

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .default(3000),
  HOST: z.string().trim().min(1, { error: 'must not be empty' }).default('127.0.0.1'),
  DATABASE_URL: databaseUrl.default('file:data/vip.db'),
  DATABASE_AUTH_TOKEN: z.string().optional(),
  PUBLIC_ORIGIN: z.string().optional(),
  /** unset: true in development and test, false in production (see loadConfig) */
  SEED_DEMO: booleanString.optional(),
  ALLOW_DEMO_PASSWORDS: booleanString.default(false),
  TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, { error: 'must be an IANA time zone such as Asia/Shanghai' })
    .default('Asia/Shanghai'),
  TRUST_PROXY: booleanString.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be debug, info, warn, error or silent' }).default('info'),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  WORKERS: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 32' })
    .max(32, { error: 'must be between 1 and 32' })
    .default(1),
  /** set by the primary process for each worker it starts (WORKERS > 1); not for operators */
  WORKER_INDEX: z.coerce.number().int().min(0).max(31).optional(),
  SMTP_URL: smtpUrl.optional(),
  SMTP_FROM: smtpFrom.default('Hainan VIP <no-reply@localhost>'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  publicOrigins: string[];
  /** seed the demo programme on start: by default outside production only */
  seedDemo: boolean;
  /**
   * production only: start even though accounts still sign in with the demo password the README publishes (a public
   * demo instance, the benchmark); otherwise a production start refuses (src/auth/demo-passwords.ts)
   */
  allowDemoPasswords: boolean;
  timeZone: string;
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  passwordHashConcurrency: number | undefined;
  /** server processes sharing the port (Node cluster): 1 runs everything in this process */
  workers: number;
  /** which worker this process is (0 … workers-1) when started by the primary; undefined when not clustered */
  workerIndex: number | undefined;
  /** e-mail goes out through this SMTP server when set; otherwise messages are written to the log */
  smtpUrl: string | undefined;
  smtpFrom: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates configuration; throws ConfigError with one line naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? 'configuration');
    const got = present[key];
    const shown = SECRET_KEYS.includes(key) ? '' : got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    throw new ConfigError(`Invalid configuration: ${key} ${issue.message}${shown}`);
  }
  const v = parsed.data;
  const isProduction = v.NODE_ENV === 'production';
  // The demo's accounts (an admin among them) all have the password the README publishes: never by default in production.
  const seedDemo = v.SEED_DEMO ?? !isProduction;
  if (isProduction && seedDemo && !v.ALLOW_DEMO_PASSWORDS) {
    throw new ConfigError(
      'Invalid configuration: SEED_DEMO=true with NODE_ENV=production would create the demo accounts (an admin among them) with the password the README publishes; leave SEED_DEMO unset in production, or also set ALLOW_DEMO_PASSWORDS=true for a public demo instance',
    );
  }
  let publicOrigins: string[];
  if (v.PUBLIC_ORIGIN) {
    publicOrigins = v.PUBLIC_ORIGIN.split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
    for (const o of publicOrigins) {
      const check = origin.safeParse(o);
      if (!check.success) {
        throw new ConfigError(`Invalid configuration: PUBLIC_ORIGIN ${check.error.issues[0]!.message} (got ${JSON.stringify(o)})`);
      }
    }
  } else {
    publicOrigins = [`http://127.0.0.1:${v.PORT}`, `http://localhost:${v.PORT}`];
  }
  return {
    env: v.NODE_ENV,
    isProduction,
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL,
    databaseAuthToken: v.DATABASE_AUTH_TOKEN,
    publicOrigins,
    seedDemo,
    allowDemoPasswords: v.ALLOW_DEMO_PASSWORDS,
    timeZone: v.TIME_ZONE,
    trustProxy: v.TRUST_PROXY,
    logLevel: v.LOG_LEVEL,
    passwordHashConcurrency: v.PASSWORD_HASH_CONCURRENCY,
    workers: v.WORKERS,
    workerIndex: v.WORKER_INDEX,
    smtpUrl: v.SMTP_URL,
    smtpFrom: v.SMTP_FROM,
  };
}
