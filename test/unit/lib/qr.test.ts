import { describe, it, expect } from 'vitest';
import QRCode from 'qrcode';
import { qrMatrix } from '../../../src/lib/qr';

const TEXT = 'HNVIP:CARD:K7M2Q9RT';
const COMMANDS = /^(M\d+ \d+h\d+v1h-\d+z)+$/;

describe('qrMatrix', () => {
  it('adds a 4-module quiet zone on each side', () => {
    const modules = QRCode.create(TEXT, { errorCorrectionLevel: 'M' }).modules.size;
    const { size } = qrMatrix(TEXT);
    expect(size).toBe(modules + 8);
    expect(size).toBe(29); // version 2 (25 modules) for this text at level M
  });

  it('draws a non-empty path of integer M/h/v/z commands only', () => {
    const { path } = qrMatrix(TEXT);
    expect(path.length).toBeGreaterThan(0);
    expect(path).toMatch(COMMANDS);
  });

  it('keeps every rectangle inside the symbol, off the quiet zone', () => {
    const { size, path } = qrMatrix(TEXT);
    for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      const [x, y, run] = [Number(m[1]), Number(m[2]), Number(m[3])];
      expect(x).toBeGreaterThanOrEqual(4);
      expect(y).toBeGreaterThanOrEqual(4);
      expect(run).toBeGreaterThanOrEqual(1);
      expect(x + run).toBeLessThanOrEqual(size - 4);
      expect(y).toBeLessThan(size - 4);
    }
  });

  it('starts with the top-left finder pattern: a run of 7 dark modules at the quiet-zone corner', () => {
    expect(qrMatrix(TEXT).path.startsWith('M4 4h7v1h-7z')).toBe(true);
  });

  it('is deterministic for the same text', () => {
    expect(qrMatrix(TEXT)).toEqual(qrMatrix(TEXT));
  });

  it('differs for different text', () => {
    expect(qrMatrix('HNVIP:CARD:K7M2Q9RX').path).not.toBe(qrMatrix(TEXT).path);
  });
});
