import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { MetricInfo } from "@tracelight/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MetricPicker } from "./metric-picker.tsx";

afterEach(cleanup);

// jsdom has no layout; the picker scrolls the active option into view.
Element.prototype.scrollIntoView = () => {};

const metrics: MetricInfo[] = [
  {
    name: "http.server.request.duration",
    type: "histogram",
    unit: "s",
    units: ["ms", "s"],
    description: "Requests",
    services: ["checkout"],
  },
  {
    name: "orders.placed",
    type: "sum",
    unit: "{order}",
    units: ["{order}"],
    description: "Orders",
    services: ["checkout"],
    isMonotonic: true,
  },
  {
    name: "process.memory.usage",
    type: "gauge",
    unit: "By",
    units: ["By"],
    description: "Memory",
    services: ["payments"],
  },
];

function setup(value?: string) {
  const onPick = vi.fn();
  render(<MetricPicker metrics={metrics} value={value} onPick={onPick} />);
  return { onPick, input: screen.getByTestId("metric-select") as HTMLInputElement };
}

describe("MetricPicker", () => {
  it("shows the picked metric and lists the catalogue with type badges when focused", () => {
    const { input } = setup("orders.placed");
    expect(input.value).toBe("orders.placed");
    fireEvent.focus(input);
    const options = screen.getAllByTestId("metric-option");
    expect(options.map((o) => o.dataset.metric)).toEqual(metrics.map((m) => m.name));
    expect(options[1]?.textContent).toContain("counter");
    expect(options[0]?.textContent).toContain("histogram");
  });

  it("shows each metric's answer unit, and the units it was sent in when there are several", () => {
    const { input } = setup();
    fireEvent.focus(input);
    expect(screen.getAllByTestId("metric-unit").map((b) => b.textContent)).toEqual([
      "s (sent as ms, s)",
      "{order}",
      "By",
    ]);
  });

  it("filters as the user types and picks the first match with Enter", () => {
    const { input, onPick } = setup();
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "payments" } });
    expect(screen.getAllByTestId("metric-option").map((o) => o.dataset.metric)).toEqual(["process.memory.usage"]);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onPick).toHaveBeenCalledWith("process.memory.usage");
    expect(screen.queryByTestId("metric-options")).toBeNull();
  });

  it("moves with the arrow keys and picks by mouse", () => {
    const { input, onPick } = setup();
    fireEvent.focus(input);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onPick).toHaveBeenLastCalledWith("orders.placed");
    fireEvent.focus(input);
    fireEvent.mouseDown(screen.getAllByTestId("metric-option")[2]!);
    expect(onPick).toHaveBeenLastCalledWith("process.memory.usage");
  });

  it("says so when nothing matches, and Enter takes the typed name", () => {
    const { input, onPick } = setup();
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: " not.reported " } });
    expect(screen.getByText("No metric matches.")).toBeTruthy();
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onPick).toHaveBeenCalledWith("not.reported");
  });

  it("takes a typed name before the catalogue has loaded; Enter on empty text does nothing", () => {
    const onPick = vi.fn();
    render(<MetricPicker metrics={undefined} value={undefined} onPick={onPick} />);
    const input = screen.getByTestId("metric-select");
    fireEvent.focus(input);
    expect(screen.getByText("Loading…")).toBeTruthy();
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onPick).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: "http.server.request.duration" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onPick).toHaveBeenCalledWith("http.server.request.duration");
  });
});
