import { describe, it, expect } from 'vitest';
import { isLocale, isMessageKey, toLocale, translator } from '../../../src/lib/i18n';
import { messages } from '../../../src/messages/index';
import type { MessageText } from '../../../src/messages/define';

describe('translator', () => {
  it('gives the Chinese and the English text of a key', () => {
    expect(translator('zh')('nav.clubs')).toBe('俱乐部');
    expect(translator('en')('nav.clubs')).toBe('Clubs');
  });

  it('fills in parameters', () => {
    expect(translator('zh')('home.greeting', { name: '王芳' })).toBe('王芳，您好');
    expect(translator('en')('home.greeting', { name: 'Wang Fang' })).toBe('Hello, Wang Fang');
  });

  it('fills in several parameters, numbers included', () => {
    expect(translator('en')('lounges.allowance', { year: 2026, visits: 6, count: 2, reserved: 1, used: 0, remaining: 5 })).toBe(
      '2026: your tier gives 6 lounge visits a year with up to 2 companions each; 1 booked, 0 used, 5 left.',
    );
  });

  it('picks the English plural form from count', () => {
    const en = translator('en');
    expect(en('clubs.places', { count: 1 })).toBe('1 place');
    expect(en('clubs.places', { count: 3 })).toBe('3 places');
    expect(en('clubs.places', { count: 0 })).toBe('0 places');
  });

  it('uses the single Chinese form for any count', () => {
    const zh = translator('zh');
    expect(zh('clubs.places', { count: 3 })).toBe('3 个名额');
    expect(zh('clubs.places', { count: 1 })).toBe('1 个名额');
  });

  it('leaves a placeholder visible when its parameter is missing', () => {
    expect(translator('en')('home.greeting', {})).toBe('Hello, {name}');
    expect(translator('zh')('home.greeting')).toBe('{name}，您好');
    expect(translator('en')('home.greeting', { other: 'x' })).toBe('Hello, {name}');
  });

  it('does not interpret parameter values as templates', () => {
    expect(translator('en')('home.greeting', { name: '{name}$&' })).toBe('Hello, {name}$&');
  });

  it('returns an unknown key itself and reports it once', () => {
    const missing: string[] = [];
    const t = translator('en', (key) => missing.push(key));
    expect(t('no.such.key' as never)).toBe('no.such.key');
    expect(missing).toEqual(['no.such.key']);
  });

  it('does not report known keys', () => {
    const missing: string[] = [];
    const t = translator('zh', (key) => missing.push(key));
    t('nav.clubs');
    t('clubs.places', { count: 2 });
    expect(missing).toEqual([]);
  });

  it('works without an onMissing callback', () => {
    expect(translator('zh')('also.missing' as never)).toBe('also.missing');
  });
});

describe('toLocale / isLocale / isMessageKey', () => {
  it('narrows language tags to zh or en, defaulting to zh', () => {
    expect(toLocale('en-US')).toBe('en');
    expect(toLocale('en')).toBe('en');
    expect(toLocale('EN')).toBe('en');
    expect(toLocale('en_GB')).toBe('en');
    expect(toLocale('zh-Hant-TW')).toBe('zh');
    expect(toLocale('zh-CN')).toBe('zh');
    expect(toLocale('fr')).toBe('zh');
    expect(toLocale('')).toBe('zh');
    expect(toLocale(null)).toBe('zh');
    expect(toLocale(undefined)).toBe('zh');
  });

  it('isLocale accepts only the two locales', () => {
    expect(isLocale('zh')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });

  it('isMessageKey knows dictionary keys and nothing inherited', () => {
    expect(isMessageKey('nav.clubs')).toBe(true);
    expect(isMessageKey('no.such.key')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
    expect(isMessageKey('__proto__')).toBe(false);
  });
});

describe('dictionary completeness', () => {
  const entries = Object.entries(messages as Record<string, MessageText>);
  const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
  // Keys whose Chinese text legitimately has no CJK ideograph: the enumeration comma 、 is punctuation only.
  const NO_CJK_ALLOWED: string[] = ['list.separator'];
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has a reasonable number of messages', () => {
    expect(entries.length).toBeGreaterThan(100);
  });

  it('has non-empty Chinese and English text for every key', () => {
    const bad: string[] = [];
    for (const [key, text] of entries) {
      if (typeof text.zh !== 'string' || text.zh.trim() === '') bad.push(`${key}: zh`);
      if (typeof text.en === 'string') {
        if (text.en.trim() === '') bad.push(`${key}: en`);
      } else if (typeof text.en.one !== 'string' || text.en.one.trim() === '' || typeof text.en.other !== 'string' || text.en.other.trim() === '') {
        bad.push(`${key}: en plural`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has at least one CJK character in every Chinese text', () => {
    const bad = entries.filter(([key, text]) => !NO_CJK_ALLOWED.includes(key) && !CJK.test(text.zh)).map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it('uses the same placeholders in Chinese and English (both plural forms)', () => {
    const bad: string[] = [];
    for (const [key, text] of entries) {
      const zh = placeholders(text.zh);
      const ens = typeof text.en === 'string' ? [text.en] : [text.en.one, text.en.other];
      for (const en of ens) if (JSON.stringify(placeholders(en)) !== JSON.stringify(zh)) bad.push(key);
    }
    expect(bad).toEqual([]);
  });

  it('drives every English plural by {count}, the parameter the translator chooses the form by', () => {
    const bad = entries.filter(([, text]) => typeof text.en !== 'string' && !placeholders(text.zh).includes('count')).map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it('says "1 second" but "2 seconds" when sign-in is throttled', () => {
    const en = translator('en');
    expect(en('login.throttled', { count: 1 })).toBe('Too many attempts. To protect your account, please try again in 1 second.');
    expect(en('login.throttled', { count: 2 })).toBe('Too many attempts. To protect your account, please try again in 2 seconds.');
  });
});
