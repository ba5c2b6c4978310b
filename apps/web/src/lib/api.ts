// The browser's client for the query API. Requests go to this app's own /api/v1 route, which
// proxies to the api service; responses are typed with the shared contracts. A 401 means the
// session ended (expired, revoked, signed out elsewhere): the browser goes to the sign-in page.
import type { ApiError, QueryErrorPosition } from "@tracelight/contracts";
import { loginHref } from "./return-to.ts";

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Where in `q` a search query went wrong (code invalid_query). */
    readonly position?: QueryErrorPosition,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** `path` relative to /api/v1, e.g. "/traces"; empty values are left out of the query string. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.set(key, String(value));
  }
  const query = search.toString();
  return `/api/v1${path}${query === "" ? "" : `?${query}`}`;
}

export async function apiGet<T>(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<T> {
  return apiRequest<T>(apiUrl(path, params), { signal, headers: { accept: "application/json" } });
}

/** POST/PUT/DELETE with a JSON body; errors as for apiGet (the API's message, naming the field). */
export async function apiSend<T>(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return apiRequest<T>(apiUrl(path), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Where a 401 means "wrong password", not "signed out". */
const CREDENTIAL_CHECKS = ["/api/v1/auth/login", "/api/v1/auth/setup", "/api/v1/auth/password"];

/** The page navigation, replaceable in tests (jsdom cannot navigate). */
export const browser = { assign: (href: string) => window.location.assign(href) };
let sentToLogin = false;

/** Once per page, however many requests fail together; not from the sign-in pages themselves. */
function sendToLogin(url: string): void {
  if (sentToLogin || typeof window === "undefined") return;
  if (CREDENTIAL_CHECKS.some((path) => url.startsWith(path))) return;
  const { pathname, search } = window.location;
  if (pathname === "/login" || pathname === "/setup") return;
  sentToLogin = true;
  browser.assign(loginHref(pathname + search));
}

async function apiRequest<T>(url: string, init: RequestInit): Promise<T> {
  const signal = init.signal ?? undefined;
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(0, "network", "Tracelight's web server did not answer. Is it running?");
  }
  if (response.status === 401) sendToLogin(url);
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new ApiRequestError(response.status, "bad_response", `unreadable answer (HTTP ${response.status})`);
  }
  if (!response.ok) {
    const error = (body as Partial<ApiError> | undefined)?.error;
    throw new ApiRequestError(
      response.status,
      error?.code ?? "http_error",
      error?.message ?? `HTTP ${response.status}`,
      error?.position,
    );
  }
  return body as T;
}
