import { formatCode } from '../../src/lib/codes';

/**
 * A membership card number as every page prints it: "K7M2-Q9RT" (formatCode), in a <code> so it reads as one code.
 * The card, the account page, the admin's member page and the lounge desk all use this, so staff and member
 * compare the same string; a typed number is accepted with or without the dash or spaces (normalizeCode).
 */
export function CardNumber({ code }: { code: string }) {
  return <code class="card-number">{formatCode(code)}</code>;
}
