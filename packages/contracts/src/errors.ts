// The query API's error body: every non-2xx answer is `{ error: { code, message } }`; a search
// query the language cannot read adds where (invalid_query).

export type ApiErrorCode =
  | "bad_request"
  | "invalid_query"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_many_requests"
  | "not_implemented"
  | "unavailable"
  | "internal";

/** Where in `q` a search query went wrong: 0-based offset, 1-based column. */
export interface QueryErrorPosition {
  offset: number;
  column: number;
}

export interface ApiError {
  error: { code: ApiErrorCode; message: string; position?: QueryErrorPosition };
}
