import { randomInt } from 'node:crypto';

/**
 * Public reference codes (membership cards, tickets, booking passes): random, unguessable, short and
 * easy to type at a desk. The alphabet leaves out 0/O, 1/I/L and U so codes read back unambiguously.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomCode(length = 8): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** "K7M2-Q9RT" for display; codes are stored without the dash. */
export function formatCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** Accepts what a person types: any case, with spaces or dashes. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** What was scanned or typed at a desk or door: the QR text of a card, pass or ticket, or a typed code/name/phone. */
export type ScannedText = { kind: 'card' | 'pass' | 'ticket' | 'text'; text: string };

/** One reader for every desk and door: "HNVIP:CARD:…", "HNVIP:PASS:…", "HNVIP:TICKET:…", or plain text. */
export function parseScan(input: string): ScannedText {
  const q = input.trim();
  const m = /^HNVIP:(CARD|PASS|TICKET):(.*)$/i.exec(q);
  if (!m) return { kind: 'text', text: q };
  return { kind: m[1]!.toLowerCase() as 'card' | 'pass' | 'ticket', text: m[2]!.trim() };
}
