import QRCode from 'qrcode';

/** A QR code as an SVG path (one rectangle per run of dark modules), with the 4-module quiet zone. */
export interface QrMatrix {
  size: number;
  path: string;
}

const QUIET = 4;

export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const parts: string[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!data[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && data[y * n + x]) x++;
      const run = x - start;
      parts.push(`M${start + QUIET} ${y + QUIET}h${run}v1h-${run}z`);
    }
  }
  return { size: n + 2 * QUIET, path: parts.join('') };
}
