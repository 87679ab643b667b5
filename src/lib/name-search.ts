import { sql, type SQL } from 'drizzle-orm';
import { userNameChars, users } from '../../db/schema';

/** `text` as a literal inside a LIKE pattern written with ESCAPE '\'. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * "The person's name contains `text`" (ASCII letters in either case, as LIKE compares them), answered without
 * reading every name: the people whose name has the text's first character come from the user_name_chars index
 * (kept by triggers, migration 0009), and only their names are compared. `text` must not be empty.
 */
export function nameContains(text: string): SQL {
  const first = [...text][0] ?? '';
  const ch = /^[A-Z]$/.test(first) ? first.toLowerCase() : first;
  return sql`(${users.id} IN (SELECT ${userNameChars.userId} FROM ${userNameChars} WHERE ${userNameChars.ch} = ${ch}) AND ${users.name} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\')`;
}
