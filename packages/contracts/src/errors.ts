// The query API's error body: every non-2xx answer is `{ error: { code, message } }`.

export type ApiErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_many_requests"
  | "not_implemented"
  | "unavailable"
  | "internal";

export interface ApiError {
  error: { code: ApiErrorCode; message: string };
}
