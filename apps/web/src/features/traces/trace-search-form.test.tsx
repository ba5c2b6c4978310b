import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiRequestError } from "../../lib/api.ts";
import { readSearch } from "./search-state.ts";
import { TraceSearchForm } from "./trace-search-form.tsx";

vi.mock("next/link", () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
afterEach(cleanup);

// The search box asks the API for suggestions through react-query (none answers here).
const wrapper = ({ children }: { children: ReactNode }) => (
  <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
    {children}
  </QueryClientProvider>
);

const empty = readSearch(
  () => undefined,
  () => [],
);

function setup(initial = empty) {
  const onSubmit = vi.fn();
  render(<TraceSearchForm initial={initial} services={["cart", "checkout"]} onSubmit={onSubmit} />, { wrapper });
  return onSubmit;
}

describe("TraceSearchForm", () => {
  it("submits every field, including a filter typed but not added yet", () => {
    const onSubmit = setup();
    fireEvent.change(screen.getByTestId("trace-query-input"), { target: { value: "duration>500ms" } });
    fireEvent.change(screen.getByTestId("trace-service-select"), { target: { value: "checkout" } });
    fireEvent.change(screen.getByTestId("trace-name-input"), { target: { value: "GET /pay" } });
    fireEvent.change(screen.getByTestId("trace-min-duration"), { target: { value: "250" } });
    fireEvent.change(screen.getByTestId("trace-status-select"), { target: { value: "Error" } });
    fireEvent.change(screen.getByTestId("trace-attr-input"), { target: { value: "http.route = /pay" } });
    fireEvent.keyDown(screen.getByTestId("trace-attr-input"), { key: "Enter" });
    fireEvent.change(screen.getByTestId("trace-attr-input"), { target: { value: "env!=dev" } });
    fireEvent.click(screen.getByTestId("trace-search-submit"));
    expect(onSubmit).toHaveBeenCalledWith({
      ...empty,
      q: "duration>500ms",
      service: "checkout",
      name: "GET /pay",
      minDurationMs: "250",
      status: "Error",
      attr: ["http.route=/pay", "env!=dev"],
    });
  });

  it("shows the API's invalid_query answer under the search box with a caret at its column", () => {
    const error = new ApiRequestError(400, "invalid_query", "q: not a duration", { offset: 9, column: 10 });
    render(
      <TraceSearchForm
        initial={{ ...empty, q: "duration>soon" }}
        services={[]}
        onSubmit={() => {}}
        queryError={error}
      />,
      { wrapper },
    );
    expect(screen.getByTestId("trace-query-error").textContent).toContain("not a duration");
    expect(screen.getByTestId("trace-query-error-caret").textContent).toBe("duration>soon\n         ^");
  });

  it("shows filters as removable chips and refuses malformed ones", () => {
    const onSubmit = setup({ ...empty, attr: ["a=1", "b!=2"] });
    expect(screen.getAllByTestId("trace-attr-chip").map((c) => c.textContent)).toEqual(["a=1×", "b!=2×"]);
    fireEvent.click(screen.getByLabelText("Remove filter a=1"));
    fireEvent.change(screen.getByTestId("trace-attr-input"), { target: { value: "no operator" } });
    fireEvent.click(screen.getByTestId("trace-attr-add"));
    expect(screen.getByText("Write key=value or key!=value")).toBeTruthy();
    fireEvent.click(screen.getByTestId("trace-search-submit"));
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("trace-attr-input"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("trace-search-submit"));
    expect(onSubmit).toHaveBeenCalledWith({ ...empty, attr: ["b!=2"] });
  });

  it("offers to open the trace when the name box holds a trace ID", () => {
    setup();
    expect(screen.queryByTestId("trace-id-hint")).toBeNull();
    fireEvent.change(screen.getByTestId("trace-name-input"), {
      target: { value: "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01" },
    });
    const hint = screen.getByTestId("trace-id-hint");
    expect(hint.querySelector("a")?.getAttribute("href")).toBe("/traces/0af7651916cd43dd8448eb211c80319c");
  });
});
