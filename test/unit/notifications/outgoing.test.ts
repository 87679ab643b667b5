import { describe, expect, it } from 'vitest';
import { translator, type Locale } from '../../../src/lib/i18n';
import { HOUR, MINUTE } from '../../../src/lib/clock';
import { createTimeFormat } from '../../../src/lib/time';
import { retryDelay, RETRY_DELAYS, MAX_ATTEMPTS } from '../../../src/notifications/outbox';
import { wordNotification } from '../../../views/notifications/message';
import { absoluteLink, outgoingText, SMS_BODY_MAX, type OutgoingNotification } from '../../../views/notifications/outgoing';

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
      subject: '全球通VIP通知',
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
    expect(email.subject).toBe('Hainan VIP notice');
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

describe('retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, then 6 h, and gives up after six attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(retryDelay)).toEqual([MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR]);
    expect(RETRY_DELAYS).toHaveLength(5);
    expect(MAX_ATTEMPTS).toBe(6);
    for (let i = 1; i < RETRY_DELAYS.length; i++) expect(RETRY_DELAYS[i]! / RETRY_DELAYS[i - 1]!).toBeGreaterThanOrEqual(3);
  });
});
