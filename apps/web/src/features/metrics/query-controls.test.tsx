import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AggSelect, FilterEditor, GroupByPicker } from "./query-controls.tsx";

afterEach(cleanup);

const keys = [
  { key: "http.route", values: ["/cart", "/checkout"] },
  { key: "service.name", values: ["checkout"] },
];
const optionValues = (select: HTMLElement) => Array.from((select as HTMLSelectElement).options).map((o) => o.value);

describe("AggSelect", () => {
  it("offers only the type's aggregations, percentiles first for histograms", () => {
    render(<AggSelect type="histogram" value="p99" onChange={() => {}} />);
    const select = screen.getByTestId("metric-agg-select") as HTMLSelectElement;
    expect(optionValues(select)).toEqual(["p99", "p50", "p90", "p95", "avg", "rate", "count"]);
    expect(select.value).toBe("p99");
  });

  it("keeps a URL's unsupported aggregation visible, marked", () => {
    const onChange = vi.fn();
    render(<AggSelect type="gauge" value="p99" onChange={onChange} />);
    const select = screen.getByTestId("metric-agg-select") as HTMLSelectElement;
    expect(select.options[0]?.textContent).toBe("p99 (not for gauge)");
    fireEvent.change(select, { target: { value: "max" } });
    expect(onChange).toHaveBeenCalledWith("max");
  });
});

describe("GroupByPicker", () => {
  it("shows chosen keys as chips and offers the others", () => {
    const onAdd = vi.fn();
    const onRemove = vi.fn();
    render(<GroupByPicker keys={keys} value={["http.route"]} onAdd={onAdd} onRemove={onRemove} />);
    const box = screen.getByTestId("metric-groupby");
    expect(box.dataset.keys).toBe("http.route");
    expect(optionValues(screen.getByTestId("metric-groupby-add"))).toEqual(["", "service.name"]);
    fireEvent.change(screen.getByTestId("metric-groupby-add"), { target: { value: "service.name" } });
    expect(onAdd).toHaveBeenCalledWith("service.name");
    fireEvent.click(within(screen.getByTestId("metric-groupby-chip")).getByRole("button"));
    expect(onRemove).toHaveBeenCalledWith("http.route");
  });
});

describe("FilterEditor", () => {
  it("adds key != value on submit and suggests the key's values", () => {
    const onAdd = vi.fn();
    const { container } = render(<FilterEditor keys={keys} value={[]} onAdd={onAdd} onRemove={() => {}} />);
    fireEvent.change(screen.getByTestId("metric-filter-key"), { target: { value: "http.route" } });
    fireEvent.change(screen.getByTestId("metric-filter-op"), { target: { value: "!=" } });
    const datalist = container.querySelector("datalist");
    expect(Array.from(datalist?.querySelectorAll("option") ?? []).map((o) => o.value)).toEqual(["/cart", "/checkout"]);
    fireEvent.change(screen.getByTestId("metric-filter-value"), { target: { value: "/cart" } });
    fireEvent.click(screen.getByTestId("metric-filter-add"));
    expect(onAdd).toHaveBeenCalledWith({ key: "http.route", op: "!=", value: "/cart" });
  });

  it("lists filters as removable chips", () => {
    const onRemove = vi.fn();
    render(
      <FilterEditor
        keys={keys}
        value={[{ key: "service.name", op: "=", value: "checkout" }]}
        onAdd={() => {}}
        onRemove={onRemove}
      />,
    );
    const chip = screen.getByTestId("metric-filter-chip");
    expect(chip.dataset.filter).toBe("service.name=checkout");
    fireEvent.click(within(chip).getByRole("button"));
    expect(onRemove).toHaveBeenCalledWith(0);
  });
});
