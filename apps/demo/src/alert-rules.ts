// Alert rules that fit the demo's incident, created through the query API when the demo starts
// (once: rules are matched by name, so a rule the user edited is left alone). They make the
// alert → metric → exemplar → trace → logs story visible without setting anything up.
import { type AdminCredentials, expectStatus, makeApiToken, retryWhileStarting } from "./api-token.ts";

export const DEMO_RULES = [
  {
    name: "checkout p99 latency (demo)",
    query: {
      metric: "http.server.request.duration",
      aggregation: "p99",
      filters: { "service.name": "checkout" },
      groupBy: [],
      window: "1m",
    },
    // Measured: p99 ~0.2 s normally, 2.2–2.4 s during the incident. In seconds, the unit of
    // http.server.request.duration in the semantic conventions.
    condition: { op: ">", threshold: 1, unit: "s", for: "30s" },
    severity: "critical",
    summary: "checkout p99 is {{value}} s (over {{threshold}} s)",
  },
  {
    name: "payments errors (demo)",
    kind: "logs",
    query: { service: "payments", severity: "ERROR", window: "1m" },
    condition: { op: ">", threshold: 10 },
    severity: "warning",
    summary: "{{value}} ERROR logs from payments in 1 min",
  },
] as const;

/**
 * Creates the demo rules the api does not have yet, with an API token of the editor role or
 * higher (src/api-token.ts); returns what it did, for the log.
 */
export async function seedAlertRules(apiUrl: string, token: string): Promise<string> {
  const authorization = `Bearer ${token}`;
  const list = await expectStatus(
    await fetch(`${apiUrl}/api/v1/alert-rules`, { headers: { authorization } }),
    200,
    "GET /api/v1/alert-rules",
  );
  const existing = new Set(((await list.json()) as { rules: { name: string }[] }).rules.map((r) => r.name));
  const created: string[] = [];
  for (const rule of DEMO_RULES) {
    if (existing.has(rule.name)) continue;
    await expectStatus(
      await fetch(`${apiUrl}/api/v1/alert-rules`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify(rule),
      }),
      201,
      "POST /api/v1/alert-rules",
    );
    created.push(rule.name);
  }
  return created.length === 0 ? "alert rules already there" : `created alert rules: ${created.join(", ")}`;
}

/** How long the demo keeps trying while the api starts (`npm run demo` may come up first). */
const API_WAIT_MS = 5 * 60_000;
const TOKEN_LIFETIME_MS = 60 * 60_000;

/**
 * Seeds the rules with the token given, or with one made as the admin at start: an editor
 * token named "demo" that expires within the hour, since it is needed only now.
 */
export async function createDemoAlertRules(
  apiUrl: string,
  access: { token: string } | { admin: AdminCredentials },
  log: (line: string) => void,
  waitMs = API_WAIT_MS,
): Promise<string> {
  const admin = "admin" in access ? access.admin : undefined;
  let token = "token" in access ? access.token : undefined;
  return retryWhileStarting(
    async () => {
      if (token === undefined && admin !== undefined) {
        const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
        token = await makeApiToken(apiUrl, admin, { name: "demo", role: "editor", expiresAt });
        log(`demo: signed in as ${admin.email} and made the API token "demo" (editor, for 1 h) for the alert rules`);
      }
      return seedAlertRules(apiUrl, token ?? "");
    },
    {
      deadlineMs: waitMs,
      onRetry: (error, delayMs) => {
        const reason = (error.cause as { code?: string } | undefined)?.code ?? error.message;
        log(
          `demo: the api at ${apiUrl} is not ready for the alert rules (${reason}); trying again in ${Math.round(delayMs / 1000)} s`,
        );
      },
    },
  );
}
