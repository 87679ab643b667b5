import { describe, expect, it } from 'vitest';
import { translator, type Locale } from '../../../src/lib/i18n';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { createTimeFormat } from '../../../src/lib/time';
import { retryDelay, RETRY_DELAYS, MAX_ATTEMPTS } from '../../../src/notifications/outbox';
import { wordNotification } from '../../../views/notifications/message';
import { messages } from '../../../src/messages';
import { NOTIFICATION_KINDS } from '../../../src/notifications/service';
import { absoluteLink, notificationSubject, outgoingText, SMS_BODY_MAX, type OutgoingNotification } from '../../../views/notifications/outgoing';

const wording = (locale: Locale) => ({ locale, t: translator(locale), fmt: createTimeFormat(locale, 'Asia/Shanghai') });
const ORIGIN = 'https://vip.example.com';

const promoted: OutgoingNotification = { kind: 'club.promoted', params: { clubZh: '高尔夫球俱乐部', clubEn: 'Golf Club' }, title: null, body: null, link: '/clubs/7' };

describe('wordNotification', () => {
  it('words a message in either language from the same parameters', () => {
    expect(wordNotification(wording('zh'), promoted)).toBe('候补转正：您已成为「高尔夫球俱乐部」的正式会员。');
    expect(wordNotification(wording('en'), promoted)).toBe('A place opened up: you are now a member of Golf Club.');
  });

  it('turns an instant into a time in the programme’s zone', () => {
    const n = { kind: 'lounge.reminder', params: { loungeZh: '三亚凤凰国际机场 VIP 厅', loungeEn: 'Sanya Phoenix VIP Lounge', slotStart: Date.UTC(2026, 11, 31, 16, 0) } };
    expect(wordNotification(wording('en'), n)).toBe('Reminder: you are booked at Sanya Phoenix VIP Lounge, arriving Fri, 1 Jan 2027, 00:00.');
  });
});

describe('outgoingText', () => {
  it('gives an SMS the signature, the message and the absolute link on one line', () => {
    expect(outgoingText(wording('zh'), promoted, 'sms', ORIGIN)).toEqual({
      subject: '候补转正：「高尔夫球俱乐部」',
      text: '【全球通VIP】候补转正：您已成为「高尔夫球俱乐部」的正式会员。 查看：https://vip.example.com/clubs/7',
    });
    expect(outgoingText(wording('en'), { ...promoted, link: null }, 'sms', ORIGIN).text).toBe('[Hainan VIP] A place opened up: you are now a member of Golf Club. Open: https://vip.example.com/inbox');
  });

  it('shortens a long notice in an SMS, but keeps it whole in an e-mail', () => {
    const body = '第一行\n\n' + '活动'.repeat(200);
    const notice: OutgoingNotification = { kind: 'club.notice', params: { clubZh: '羽毛球俱乐部', clubEn: 'Badminton Club' }, title: '场地变更', body, link: '/clubs/3' };
    const sms = outgoingText(wording('zh'), notice, 'sms', ORIGIN).text;
    expect(sms).toContain('场地变更 第一行 活动活动');
    expect(sms).not.toContain('\n');
    const shortened = sms.split(' ')[2] + ' ' + sms.split(' ')[3];
    expect([...shortened].length).toBe(SMS_BODY_MAX);
    expect(shortened.endsWith('…')).toBe(true);
    const email = outgoingText(wording('en'), notice, 'email', ORIGIN);
    expect(email.subject).toBe('Notice from Badminton Club');
    expect(email.text).toBe(
      ['Notice from Badminton Club', '', '场地变更', body, '', 'Open: https://vip.example.com/clubs/3', '', '-- ', 'You receive this because e-mail notices are on. To change how you are notified: https://vip.example.com/account/notifications'].join('\n'),
    );
  });

  it('links only to paths on the site', () => {
    expect(absoluteLink('https://vip.example.com/', '/me')).toBe('https://vip.example.com/me');
    expect(absoluteLink(ORIGIN, '//evil.example.com/x')).toBe('https://vip.example.com/inbox');
    expect(absoluteLink(ORIGIN, 'https://evil.example.com')).toBe('https://vip.example.com/inbox');
    expect(absoluteLink(ORIGIN, null)).toBe('https://vip.example.com/inbox');
  });
});

describe('e-mail subjects', () => {
  const placeholders = (text: unknown) => new Set([...JSON.stringify(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  const wordingOf = (key: string) => (messages as Record<string, { zh: string; en: unknown } | undefined>)[key];

  it('each kind has its own, in both languages, using only what its message is given', () => {
    const seen = new Set<string>();
    for (const kind of NOTIFICATION_KINDS) {
      const subject = wordingOf(`outbox.subject.${kind}`);
      expect(subject, kind).toBeDefined();
      expect(subject!.zh.length, kind).toBeGreaterThan(0);
      expect(typeof subject!.en === 'string' && subject!.en.length > 0, kind).toBe(true);
      expect(seen.has(subject!.zh), `${kind}: a subject of its own`).toBe(false);
      seen.add(subject!.zh);
      // the subject's names and numbers are among those the inbox wording uses (and so among the stored parameters)
      const given = placeholders(wordingOf(`notify.${kind}`));
      for (const name of placeholders(subject)) expect(given.has(name), `${kind}: {${name}}`).toBe(true);
    }
  });

  it('names what the notice is about in the reader’s language', () => {
    const confirmed: OutgoingNotification = { kind: 'event.confirmed', params: { eventZh: '新年音乐会', eventEn: 'New Year Concert', count: 2 }, title: null, body: null, link: null };
    expect(notificationSubject(wording('zh'), confirmed)).toBe('报名成功：「新年音乐会」');
    expect(notificationSubject(wording('en'), confirmed)).toBe('Registered: New Year Concert');
    const lapsing: OutgoingNotification = { kind: 'lounge.lapsing', params: { year: 2026, count: 3 }, title: null, body: null, link: null };
    expect(notificationSubject(wording('en'), lapsing)).toBe('Your 2026 lounge visits lapse on 31 December');
  });
});

describe('the HTML part of an e-mail', () => {
  const notice: OutgoingNotification = {
    kind: 'club.notice',
    params: { clubZh: '<b>羽毛球</b>俱乐部', clubEn: 'Badminton & Co' },
    title: '<script>alert(1)</script>',
    body: '第一段 "引号" & <img src=x onerror=alert(1)>\n第二行\n\n第二段',
    link: '/clubs/3?a=1&b=2',
  };

  it('says what the text says, escaped, with the links to the message and to the notification settings', () => {
    const mail = outgoingText(wording('zh'), notice, 'email', ORIGIN);
    expect(mail.unsubscribeUrl).toBe('https://vip.example.com/account/notifications');
    const html = mail.html!;
    expect(html.startsWith('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"/>')).toBe(true);
    expect(html).toContain('<title>俱乐部通知：「&lt;b&gt;羽毛球&lt;/b&gt;俱乐部」</title>');
    expect(html).toContain('<p><strong>「&lt;b&gt;羽毛球&lt;/b&gt;俱乐部」通知</strong></p>');
    expect(html).toContain('<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>');
    expect(html).toContain('<p>第一段 &quot;引号&quot; &amp; &lt;img src=x onerror=alert(1)&gt;<br/>第二行</p><p>第二段</p>');
    expect(html).toContain('<a href="https://vip.example.com/clubs/3?a=1&amp;b=2">查看详情</a>');
    expect(html).toContain('<a href="https://vip.example.com/account/notifications">更改通知方式</a>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(outgoingText(wording('en'), notice, 'email', ORIGIN).html).toMatch(/^<!doctype html><html lang="en">.*Badminton &amp; Co.*Change how you are notified/s);
  });

  it('is not part of an SMS', () => {
    const sms = outgoingText(wording('zh'), notice, 'sms', ORIGIN);
    expect(sms.html).toBeUndefined();
    expect(sms.unsubscribeUrl).toBeUndefined();
  });
});

describe('retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, then 6 h, and gives up after six attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(retryDelay)).toEqual([MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR]);
    expect(RETRY_DELAYS).toHaveLength(5);
    expect(MAX_ATTEMPTS).toBe(6);
    for (let i = 1; i < RETRY_DELAYS.length; i++) expect(RETRY_DELAYS[i]! / RETRY_DELAYS[i - 1]!).toBeGreaterThanOrEqual(3);
  });
});
