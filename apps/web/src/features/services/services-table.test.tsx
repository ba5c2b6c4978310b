import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ServiceOverview } from "@tracelight/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ServicesTable } from "./services-table.tsx";

afterEach(cleanup);

function service(name: string, rate: number, errorRate: number, p99Ms: number | null): ServiceOverview {
  return {
    name,
    requests: rate * 60,
    rate,
    errors: Math.round(rate * 60 * errorRate),
    errorRate,
    p50Ms: p99Ms === null ? null : p99Ms / 3,
    p90Ms: null,
    p99Ms,
    buckets: [0, 1].map((i) => ({ timestamp: i * 60_000, rate, errorRate, p99Ms, seconds: 60, partial: false })),
  };
}

const services = [service("checkout", 2, 0.05, 900), service("cart / v2", 1, 0.001, 20), service("idle", 0, 0, null)];
const range = { from: "now-1h", to: "now" };
const props = { services, range };

describe("ServicesTable", () => {
  it("renders one row per service with the contract's test ids and a link keeping the range", () => {
    render(<ServicesTable {...props} />);
    const rows = within(screen.getByTestId("services-table")).getAllByTestId("service-row");
    expect(rows.map((r) => r.dataset.service)).toEqual(["checkout", "cart / v2", "idle"]);
    const link = within(rows[1]!).getByRole("link", { name: "cart / v2" });
    expect(link.getAttribute("href")).toBe("/services/cart%20%2F%20v2?from=now-1h&to=now");
  });

  it("marks error rates above 1 % as bad and shows dashes for idle services", () => {
    render(<ServicesTable {...props} />);
    const [checkout, cart, idle] = screen.getAllByTestId("service-row");
    expect(checkout!.dataset.errorLevel).toBe("bad");
    expect(within(checkout!).getByText("5.0%").className).toContain("text-red-600");
    expect(cart!.dataset.errorLevel).toBe("warn");
    expect(idle!.dataset.errorLevel).toBe("ok");
    expect(within(idle!).getAllByText("–").length).toBeGreaterThanOrEqual(3);
    expect(within(checkout!).getAllByTestId("sparkline")).toHaveLength(3);
  });

  it("draws a partial newest bucket dashed with a hollow dot, whole buckets solid", () => {
    const filling = services.map((s) => ({
      ...s,
      buckets: s.buckets.map((b, i) => (i === 1 ? { ...b, seconds: 30, partial: true } : b)),
    }));
    const { rerender } = render(<ServicesTable services={filling} range={range} />);
    const [checkout] = screen.getAllByTestId("service-row");
    const [rate] = within(checkout!).getAllByTestId("sparkline");
    expect(rate!.querySelector("[data-testid=sparkline-partial]")?.getAttribute("d")).toBe("M0 2 L88 2");
    expect(rate!.querySelector("circle")?.getAttribute("fill")).toBe("none");
    rerender(<ServicesTable {...props} />);
    expect(screen.queryAllByTestId("sparkline-partial")).toHaveLength(0);
    expect(screen.getAllByTestId("service-row")[0]!.querySelector("circle")?.getAttribute("fill")).toBe("currentColor");
  });

  it("sorts through its headers only when asked to", () => {
    const onSort = vi.fn();
    const { rerender } = render(<ServicesTable {...props} />);
    expect(screen.queryByTestId("sort-p99")).toBeNull();
    rerender(<ServicesTable {...props} sort={{ key: "p99", order: "desc" }} onSort={onSort} />);
    fireEvent.click(screen.getByTestId("sort-errorRate"));
    expect(onSort).toHaveBeenCalledWith("errorRate");
    expect(screen.getByTestId("sort-p99").closest("th")?.getAttribute("aria-sort")).toBe("descending");
  });
});
