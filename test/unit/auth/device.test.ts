import { describe, expect, it } from 'vitest';
import { DEVICE_TTL_MS, MAX_DEVICE_TOKENS, deviceTokensOf, issueDeviceToken, trustedDeviceId, withDeviceToken } from '../../../src/auth/device';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';
const OTHER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$b3RoZXJzYWx0c2FsdA$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNo';
const PHONE = '13800000001';
const NOW = Date.UTC(2026, 10, 26, 2);

describe('device tokens', () => {
  it('are valid for their phone and account, naming the device by its nonce', () => {
    const token = issueDeviceToken(PHONE, HASH, NOW);
    expect(token).toMatch(/^13800000001\.\d+\.[a-z2-7]{26}\.[0-9a-f]{64}$/);
    expect(trustedDeviceId([token], PHONE, HASH, NOW + 1000)).toBe(token.split('.')[2]);
    // two tokens never share a device id
    expect(issueDeviceToken(PHONE, HASH, NOW).split('.')[2]).not.toBe(token.split('.')[2]);
  });

  it('are worth nothing for another phone, after a password change, forged, or past their lifetime', () => {
    const token = issueDeviceToken(PHONE, HASH, NOW);
    const [phone, at, nonce, mac] = token.split('.') as [string, string, string, string];
    expect(trustedDeviceId([token], '13800000002', HASH, NOW)).toBeNull();
    expect(trustedDeviceId([[`13800000002`, at, nonce, mac].join('.')], '13800000002', HASH, NOW)).toBeNull();
    expect(trustedDeviceId([token], PHONE, OTHER_HASH, NOW)).toBeNull();
    expect(trustedDeviceId([[phone, String(Number(at) + 1), nonce, mac].join('.')], PHONE, HASH, NOW + 10)).toBeNull();
    expect(trustedDeviceId([[phone, at, nonce, mac.replace(/^./, (c) => (c === '0' ? '1' : '0'))].join('.')], PHONE, HASH, NOW)).toBeNull();
    expect(trustedDeviceId([[phone, at, nonce, mac.slice(2)].join('.')], PHONE, HASH, NOW)).toBeNull();
    expect(trustedDeviceId([token], PHONE, HASH, NOW + DEVICE_TTL_MS)).toBeNull();
    expect(trustedDeviceId([token], PHONE, HASH, NOW - 1)).toBeNull(); // issued "in the future"
    for (const junk of ['', 'x', token + 'x', `${token}.more`, '13800000001.1.a.b']) expect(trustedDeviceId([junk], PHONE, HASH, NOW)).toBeNull();
  });

  it('share one cookie: the newest first, one per phone, at most four', () => {
    const a = issueDeviceToken('13800000001', HASH, NOW);
    const b = issueDeviceToken('13800000002', HASH, NOW);
    const a2 = issueDeviceToken('13800000001', HASH, NOW + 1);
    expect(withDeviceToken([], a)).toBe(a);
    expect(deviceTokensOf(withDeviceToken([a], b))).toEqual([b, a]);
    expect(deviceTokensOf(withDeviceToken([b, a], a2))).toEqual([a2, b]);
    expect(deviceTokensOf(withDeviceToken(['garbage', a], b))).toEqual([b, a]);
    const many = ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005'].map((p) => issueDeviceToken(p, HASH, NOW));
    const cookie = many.reduce<string>((value, t) => withDeviceToken(deviceTokensOf(value), t), '');
    expect(deviceTokensOf(cookie)).toEqual(many.slice(1).reverse());
    expect(deviceTokensOf(cookie)).toHaveLength(MAX_DEVICE_TOKENS);
    expect(trustedDeviceId(deviceTokensOf(cookie), '13900000003', HASH, NOW)).toBe(many[2]!.split('.')[2]);
    expect(deviceTokensOf(undefined)).toEqual([]);
  });
});
