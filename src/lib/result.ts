/** What services return: a value, or a named reason the route turns into a status and a message. */
export type Ok<T> = { ok: true; value: T };
export type Err<E extends string> = { ok: false; error: E };
export type Result<T, E extends string> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E extends string>(error: E): Err<E> => ({ ok: false, error });
