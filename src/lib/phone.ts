/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const PHONE_RE = /^1[3-9]\d{9}$/;

/** Accepts "138 0000 0000", "138-0000-0000", "+86 13800000000", full-width digits. */
export function normalizePhone(input: string): string {
  const ascii = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  let digits = ascii.replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}

export function isValidPhone(phone: string): boolean {
  return PHONE_RE.test(phone);
}

/** 138****0001: enough for a person to recognise their number, not enough to copy it. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
