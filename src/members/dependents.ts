import { and, asc, eq, sql } from 'drizzle-orm';
import { dependents } from '../../db/schema';
import type { Actor } from '../auth/policy';
import type { AppDeps } from '../lib/context';
import { err, ok, type Result } from '../lib/result';
import { zonedParts } from '../lib/time';

type Deps = Pick<AppDeps, 'db' | 'clock'> & { config: { timeZone: string } };
export type Dependent = { id: number; name: string; birthYear: number };
export const MAX_CHILDREN = 10;

/** A child's birth year must be plausible: not in the future, and a child (under 18 this year). */
export function birthYearProblem(birthYear: number, currentYear: number): 'future' | 'adult' | null {
  if (birthYear > currentYear) return 'future';
  if (currentYear - birthYear > 17) return 'adult';
  return null;
}

export async function listDependents(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Dependent[]> {
  if (actor.role !== 'member') return [];
  return deps.db
    .select({ id: dependents.id, name: dependents.name, birthYear: dependents.birthYear })
    .from(dependents)
    .where(eq(dependents.userId, actor.id))
    .orderBy(asc(dependents.birthYear), asc(dependents.id));
}

export type DependentError = 'forbidden' | 'not_found' | 'birth_year_future' | 'birth_year_adult' | 'too_many';

function checkYear(deps: Deps, birthYear: number): DependentError | null {
  const problem = birthYearProblem(birthYear, zonedParts(deps.clock.now(), deps.config.timeZone).year);
  return problem === 'future' ? 'birth_year_future' : problem === 'adult' ? 'birth_year_adult' : null;
}

/** Adds a child to the member's own account. Only members have children on their account. */
export async function addDependent(deps: Deps, actor: Actor, input: { name: string; birthYear: number }): Promise<Result<Dependent, DependentError>> {
  if (actor.role !== 'member') return err('forbidden');
  const problem = checkYear(deps, input.birthYear);
  if (problem) return err(problem);
  // one statement: the count and the insert cannot be split by a second request adding at the same moment
  const rows = await deps.db.all<Dependent>(sql`
    INSERT INTO dependents (user_id, name, birth_year, created_at)
    SELECT ${actor.id}, ${input.name}, ${input.birthYear}, ${deps.clock.now()}
    WHERE (SELECT count(*) FROM dependents WHERE user_id = ${actor.id}) < ${MAX_CHILDREN}
    RETURNING id, name, birth_year AS birthYear`);
  return rows[0] ? ok(rows[0]) : err('too_many');
}

/** Changes one of the member's own children; another member's child id is simply not found. */
export async function updateDependent(deps: Deps, actor: Actor, id: number, input: { name: string; birthYear: number }): Promise<Result<Dependent, DependentError>> {
  if (actor.role !== 'member') return err('forbidden');
  const problem = checkYear(deps, input.birthYear);
  if (problem) return err(problem);
  const [row] = await deps.db
    .update(dependents)
    .set({ name: input.name, birthYear: input.birthYear })
    .where(and(eq(dependents.id, id), eq(dependents.userId, actor.id)))
    .returning({ id: dependents.id, name: dependents.name, birthYear: dependents.birthYear });
  return row ? ok(row) : err('not_found');
}

export async function removeDependent(deps: Deps, actor: Actor, id: number): Promise<Result<null, DependentError>> {
  if (actor.role !== 'member') return err('forbidden');
  const rows = await deps.db
    .delete(dependents)
    .where(and(eq(dependents.id, id), eq(dependents.userId, actor.id)))
    .returning({ id: dependents.id });
  return rows.length ? ok(null) : err('not_found');
}
