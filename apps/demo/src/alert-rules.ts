// Alert rules that fit the demo's incident, created through the query API when the demo starts
// (once: rules are matched by name, so a rule the user edited is left alone). They make the
// alert → metric → exemplar → trace → logs story visible without setting anything up.
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

/** Creates the demo rules the api does not have yet; returns what it did, for the log. */
export async function seedAlertRules(apiUrl: string): Promise<string> {
  const list = await fetch(`${apiUrl}/api/v1/alert-rules`);
  if (!list.ok) throw new Error(`GET /api/v1/alert-rules: HTTP ${list.status}`);
  const existing = new Set(((await list.json()) as { rules: { name: string }[] }).rules.map((r) => r.name));
  const created: string[] = [];
  for (const rule of DEMO_RULES) {
    if (existing.has(rule.name)) continue;
    const response = await fetch(`${apiUrl}/api/v1/alert-rules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
    if (response.status !== 201)
      throw new Error(`POST /api/v1/alert-rules: HTTP ${response.status} ${await response.text()}`);
    created.push(rule.name);
  }
  return created.length === 0 ? "alert rules already there" : `created alert rules: ${created.join(", ")}`;
}
