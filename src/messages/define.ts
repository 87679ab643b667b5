/** A message in both languages. English may vary with a `count` parameter (one / other). */
export type PluralText = { one: string; other: string };
export type MessageText = { zh: string; en: string | PluralText };

/**
 * Declares a group of messages. Each key carries both languages side by side, so a string
 * cannot exist in one language only: the type checker refuses a message without `en` or `zh`.
 */
export function defineMessages<const T extends Record<string, MessageText>>(messages: T): T {
  return messages;
}
