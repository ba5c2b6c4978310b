// Many requests of one shape answered by one query (the alert evaluator's evidence for a whole
// cycle): each row is repeated once for every request whose conditions it meets, tagged with
// that request's position (`pick`), so `ORDER BY pick, …` with `LIMIT n BY pick` gives each
// request the rows its own query (the same conditions, order and limit) would return.
import { type BoundQuery, join, raw, sql } from "../sql.ts";
import { where } from "./attributes.ts";
import { num } from "./numbers.ts";

/** Requests per query: each adds its conditions to the query's text. */
const BATCH = 100;

/** `arrayJoin([…]) AS pick`: the row once per request it matches (a row matching none is dropped). */
export function pickColumn(conditions: readonly (readonly BoundQuery[])[]): BoundQuery {
  const items = conditions.map((c, i) => sql`if(${where(c)}, ${raw(String(i))}, -1)`);
  return sql`arrayJoin(arrayFilter(x -> x >= 0, [${join(items, ", ")}])) AS pick`;
}

/** Rows some request matches: lets the primary key narrow the read as each request's own query does. */
export function anyPick(conditions: readonly (readonly BoundQuery[])[]): BoundQuery {
  return sql`(${join(
    conditions.map((c) => sql`(${where(c)})`),
    " OR ",
  )})`;
}

/** Each of `count` requests' rows, in the order read. */
export function byPick<R extends { pick: unknown }, T>(rows: readonly R[], count: number, map: (row: R) => T): T[][] {
  const out = Array.from({ length: count }, (): T[] => []);
  for (const r of rows) out[num(r.pick)]?.push(map(r));
  return out;
}

/** Answers each request by reading the distinct ones (by their JSON), at most BATCH per query. */
export async function inBatches<Q, A>(
  requests: readonly Q[],
  readBatch: (batch: Q[]) => Promise<readonly A[]>,
): Promise<A[]> {
  const keys = requests.map((r) => JSON.stringify(r));
  const distinct = [...new Map(keys.map((k, i) => [k, requests[i] as Q]))];
  const answers = new Map<string, A>();
  for (let i = 0; i < distinct.length; i += BATCH) {
    const batch = distinct.slice(i, i + BATCH);
    const read = await readBatch(batch.map(([, request]) => request));
    batch.forEach(([key], j) => {
      answers.set(key, read[j] as A);
    });
  }
  return keys.map((k) => answers.get(k) as A);
}
