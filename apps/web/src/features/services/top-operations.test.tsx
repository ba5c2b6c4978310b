import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { RedRoute } from "@tracelight/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TopOperations } from "./top-operations.tsx";

afterEach(cleanup);

const route = (name: string, errorRate: number): RedRoute => ({
  route: name,
  requests: 100,
  rate: 1,
  errors: errorRate * 100,
  errorRate,
  p50Ms: 10,
  p90Ms: 20,
  p99Ms: 30,
});
const routes = [route("/api/checkout", 0.05), route("process order", 0)];
const range = { from: "now-1h", to: "now" };

describe("TopOperations", () => {
  it("selects a route when its row is clicked and marks the selected one", () => {
    const onSelect = vi.fn();
    render(
      <TopOperations service="checkout" routes={routes} selected="process order" range={range} onSelect={onSelect} />,
    );
    const rows = screen.getAllByTestId("operation-row");
    expect(rows.map((r) => r.dataset.route)).toEqual(["/api/checkout", "process order"]);
    expect(rows[1]!.getAttribute("aria-selected")).toBe("true");
    fireEvent.click(within(rows[0]!).getByText("/api/checkout"));
    expect(onSelect).toHaveBeenCalledWith("/api/checkout");
  });

  it("links each route to trace search without selecting it", () => {
    const onSelect = vi.fn();
    render(<TopOperations service="checkout" routes={routes} range={range} onSelect={onSelect} />);
    const links = screen.getAllByTestId("operation-traces-link");
    expect(links[0]!.getAttribute("href")).toBe(
      "/traces?from=now-1h&to=now&service=checkout&attr=http.route%3D%2Fapi%2Fcheckout",
    );
    expect(links[1]!.getAttribute("href")).toBe("/traces?from=now-1h&to=now&service=checkout&name=process+order");
    links[0]!.addEventListener("click", (e) => e.preventDefault());
    fireEvent.click(links[0]!);
    expect(onSelect).not.toHaveBeenCalled();
  });
});
