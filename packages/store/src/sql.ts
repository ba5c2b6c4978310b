// A tagged template that turns every interpolated value into a ClickHouse query parameter
// (`{p0:Type}`), so values never become SQL text. Raw SQL needs an explicit `raw()` call.

export interface BoundQuery {
  readonly text: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A value with an explicit ClickHouse type, for when inference would pick the wrong one. */
export class TypedParam {
  constructor(
    readonly value: unknown,
    readonly type: string,
  ) {}
}

/** A trusted SQL fragment (identifiers, keywords chosen by code — never user input). */
export class RawSql {
  constructor(readonly text: string) {}
}

export const typed = (value: unknown, type: string): TypedParam => new TypedParam(value, type);
export const raw = (text: string): RawSql => new RawSql(text);

type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | readonly string[]
  | readonly number[]
  | TypedParam
  | RawSql
  | BoundQuery;

function inferType(value: unknown): string {
  if (typeof value === "string") return "String";
  if (typeof value === "bigint") return "Int64";
  if (typeof value === "boolean") return "Bool";
  if (typeof value === "number") return Number.isInteger(value) ? "Int64" : "Float64";
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string")) return "Array(String)";
    if (value.every((v) => typeof v === "number")) return "Array(Float64)";
  }
  throw new TypeError(`sql: cannot infer a ClickHouse type for ${typeof value}; wrap it in typed()`);
}

function isBoundQuery(value: unknown): value is BoundQuery {
  return typeof value === "object" && value !== null && "text" in value && "params" in value;
}

/**
 * Builds a query whose values are all bound parameters. Nested `sql` fragments are inlined
 * with their parameters renamed, so fragments compose without name clashes.
 */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): BoundQuery {
  const params: Record<string, unknown> = {};
  let counter = 0;
  const bind = (value: unknown, type: string): string => {
    const name = `p${counter++}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };
  const inline = (fragment: BoundQuery): string =>
    fragment.text.replace(/\{(\w+):([^}]+)\}/g, (_m, name: string, type: string) => bind(fragment.params[name], type));

  let text = strings[0] ?? "";
  values.forEach((value, i) => {
    if (value instanceof RawSql) text += value.text;
    else if (value instanceof TypedParam) text += bind(value.value, value.type);
    else if (isBoundQuery(value)) text += inline(value);
    else text += bind(value, inferType(value));
    text += strings[i + 1] ?? "";
  });
  return { text, params };
}

/** Joins fragments with a separator (e.g. " AND "), keeping their parameters. */
export function join(fragments: readonly BoundQuery[], separator: string): BoundQuery {
  if (fragments.length === 0) return { text: "", params: {} };
  const strings = [""];
  for (let i = 1; i < fragments.length; i++) strings.push(separator);
  strings.push("");
  return sql(Object.assign(strings, { raw: strings }) as TemplateStringsArray, ...fragments);
}
