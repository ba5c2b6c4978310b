import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { Alert, AlertDetailResponse, AlertRule, Delivery } from "@tracelight/contracts";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AlertDetail } from "./alert-detail-view.tsx";
import { AlertsListView } from "./alerts-list-view.tsx";
import { ChannelsView } from "./channels-view.tsx";
import { SilencesView } from "./silences-view.tsx";
import { renderWithClient, stubApi } from "./test-harness.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
const router = vi.hoisted(() => ({ push: vi.fn(), replace: vi.fn(), refresh: vi.fn() }));
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => window.location.pathname,
  useSearchParams: () => new URLSearchParams(window.location.search),
}));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  router.replace.mockReset();
});

const json = (body: unknown, status = 200) => ({ status, body });

function alert(id: string, patch: Partial<Alert> = {}): Alert {
  return {
    id,
    ruleId: "r1",
    ruleName: "checkout slow",
    severity: "critical",
    state: "firing",
    silenced: false,
    startedAt: 1_000,
    firedAt: 2_000,
    resolvedAt: null,
    lastEvalAt: 3_000,
    labels: { alertname: "checkout slow", severity: "critical", "http.route": "/pay" },
    value: 912.5,
    unit: "ms",
    summary: "p99 of /pay is 912 ms",
    evidence: null,
    links: { alert: `/alerts/${id}`, metric: "/metrics?metric=http.server.duration&hlFrom=1&hlTo=2" },
    ...patch,
  };
}

const rule: AlertRule = {
  id: "r1",
  name: "checkout slow",
  kind: "metric",
  query: { metric: "http.server.duration", aggregation: "p99", filters: [], groupBy: ["http.route"], window: "1m" },
  condition: { op: ">", threshold: 800, for: "5m", noData: "ok" },
  labels: {},
  severity: "critical",
  summary: "",
  channelIds: [],
  enabled: true,
  createdAt: "",
  updatedAt: "",
  counts: { ok: 0, pending: 0, firing: 1, resolved: 0 },
  health: { lastEvalAt: 5_000, error: null },
};

describe("AlertsListView", () => {
  const quiet = { ...rule, id: "r2", name: "queue deep", counts: { ok: 1, pending: 0, firing: 0, resolved: 0 } };
  const route = (alerts: Alert[], rules: AlertRule[]) =>
    stubApi((req) =>
      req.path === "/alerts" ? json({ alerts }) : req.path === "/alert-rules" ? json({ rules }) : undefined,
    );

  it("says loudly when the evaluator lags or rules fail, and quietly when it keeps up", async () => {
    window.history.replaceState(null, "", "/alerts");
    const evaluator = {
      leader: false,
      holder: "api-1:42:abcd",
      lastCycleAt: Date.now() - 200_000,
      lastCycleMs: 80,
      lagS: 170,
      lastError: null,
      failingRules: 1,
    };
    let lagging = true;
    stubApi((req) =>
      req.path === "/status"
        ? json({
            evaluator: lagging ? evaluator : { ...evaluator, lagS: 0, failingRules: 0 },
            notifications: { backlog: 0, oldestPendingAgeS: null },
          })
        : req.path === "/alerts"
          ? json({ alerts: [] })
          : req.path === "/alert-rules"
            ? json({ rules: [rule] })
            : undefined,
    );
    const view = renderWithClient(<AlertsListView />);
    const problems = await screen.findByTestId("evaluator-problems");
    expect(problems.textContent).toMatch(/Alert evaluation is 2\.8 min behind/);
    expect(problems.textContent).toMatch(/1 rule cannot be evaluated/);
    lagging = false;
    view.unmount();
    renderWithClient(<AlertsListView />);
    expect((await screen.findByTestId("evaluator-ok")).textContent).toMatch(/^Rules evaluated .* in 80(\.0)? ms\.$/);
  });

  it("lists alerts and quiet rules, most urgent first, each linking to its page", async () => {
    window.history.replaceState(null, "", "/alerts");
    route(
      [alert("a1", { state: "pending", severity: "warning" }), alert("a2"), alert("a3", { silenced: true })],
      [rule, quiet],
    );
    renderWithClient(<AlertsListView />);
    await screen.findByTestId("alerts-table");
    const rows = screen.getAllByTestId("alert-row");
    expect(rows.map((r) => r.dataset.state)).toEqual(["firing", "pending", "silenced", "ok"]);
    expect(
      within(rows[0] as HTMLElement)
        .getByTestId("alert-row-link")
        .getAttribute("href"),
    ).toBe("/alerts/a2");
    expect(
      within(rows[3] as HTMLElement)
        .getByTestId("alert-row-link")
        .getAttribute("href"),
    ).toBe("/alerts/rules/r2");
    const firing = screen.getAllByTestId("alerts-state-option").find((b) => b.dataset.state === "firing");
    expect(firing?.textContent).toBe("firing (1)");
    fireEvent.click(firing as HTMLElement);
    expect(router.replace).toHaveBeenCalledWith("/alerts?state=firing", { scroll: false });
  });

  it("shows each value and its rule's threshold in human units", async () => {
    window.history.replaceState(null, "", "/alerts");
    const ratioRule: AlertRule = {
      ...quiet,
      condition: { op: ">", threshold: 90, unit: "%", for: "0s", noData: "ok" },
    };
    route([alert("a2", { value: 2335 })], [rule, ratioRule]);
    renderWithClient(<AlertsListView />);
    await screen.findByTestId("alerts-table");
    const [firing, ok] = screen.getAllByTestId("alert-row") as HTMLElement[];
    expect(within(firing as HTMLElement).getByTestId("alert-row-value").textContent).toBe("2.34 s");
    expect(within(firing as HTMLElement).getByTestId("alert-row-condition").textContent).toBe("> 800 ms");
    expect(within(ok as HTMLElement).getByTestId("alert-row-condition").textContent).toBe("> 90.0 %");
  });

  it("reads the state filter and the text from the URL", async () => {
    window.history.replaceState(null, "", "/alerts?state=ok&q=queue");
    route([alert("a2")], [rule, quiet]);
    renderWithClient(<AlertsListView />);
    await screen.findByTestId("alerts-table");
    expect(screen.getAllByTestId("alert-row").map((r) => r.dataset.rule)).toEqual(["queue deep"]);
  });

  it("invites to create a rule when there is none, and shows the API's error", async () => {
    window.history.replaceState(null, "", "/alerts");
    route([], []);
    renderWithClient(<AlertsListView />);
    expect((await screen.findByTestId("state-empty")).textContent).toContain("No alert rules yet");
    cleanup();
    stubApi(() => json({ error: { code: "internal", message: "database is locked" } }, 500));
    renderWithClient(<AlertsListView />);
    expect((await screen.findByTestId("state-error")).textContent).toContain("database is locked");
  });
});

describe("AlertDetail", () => {
  const evidence = {
    capturedAt: 2_000,
    window: { from: 1_000, to: 2_000 },
    traces: [
      {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        timestamp: 1_500,
        value: 950,
        serviceName: "checkout",
        spanName: "POST /pay",
        durationMs: 950,
        isError: true,
      },
    ],
    logs: [
      {
        timestamp: 1_600,
        severityText: "ERROR",
        body: "card processor timed out",
        serviceName: "payments",
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
      },
    ],
  };
  const delivery: Delivery = {
    id: "d1",
    eventId: "e1",
    channelId: "c1",
    channelName: "ops",
    status: "failed",
    test: false,
    attempts: 3,
    lastError: "HTTP 500",
    responseStatus: 500,
    createdAt: "2030-01-01T00:00:00Z",
    sentAt: null,
    nextAttemptAt: "2030-01-01T00:00:00Z",
  };
  const data: AlertDetailResponse = {
    alert: alert("a1", { evidence }),
    rule,
    events: [
      {
        id: "e2",
        state: "firing",
        fromState: "pending",
        at: 2_000,
        value: 912,
        summary: "",
        evidence,
        deliveries: [delivery],
      },
      {
        id: "e1",
        state: "pending",
        fromState: "ok",
        at: 1_000,
        value: 850,
        summary: "",
        evidence: null,
        deliveries: [],
      },
    ],
  };

  it("links to the metric view, the evidence traces and their logs, and lists the history with deliveries", () => {
    stubApi(() => undefined);
    renderWithClient(<AlertDetail data={data} />);
    expect(screen.getByTestId("alert-open-metric").getAttribute("href")).toBe(data.alert.links.metric);
    expect(screen.getByTestId("evidence-trace-link").getAttribute("href")).toBe(
      "/traces/0af7651916cd43dd8448eb211c80319c?span=b7ad6b7169203331",
    );
    expect(screen.getByTestId("evidence-trace-error")).toBeTruthy();
    expect(screen.getByTestId("evidence-log-link").getAttribute("href")).toBe(
      "/logs?traceId=0af7651916cd43dd8448eb211c80319c",
    );
    expect(screen.getAllByTestId("alert-event").map((e) => e.dataset.state)).toEqual(["firing", "pending"]);
    const row = screen.getByTestId("delivery-row");
    expect([row.dataset.status, within(row).getByTestId("delivery-error").textContent]).toEqual(["failed", "HTTP 500"]);
  });

  it("says why an alert that fired without its evidence has none", () => {
    stubApi(() => undefined);
    const missing = { ...evidence, traces: [], logs: [], missing: "the store did not answer" };
    renderWithClient(<AlertDetail data={{ ...data, alert: { ...data.alert, evidence: missing } }} />);
    expect(screen.getByTestId("alert-evidence-missing").textContent).toBe(
      "The evidence could not be read when the alert fired: the store did not answer",
    );
  });

  it("shows the value in human units and the threshold in the unit it was written in", () => {
    stubApi(() => undefined);
    renderWithClient(
      <AlertDetail
        data={{
          ...data,
          alert: { ...data.alert, value: 2335 },
          rule: {
            ...rule,
            condition: { ...rule.condition, op: "outside", threshold: 0.1, thresholdHigh: 2, unit: "s" },
          },
        }}
      />,
    );
    expect(screen.getByTestId("alert-value").textContent).toBe("2.34 s");
    expect(screen.getByTestId("alert-condition").textContent).toBe("outside 100 ms … 2.00 s");
    expect(screen.getAllByTestId("alert-event")[0]?.textContent).toContain("value 912 ms");
  });

  it("opens a silence pre-filled with the alert name and its series labels, and creates it", async () => {
    const asked = stubApi((req) =>
      req.path === "/silences" && req.method === "POST" ? json({ id: "s1" }, 201) : undefined,
    );
    renderWithClient(<AlertDetail data={data} />);
    fireEvent.click(screen.getByTestId("alert-silence"));
    const labels = screen.getAllByTestId("silence-matcher-label").map((i) => (i as HTMLInputElement).value);
    const values = screen.getAllByTestId("silence-matcher-value").map((i) => (i as HTMLInputElement).value);
    expect(labels).toEqual(["alertname", "http.route"]);
    expect(values).toEqual(["checkout slow", "/pay"]);
    fireEvent.click(screen.getByTestId("silence-save"));
    await screen.findByTestId("alert-silence-created");
    expect(asked.find((r) => r.method === "POST")?.body).toEqual({
      matchers: [
        { label: "alertname", op: "=", value: "checkout slow" },
        { label: "http.route", op: "=", value: "/pay" },
      ],
      duration: "2h",
      comment: "",
    });
  });
});

describe("SilencesView", () => {
  it("lists active silences, expires one, and shows a 400 next to the field it names", async () => {
    const silence = {
      id: "s1",
      matchers: [{ label: "alertname", op: "=", value: "slow" }],
      startsAt: 1,
      endsAt: 2,
      comment: "deploy",
      createdBy: "",
      createdAt: "",
      status: "active",
    };
    const asked = stubApi((req) => {
      if (req.path === "/silences" && req.method === "GET")
        return json({ silences: [silence, { ...silence, id: "s0", status: "expired" }] });
      if (req.method === "DELETE") return json({ ...silence, status: "expired" });
      if (req.method === "POST")
        return json({ error: { code: "invalid_request", message: "duration: too long for policy" } }, 400);
      return undefined;
    });
    renderWithClient(<SilencesView />);
    await screen.findByTestId("silences-table");
    expect(screen.getAllByTestId("silence-row").map((r) => r.dataset.status)).toEqual(["active"]);
    fireEvent.click(screen.getByTestId("silence-expire"));
    await waitFor(() => expect(asked.some((r) => r.method === "DELETE" && r.path === "/silences/s1")).toBe(true));

    fireEvent.click(screen.getByTestId("silence-new"));
    fireEvent.click(screen.getByTestId("silence-save"));
    expect(screen.getByText("is required")).toBeTruthy();
    fireEvent.change(screen.getByTestId("silence-matcher-label"), { target: { value: "team" } });
    fireEvent.click(screen.getByTestId("silence-save"));
    expect((await screen.findByTestId("silence-duration-error")).textContent).toBe("too long for policy");
  });
});

describe("ChannelsView", () => {
  it("creates a channel, then test-sends and follows the delivery until it is sent", async () => {
    const channel = { id: "c1", name: "ops", type: "webhook", url: "http://hook", createdAt: "", updatedAt: "" };
    const pending: Delivery = {
      id: "d9",
      eventId: null,
      channelId: "c1",
      channelName: "ops",
      status: "pending",
      test: true,
      attempts: 0,
      lastError: null,
      responseStatus: null,
      createdAt: "2030-01-01T00:00:00Z",
      sentAt: null,
      nextAttemptAt: "2030-01-01T00:00:00Z",
    };
    let logReads = 0;
    const asked = stubApi((req) => {
      if (req.path === "/channels" && req.method === "GET") return json({ channels: [channel] });
      if (req.path === "/channels" && req.method === "POST") return json(channel, 201);
      if (req.path === "/channels/c1/test") return json({ delivery: pending }, 202);
      if (req.path === "/channels/c1/deliveries") {
        logReads++;
        const sent = { ...pending, status: "sent", attempts: 1, responseStatus: 200, sentAt: "2030-01-01T00:00:01Z" };
        return json({ deliveries: logReads > 2 ? [sent] : [pending] });
      }
      return undefined;
    });
    renderWithClient(<ChannelsView />);
    await screen.findByTestId("channel-row");

    fireEvent.click(screen.getByTestId("channel-new"));
    fireEvent.change(screen.getByTestId("channel-url-input"), { target: { value: "not a url" } });
    fireEvent.click(screen.getByTestId("channel-save"));
    expect(screen.getByTestId("channel-url-error").textContent).toBe("must be an http:// or https:// URL");
    fireEvent.change(screen.getByTestId("channel-name-input"), { target: { value: "ops" } });
    fireEvent.change(screen.getByTestId("channel-url-input"), { target: { value: "http://hook" } });
    fireEvent.click(screen.getByTestId("channel-save"));
    await waitFor(() => expect(screen.queryByTestId("channel-form")).toBeNull());
    expect(asked.find((r) => r.method === "POST")?.body).toEqual({ name: "ops", type: "webhook", url: "http://hook" });

    fireEvent.click(screen.getByTestId("channel-test"));
    await waitFor(() => expect(screen.getByTestId("channel-test-status").dataset.status).toBe("pending"));
    await waitFor(() => expect(screen.getByTestId("channel-test-status").dataset.status).toBe("sent"), {
      timeout: 5000,
    });
    expect(screen.getByTestId("channel-deliveries")).toBeTruthy();
  });
});
