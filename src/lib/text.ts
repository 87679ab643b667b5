/** Text people type, made safe to store, show and send: one normaliser for every free-text field (see src/lib/forms.ts). */

/**
 * Characters nobody can see or type on purpose, removed from every free-text field: C0 controls other than the line
 * feed (NUL, BEL, ESC…), DEL and the C1 controls, the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C), and the byte-order mark / zero-width no-break
 * space (U+FEFF). Tabs become spaces (see normalizeText). Zero-width joiners stay: emoji and some scripts need them.
 */
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A single line (names, titles, reasons, search boxes) or several (descriptions, messages, notices). */
export type TextShape = 'line' | 'lines';

/**
 * The one normaliser for text people type (and for names arriving in an import file): line breaks CRLF, CR, U+2028
 * and U+2029 become LF; tabs become a space; invisible controls (see INVISIBLE) are removed silently; the text is put
 * in Unicode NFC and trimmed. A single line keeps no line break: each break (with the spaces around it) becomes one
 * space. Removing rather than refusing: the person cannot see these characters, so "not valid" would name nothing
 * they could fix; they arrive by pasting, and the only way they matter is when they reach an inbox, an SMS or an
 * e-mail unseen (a right-to-left override reversing the rest of a message, an ESC sequence in a terminal).
 */
export function normalizeText(value: string, shape: TextShape): string {
  const lines = value.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, ' ').replace(INVISIBLE, '');
  return (shape === 'line' ? lines.replace(/ *\n[ \n]*/g, ' ') : lines).normalize('NFC').trim();
}

/** Characters, counted as code points: 😀 is one, where String.length says two (and the browser's maxlength). */
export function textLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * What was typed into a search box (a query string's `q`, or the same text carried back by a form on the results):
 * normalised like every field, and never cut. Nothing is stored or sent, so there is no limit to refuse at: a query
 * longer than the box's maxlength (only possible by editing the URL) is searched as it is, and finds nobody, which
 * is the true answer; the request's own size limits bound it.
 */
export function searchText(value: string | null | undefined): string {
  return normalizeText(value ?? '', 'line');
}

