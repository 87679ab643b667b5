import { HTTPException } from 'hono/http-exception';

/** A positive integer id from a path segment, or null (answered as 404). */
export function parseId(value: string | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** The id in a path parameter (`:id` unless named); anything that is not a positive integer answers 404. */
export function pathId(c: { req: { param(name: string): string | undefined } }, name = 'id'): number {
  const id = parseId(c.req.param(name));
  if (id === null) throw new HTTPException(404);
  return id;
}

/** Several ids from path parameters, in the order named (each as pathId). */
export function pathIds<const N extends readonly string[]>(c: { req: { param(name: string): string | undefined } }, ...names: N): { [K in keyof N]: number } {
  return names.map((n) => pathId(c, n)) as { [K in keyof N]: number };
}
