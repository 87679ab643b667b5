/**
 * A Drizzle query built once per database handle, then run with placeholders (`sql.placeholder`).
 *
 * Building a query (the SQL text and its parameter list from the column objects) costs more than SQLite takes to run
 * a small one: about 0.2 ms for the session lookup with its two joined tables, against 0.05 ms to run it. The few
 * statements that every request runs are therefore built once for each handle (`deps.db`, or a transaction) and
 * kept here; everything else is built where it is used, as usual.
 */
export function preparedFor<Handle extends object, Query>(build: (db: Handle) => Query): (db: Handle) => Query {
  const built = new WeakMap<Handle, Query>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
