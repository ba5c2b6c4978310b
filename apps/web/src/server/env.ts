// The web server's environment, read once and validated.
import { z } from "zod";

const Env = z.object({
  TRACELIGHT_API_URL: z.string().url().optional(),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
});

const parsed = Env.parse(process.env);

/** Where the query API listens; the web server proxies /api/v1 there. */
export const apiBaseUrl = (parsed.TRACELIGHT_API_URL ?? `http://127.0.0.1:${parsed.API_PORT}`).replace(/\/+$/, "");
