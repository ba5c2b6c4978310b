// The real api for benchmarks (the test kit's child process on ephemeral ports): the service is
// measured as users run it, over loopback HTTP, with credentials.
import { type ApiProcess, startApiProcess } from "@tracelight/testkit";
import { BENCH_ADMIN, benchAuthorization } from "./bench-admin.ts";

export interface BenchApi extends Omit<ApiProcess, "api"> {
  /** The query API's origin. */
  api: string;
  /** For every request to `api`: an API token (bench-admin.ts). */
  headers: { authorization: string };
}

export async function startApi(dataDir: string, extraEnv: Record<string, string> = {}): Promise<BenchApi> {
  const api = await startApiProcess({
    dataDir,
    admin: BENCH_ADMIN,
    // As npm start gives it: each running chDB query holds one of these threads.
    env: { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? "32", ...extraEnv },
    // A large data directory takes a while to open.
    readyTimeoutMs: 120_000,
  });
  return { ...api, api: api.origin, headers: await benchAuthorization(api.origin) };
}
