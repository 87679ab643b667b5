import { describe, it, expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig defaults', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      isProduction: false,
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: 'file:data/vip.db',
      databaseAuthToken: undefined,
      publicOrigins: ['http://127.0.0.1:3000', 'http://localhost:3000'],
      seedDemo: true,
      allowDemoPasswords: false,
      timeZone: 'Asia/Shanghai',
      trustProxy: false,
      logLevel: 'info',
      passwordHashConcurrency: undefined,
      workers: 1,
      workerIndex: undefined,
      smtpUrl: undefined,
      smtpFrom: 'Hainan VIP <no-reply@localhost>',
    });
  });

  it('reads WORKERS from 1 to 32 and refuses anything else with one line', () => {
    expect(loadConfig({ WORKERS: '2' }).workers).toBe(2);
    expect(loadConfig({ WORKERS: '32' }).workers).toBe(32);
    expect(() => loadConfig({ WORKERS: '0' })).toThrow('Invalid configuration: WORKERS must be between 1 and 32 (got "0")');
    expect(() => loadConfig({ WORKERS: 'two' })).toThrow('Invalid configuration: WORKERS must be a number (got "two")');
    expect(() => loadConfig({ WORKERS: '1.5' })).toThrow('Invalid configuration: WORKERS must be a whole number (got "1.5")');
  });

  it('treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', TIME_ZONE: '', SEED_DEMO: '' });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('file:data/vip.db');
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.seedDemo).toBe(true);
  });
});

describe('PORT', () => {
  it('reads a valid port, and the default origins follow it', () => {
    const c = loadConfig({ PORT: '8080' });
    expect(c.port).toBe(8080);
    expect(c.publicOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080']);
  });

  it('accepts the bounds 1 and 65535', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  it.each(['abc', '0', '70000', '3.5', '-1', '65536'])('rejects %j with one line naming PORT', (value) => {
    const e = errorOf({ PORT: value });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.name).toBe('ConfigError');
    expect(e.message.startsWith('Invalid configuration: PORT')).toBe(true);
    expect(e.message).not.toContain('\n');
    expect(e.message).toContain(JSON.stringify(value));
  });

  it('gives the exact message for a non-number', () => {
    expect(errorOf({ PORT: 'abc' }).message).toBe('Invalid configuration: PORT must be a number (got "abc")');
  });
});

describe('DATABASE_URL', () => {
  it.each(['postgres://x', 'ftp://x', 'data/vip.db'])('rejects %j', (value) => {
    const e = errorOf({ DATABASE_URL: value });
    expect(e.message.startsWith('Invalid configuration: DATABASE_URL')).toBe(true);
    expect(e.message).not.toContain('\n');
  });

  it.each(['libsql://db.example.turso.io', 'http://127.0.0.1:8080', 'https://db.example.com', 'ws://127.0.0.1:8080', 'file:/var/lib/vip.db'])(
    'accepts %j',
    (value) => {
      expect(loadConfig({ DATABASE_URL: value }).databaseUrl).toBe(value);
    },
  );

  it('trims surrounding spaces', () => {
    expect(loadConfig({ DATABASE_URL: '  file:x.db ' }).databaseUrl).toBe('file:x.db');
  });
});

describe('PUBLIC_ORIGIN', () => {
  it('splits a comma-separated list and drops trailing slashes', () => {
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://vip.example.com, https://www.vip.example.com/' }).publicOrigins).toEqual([
      'https://vip.example.com',
      'https://www.vip.example.com',
    ]);
  });

  it('replaces the default origins', () => {
    expect(loadConfig({ PORT: '8080', PUBLIC_ORIGIN: 'https://vip.example.com' }).publicOrigins).toEqual(['https://vip.example.com']);
  });

  it('accepts an explicit non-default port', () => {
    expect(loadConfig({ PUBLIC_ORIGIN: 'http://127.0.0.1:8443' }).publicOrigins).toEqual(['http://127.0.0.1:8443']);
  });

  it.each(['https://vip.example.com/path', 'ftp://vip.example.com', 'vip.example.com', 'https://vip.example.com?x=1'])('rejects %j', (value) => {
    const e = errorOf({ PUBLIC_ORIGIN: value });
    expect(e.message.startsWith('Invalid configuration: PUBLIC_ORIGIN')).toBe(true);
    expect(e.message).not.toContain('\n');
  });
});

describe('SEED_DEMO, ALLOW_DEMO_PASSWORDS, TRUST_PROXY', () => {
  it('reads booleans', () => {
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'no' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'yes' }).seedDemo).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
  });

  it('seeds the demo by default in development and test, never by default in production', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: '' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('refuses SEED_DEMO=true in production unless ALLOW_DEMO_PASSWORDS=true says it is a public demo', () => {
    const message =
      'Invalid configuration: SEED_DEMO=true with NODE_ENV=production would create the demo accounts (an admin among them) with the password the README publishes; leave SEED_DEMO unset in production, or also set ALLOW_DEMO_PASSWORDS=true for a public demo instance';
    for (const value of ['true', '1', 'yes']) expect(errorOf({ NODE_ENV: 'production', SEED_DEMO: value }).message).toBe(message);
    expect(errorOf({ NODE_ENV: 'production', SEED_DEMO: 'true', ALLOW_DEMO_PASSWORDS: 'false' }).message).toBe(message);
    const demo = loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true', ALLOW_DEMO_PASSWORDS: 'true' });
    expect(demo.seedDemo).toBe(true);
    expect(demo.allowDemoPasswords).toBe(true);
  });

  it('reads ALLOW_DEMO_PASSWORDS (off unless set), in any environment', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).allowDemoPasswords).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_DEMO_PASSWORDS: 'true' })).toMatchObject({ allowDemoPasswords: true, seedDemo: false });
    expect(loadConfig({ ALLOW_DEMO_PASSWORDS: 'yes' }).allowDemoPasswords).toBe(true);
    expect(errorOf({ ALLOW_DEMO_PASSWORDS: 'please' }).message).toBe('Invalid configuration: ALLOW_DEMO_PASSWORDS must be true or false (got "please")');
  });

  it('rejects anything else', () => {
    expect(errorOf({ SEED_DEMO: 'maybe' }).message).toBe('Invalid configuration: SEED_DEMO must be true or false (got "maybe")');
    expect(errorOf({ TRUST_PROXY: 'TRUE' }).message.startsWith('Invalid configuration: TRUST_PROXY')).toBe(true);
  });
});

describe('TIME_ZONE', () => {
  it('accepts an IANA zone', () => {
    expect(loadConfig({ TIME_ZONE: 'Europe/London' }).timeZone).toBe('Europe/London');
  });

  it('rejects an unknown zone', () => {
    const e = errorOf({ TIME_ZONE: 'Mars/Base' });
    expect(e.message).toBe('Invalid configuration: TIME_ZONE must be an IANA time zone such as Asia/Shanghai (got "Mars/Base")');
  });
});

describe('NODE_ENV', () => {
  it('marks production', () => {
    const c = loadConfig({ NODE_ENV: 'production' });
    expect(c.env).toBe('production');
    expect(c.isProduction).toBe(true);
  });

  it('is not production in test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).isProduction).toBe(false);
  });

  it('rejects an unknown environment', () => {
    expect(errorOf({ NODE_ENV: 'staging' }).message.startsWith('Invalid configuration: NODE_ENV')).toBe(true);
  });
});

describe('SMTP_URL, SMTP_FROM', () => {
  it.each(['smtp://127.0.0.1:2525', 'smtps://user:p%40ss@mail.example.com:465', 'smtp://mail.example.com', 'smtp://mail.example.com:587/?ignoreTLS=true'])('accepts %j', (value) => {
    expect(loadConfig({ SMTP_URL: value }).smtpUrl).toBe(value);
  });

  it('is unset by default and when empty (messages then go to the log)', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ SMTP_URL: '' }).smtpUrl).toBeUndefined();
  });

  it.each(['http://mail.example.com', 'mail.example.com:25', 'smtp:/nohost', 'mailto:a@example.com', 'smtp://'])('rejects %j with one line naming SMTP_URL', (value) => {
    const e = errorOf({ SMTP_URL: value });
    expect(e.message).toBe('Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.com:465');
  });

  it('never shows an SMTP URL (it may hold a password) in an error message', () => {
    const e = errorOf({ SMTP_URL: 'https://user:hunter2@mail.example.com' });
    expect(e.message).not.toContain('hunter2');
  });

  it('reads the From address, and refuses one that is not a single line with an address', () => {
    expect(loadConfig({ SMTP_FROM: '全球通VIP <vip@example.com>' }).smtpFrom).toBe('全球通VIP <vip@example.com>');
    expect(loadConfig({ SMTP_FROM: 'vip@example.com' }).smtpFrom).toBe('vip@example.com');
    expect(errorOf({ SMTP_FROM: 'Hainan VIP' }).message.startsWith('Invalid configuration: SMTP_FROM must be an address')).toBe(true);
    expect(errorOf({ SMTP_FROM: 'vip@example.com\r\nBcc: all@example.com' }).message.startsWith('Invalid configuration: SMTP_FROM')).toBe(true);
  });
});

describe('secrets', () => {
  it('keeps the database token', () => {
    expect(loadConfig({ DATABASE_AUTH_TOKEN: 'secret-token-xyz' }).databaseAuthToken).toBe('secret-token-xyz');
  });

  it('never shows the database token in an error message', () => {
    const e = errorOf({ PORT: 'abc', DATABASE_AUTH_TOKEN: 'secret-token-xyz' });
    expect(e.message.startsWith('Invalid configuration: PORT')).toBe(true);
    expect(e.message).not.toContain('secret-token-xyz');
    expect(String(e)).not.toContain('secret-token-xyz');
    expect(e.stack ?? '').not.toContain('secret-token-xyz');
  });
});
