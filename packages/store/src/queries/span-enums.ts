// Span kind and status as the Collector's ClickHouse exporter stores them: since mid-2024 the
// short names (`Server`, `Error`), before that the protobuf enum names (`SPAN_KIND_SERVER`,
// `STATUS_CODE_ERROR`). Reads accept both and answer with the short names, so error counts,
// status filters, the trace view and alert evidence treat old rows like new ones.
import { type BoundQuery, sql } from "../sql.ts";

const STATUS: Record<string, string> = {
  Unset: "STATUS_CODE_UNSET",
  Ok: "STATUS_CODE_OK",
  Error: "STATUS_CODE_ERROR",
};

const KIND: Record<string, string> = {
  Unspecified: "SPAN_KIND_UNSPECIFIED",
  Internal: "SPAN_KIND_INTERNAL",
  Server: "SPAN_KIND_SERVER",
  Client: "SPAN_KIND_CLIENT",
  Producer: "SPAN_KIND_PRODUCER",
  Consumer: "SPAN_KIND_CONSUMER",
};

const quoted = (values: string[]) => values.map((v) => `'${v}'`).join(", ");
/** `column` with its legacy names mapped to the short ones (code constants only, no input). */
const normalized = (column: string, names: Record<string, string>) =>
  `transform(toString(${column}), [${quoted(Object.values(names))}], [${quoted(Object.keys(names))}], toString(${column}))`;

/** StatusCode as `Unset`, `Ok` or `Error`, whichever name a row has. */
export const STATUS_CODE = normalized("StatusCode", STATUS);
/** SpanKind as `Server`, `Client`, …, whichever name a row has. */
export const SPAN_KIND = normalized("SpanKind", KIND);
/** The span is an error (either name). */
export const IS_ERROR = `StatusCode IN ('Error', '${STATUS.Error}')`;

/** StatusCode is `status` (a short name) under either name. */
export function statusIs(status: string): BoundQuery {
  const legacy = STATUS[status];
  return sql`StatusCode IN ${legacy === undefined ? [status] : [status, legacy]}`;
}

/** The short name of a status or kind as typed (any case, short or legacy name), or undefined. */
function shortName(names: Record<string, string>, typed: string): string | undefined {
  const t = typed.toLowerCase();
  return Object.keys(names).find((k) => k.toLowerCase() === t || (names[k] as string).toLowerCase() === t);
}

export const STATUS_NAMES = Object.keys(STATUS);
export const KIND_NAMES = Object.keys(KIND);

/** StatusCode is the typed status under either name; null for an unknown status. */
export function statusNamed(typed: string): BoundQuery | null {
  const status = shortName(STATUS, typed);
  return status === undefined ? null : statusIs(status);
}

/** SpanKind is the typed kind under either name; null for an unknown kind. */
export function kindNamed(typed: string): BoundQuery | null {
  const kind = shortName(KIND, typed);
  return kind === undefined ? null : sql`SpanKind IN ${[kind, KIND[kind] as string]}`;
}
