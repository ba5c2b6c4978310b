import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiRequestError } from "../../lib/api.ts";
import { FilterBar } from "./filter-bar.tsx";
import { EMPTY_FILTERS, type LogFilterState } from "./log-filters.ts";

afterEach(cleanup);

// The search box asks the API for suggestions through react-query (none answers here).
const wrapper = ({ children }: { children: ReactNode }) => (
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    {children}
  </QueryClientProvider>
);

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const setup = (filters: LogFilterState = EMPTY_FILTERS, services: string[] | undefined = ["cart", "checkout"]) => {
  const onSubmit = vi.fn<(next: LogFilterState) => void>();
  const view = render(<FilterBar filters={filters} services={services} onSubmit={onSubmit} />, { wrapper });
  return { onSubmit, view };
};
const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe("FilterBar", () => {
  it("shows the API's invalid_query answer under the box with a caret at its column", () => {
    const error = new ApiRequestError(400, "invalid_query", "q: expected ')', found the end of the query", {
      offset: 7,
      column: 8,
    });
    const filters = { ...EMPTY_FILTERS, q: "(a OR b" };
    render(<FilterBar filters={filters} services={[]} onSubmit={() => {}} queryError={error} />, { wrapper });
    expect(screen.getByTestId("log-query-error").textContent).toContain("expected ')', found the end of the query");
    expect(screen.getByTestId("log-query-error-caret").textContent).toBe("(a OR b\n       ^");
    expect(input("log-query-input").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByTestId("search-syntax-help").textContent).toContain("severity>=warn");
  });

  it("submits the typed text on Enter and with the button", () => {
    const { onSubmit } = setup();
    fireEvent.change(input("log-query-input"), { target: { value: "  card declined " } });
    fireEvent.submit(input("log-query-input"));
    expect(onSubmit).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, q: "card declined" });
    fireEvent.click(screen.getByTestId("log-search-submit"));
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });

  it("refuses a malformed trace ID with a clear message, then accepts it fixed (any case)", () => {
    const { onSubmit } = setup();
    fireEvent.change(input("log-traceid-input"), { target: { value: "abc" } });
    fireEvent.click(screen.getByTestId("log-search-submit"));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId("log-traceid-error").textContent).toMatch(/32 hexadecimal characters/);
    expect(input("log-traceid-input").getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(input("log-traceid-input"), { target: { value: ` ${TRACE.toUpperCase()}` } });
    expect(screen.queryByTestId("log-traceid-error")).toBeNull();
    fireEvent.submit(input("log-traceid-input"));
    expect(onSubmit).toHaveBeenCalledWith({ ...EMPTY_FILTERS, traceId: TRACE });
  });

  it("runs the search when a select changes, with what is typed", () => {
    const { onSubmit } = setup();
    fireEvent.change(input("log-query-input"), { target: { value: "timeout" } });
    fireEvent.change(screen.getByTestId("log-service-select"), { target: { value: "checkout" } });
    expect(onSubmit).toHaveBeenLastCalledWith({ ...EMPTY_FILTERS, q: "timeout", service: "checkout" });
    fireEvent.change(screen.getByTestId("log-severity-select"), { target: { value: "ERROR" } });
    expect(onSubmit).toHaveBeenLastCalledWith({
      ...EMPTY_FILTERS,
      q: "timeout",
      service: "checkout",
      severity: "ERROR",
    });
  });

  it("points out a malformed trace ID that came from the URL", () => {
    setup({ ...EMPTY_FILTERS, traceId: "xyz" });
    expect(screen.getByTestId("log-traceid-error").textContent).toMatch(/only hexadecimal/);
  });

  it("keeps a service from the URL selectable even when the list lacks it", () => {
    setup({ ...EMPTY_FILTERS, service: "gone" }, ["cart"]);
    const select = screen.getByTestId("log-service-select") as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.value)).toEqual(["", "gone", "cart"]);
    expect(select.value).toBe("gone");
  });

  it("adds attribute chips on Enter and removes them with ×", () => {
    const { onSubmit } = setup();
    fireEvent.change(input("log-attr-input"), { target: { value: "http.route=/pay" } });
    fireEvent.keyDown(input("log-attr-input"), { key: "Enter" });
    const added = { ...EMPTY_FILTERS, attr: [{ key: "http.route", op: "=", value: "/pay" }] };
    expect(onSubmit).toHaveBeenLastCalledWith(added);
    expect(input("log-attr-input").value).toBe("");
    fireEvent.change(input("log-attr-input"), { target: { value: "nonsense" } });
    fireEvent.keyDown(input("log-attr-input"), { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("alert").textContent).toMatch(/key=value or key!=value/);
    fireEvent.click(screen.getByRole("button", { name: "Remove the filter http.route=/pay" }));
    expect(onSubmit).toHaveBeenLastCalledWith(EMPTY_FILTERS);
  });

  it("shows a new search from the URL in place of the draft", () => {
    const { view, onSubmit } = setup();
    fireEvent.change(input("log-query-input"), { target: { value: "draft" } });
    view.rerender(
      <FilterBar
        filters={{ ...EMPTY_FILTERS, traceId: TRACE, spanId: "00f067aa0ba902b7" }}
        services={[]}
        onSubmit={onSubmit}
      />,
    );
    expect(input("log-query-input").value).toBe("");
    expect(input("log-traceid-input").value).toBe(TRACE);
    expect(screen.getByTestId("log-span-chip").textContent).toContain("00f067aa0ba902b7");
  });
});
