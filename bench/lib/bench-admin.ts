// The benches call the query API as its users do, with credentials: the api they start makes
// this admin from its environment, and a bench signs in as it once, before measuring — for an
// API token (@tracelight/testkit), or in the browser (bench:ui).
// A fixed password: the data directories under ./data/bench* outlive a run, and the api only
// makes the admin when it is missing.
import { apiToken } from "@tracelight/testkit";

export const BENCH_ADMIN = { email: "bench@tracelight.local", password: "bench-admin-password" };

/** For the api's environment. */
export const BENCH_ADMIN_ENV = {
  TRACELIGHT_ADMIN_EMAIL: BENCH_ADMIN.email,
  TRACELIGHT_ADMIN_PASSWORD: BENCH_ADMIN.password,
};

/** `Authorization: Bearer` with a new editor token (reads, rules, channels) for the requests to `apiUrl`. */
export async function benchAuthorization(apiUrl: string): Promise<{ authorization: string }> {
  const token = await apiToken(apiUrl, BENCH_ADMIN, { name: "bench", role: "editor" });
  return { authorization: `Bearer ${token}` };
}
