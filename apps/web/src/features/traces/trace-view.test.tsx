import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { log, span, T0_MS } from "./test-spans.ts";
import { TraceView } from "./trace-view.tsx";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(window.location.search) }));

beforeAll(() => {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const spans = [
  span("a000000000000001", "", 0, 100, { serviceName: "frontend", name: "GET /checkout" }),
  span("b000000000000002", "a000000000000001", 10, 60, {
    serviceName: "payments",
    name: "POST /charge",
    statusCode: "Error",
    statusMessage: "card declined",
  }),
];

/** Answers the api's routes from fixtures and records what was asked. */
function stubApi(trace: "found" | "missing") {
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (input: string) => {
    asked.push(input);
    const url = new URL(input, "http://x");
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.pathname === `/api/v1/traces/${TRACE_ID}`) {
      if (trace === "missing") return json(404, { error: { code: "not_found", message: "trace not found" } });
      return json(200, { traceId: TRACE_ID, startTime: T0_MS, endTime: T0_MS + 100, spans });
    }
    if (url.pathname === "/api/v1/logs") {
      return json(200, {
        logs: [log(50, "b000000000000002", "declined by issuer"), log(5, "a000000000000001", "request in")],
      });
    }
    return json(404, { error: { code: "not_found", message: "no route" } });
  });
  return asked;
}

function renderView() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <TraceView traceId={TRACE_ID} />
    </QueryClientProvider>,
  );
}

describe("TraceView", () => {
  it("shows the header, the waterfall, the selected span from the URL and the trace's logs", async () => {
    window.history.replaceState(null, "", `/traces/${TRACE_ID}?span=b000000000000002`);
    const asked = stubApi("found");
    renderView();
    await screen.findByTestId("trace-header");
    expect(screen.getAllByTestId("span-row").map((r) => r.dataset.spanName)).toEqual(["GET /checkout", "POST /charge"]);
    expect(screen.getByTestId("trace-error-count").textContent).toContain("1");
    expect(screen.getByTestId("span-detail").dataset.spanId).toBe("b000000000000002");
    expect(screen.getByText("card declined")).toBeTruthy();

    await waitFor(() => expect(screen.getAllByTestId("trace-log-row")).toHaveLength(2));
    const rows = screen.getAllByTestId("trace-log-row");
    expect(rows.map((r) => r.textContent?.includes("request in"))).toEqual([true, false]);
    expect(rows.every((r) => r.dataset.traceId === TRACE_ID)).toBe(true);

    const logsUrl = new URL(asked.find((u) => u.startsWith("/api/v1/logs"))!, "http://x");
    expect(Object.fromEntries(logsUrl.searchParams)).toEqual({
      traceId: TRACE_ID,
      from: String(T0_MS - 300_000),
      to: String(T0_MS + 100 + 300_000),
      limit: "1000",
    });
    expect(screen.getByTestId("open-in-log-search").getAttribute("href")).toBe(
      `/logs?from=${T0_MS - 300_000}&to=${T0_MS + 100 + 300_000}&traceId=${TRACE_ID}`,
    );
  });

  it("says clearly when the trace is not (yet) there, with a retry", async () => {
    window.history.replaceState(null, "", `/traces/${TRACE_ID}`);
    stubApi("missing");
    renderView();
    const notFound = await screen.findByTestId("trace-not-found");
    expect(notFound.textContent).toMatch(/not have arrived yet/);
    expect(notFound.textContent).toMatch(/retention/);
    expect(screen.getByTestId("trace-retry")).toBeTruthy();
  });

  it("refuses a malformed trace ID without asking the api", () => {
    const asked = stubApi("found");
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <TraceView traceId="not-a-trace" />
      </QueryClientProvider>,
    );
    expect(screen.getByTestId("state-error").textContent).toMatch(/32 hexadecimal/);
    expect(asked).toEqual([]);
  });
});
