// Query API errors as `{ error: { code, message } }`: 400 names the field at fault (and, for a
// search query, the position), 404 says what is missing, 500 says nothing about the SQL or the engine (the log gets the detail).
import type { ApiError, ApiErrorCode } from "@tracelight/contracts";
import { SearchQueryError } from "@tracelight/search-query";
import { QueryInputError } from "@tracelight/store";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { ZodError } from "zod";
import { log } from "../log.ts";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const apiError = (code: ApiErrorCode, message: string): ApiError => ({ error: { code, message } });

/** "field: problem" for the first issue (the field path joined with dots). */
export function describeZodError(error: ZodError, where: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `invalid ${where}`;
  const field = issue.path.length > 0 ? issue.path.join(".") : where;
  return `${field}: ${issue.message}`;
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof HttpError) {
    reply.code(error.status).send(apiError(error.code, error.message));
    return;
  }
  if (error instanceof SearchQueryError) {
    const body: ApiError = {
      error: { code: "invalid_query", message: `q: ${error.message}`, position: error.position },
    };
    reply.code(400).send(body);
    return;
  }
  if (error instanceof QueryInputError) {
    reply.code(400).send(apiError("bad_request", `${error.field}: ${error.message}`));
    return;
  }
  const status = (error as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own request errors (bad URL encoding, …): their messages hold no internals.
    reply.code(status).send(apiError(status === 404 ? "not_found" : "bad_request", error.message));
    return;
  }
  log.error("query API request failed", { method: request.method, url: request.url, error });
  reply.code(500).send(apiError("internal", "internal error while running the query"));
}
