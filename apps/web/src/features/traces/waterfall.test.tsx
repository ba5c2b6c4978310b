import { act, cleanup, fireEvent, render, renderHook, screen } from "@testing-library/react";
import type { TraceResponse } from "@tracelight/contracts";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { span, T0_MS } from "./test-spans.ts";
import { type LogModel, useTraceModel } from "./trace-model.ts";
import { Waterfall } from "./waterfall.tsx";

beforeAll(() => {
  // jsdom has no layout: a fixed-size box is enough for the windowing arithmetic.
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

const NO_LOGS: LogModel = { placed: [], bySpan: new Map() };

function traceOf(spans: ReturnType<typeof span>[]): TraceResponse {
  return { traceId: "0af7651916cd43dd8448eb211c80319c", startTime: T0_MS, endTime: T0_MS + 100, spans };
}

function renderWaterfall(trace: TraceResponse, selectedId?: string) {
  const { result } = renderHook(() => useTraceModel(trace));
  const onSelect = vi.fn();
  render(<Waterfall model={result.current} logs={NO_LOGS} selectedId={selectedId} onSelect={onSelect} />);
  return { onSelect, model: result.current };
}

const rows = () => screen.queryAllByTestId("span-row");

describe("Waterfall", () => {
  const trace = traceOf([
    span("a", "", 0, 100, { serviceName: "frontend", name: "GET /checkout" }),
    span("b", "a", 10, 30, { serviceName: "cart", statusCode: "Error" }),
    span("c", "b", 12, 5, { serviceName: "postgres" }),
    span("d", "a", 50, 45, { serviceName: "payments" }),
    span("x", "missing", 20, 5, { serviceName: "email" }),
  ]);

  it("draws one row per span with the attributes browser tests rely on", () => {
    renderWaterfall(trace);
    expect(screen.getByTestId("trace-waterfall")).toBeTruthy();
    expect(rows().map((r) => r.dataset.spanId)).toEqual(["a", "b", "c", "d", "x"]);
    const b = rows()[1]!;
    expect(b.dataset.service).toBe("cart");
    expect(b.dataset.spanName).toBe("op-b");
    expect(b.dataset.error).toBe("true");
    expect(rows()[0]!.dataset.error).toBe("false");
    // a -> d decides the end (d ends at 95, then a's own time); b ends before d starts, so it is on it too.
    expect(rows().map((r) => r.dataset.critical)).toEqual(["true", "true", "true", "true", "false"]);
    expect(screen.getByText("orphan")).toBeTruthy();
  });

  it("selects a span on click and collapses a subtree with its toggle", () => {
    const { onSelect } = renderWaterfall(trace);
    fireEvent.click(rows()[3]!);
    expect(onSelect).toHaveBeenCalledWith("d");
    fireEvent.click(screen.getByLabelText("Collapse op-b"));
    expect(rows().map((r) => r.dataset.spanId)).toEqual(["a", "b", "d", "x"]);
    expect(onSelect).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId("collapse-all"));
    expect(rows().map((r) => r.dataset.spanId)).toEqual(["a", "b", "c", "d", "x"].filter((id) => id !== "c"));
    fireEvent.click(screen.getByTestId("expand-all"));
    expect(rows()).toHaveLength(5);
  });

  it("expands the ancestors of a selected span hidden in a collapsed subtree", () => {
    const { model } = renderWaterfall(trace);
    fireEvent.click(screen.getByLabelText("Collapse op-b"));
    expect(rows()).toHaveLength(4);
    cleanup();
    render(<Waterfall model={model} logs={NO_LOGS} selectedId="c" onSelect={() => {}} />);
    expect(
      rows()
        .find((r) => r.dataset.spanId === "c")
        ?.getAttribute("aria-selected"),
    ).toBe("true");
  });

  it("keeps only the rows in view in the DOM for large traces", () => {
    const spans = [span("root", "", 0, 3000)];
    for (let i = 0; i < 1999; i++) spans.push(span(`s${i}`, "root", i, 1));
    renderWaterfall(traceOf(spans));
    const shown = rows().length;
    expect(shown).toBeGreaterThanOrEqual(20);
    expect(shown).toBeLessThan(200);
    expect(screen.getByText("Waterfall · 2,000 spans")).toBeTruthy();
    act(() => {
      const box = screen.getByRole("listbox");
      box.scrollTop = 24 * 1000;
      fireEvent.scroll(box);
    });
    expect(rows().some((r) => r.dataset.spanId === "s999")).toBe(true);
  });
});

describe("Waterfall keyboard", () => {
  it("moves the selection with the arrow keys and collapses with left", () => {
    const trace = traceOf([span("a", "", 0, 100), span("b", "a", 10, 30), span("c", "b", 12, 5)]);
    const { result } = renderHook(() => useTraceModel(trace));
    const onSelect = vi.fn();
    render(<Waterfall model={result.current} logs={NO_LOGS} selectedId="b" onSelect={onSelect} />);
    const list = screen.getByRole("listbox");
    fireEvent.keyDown(list, { key: "ArrowDown" });
    expect(onSelect).toHaveBeenLastCalledWith("c");
    fireEvent.keyDown(list, { key: "ArrowUp" });
    expect(onSelect).toHaveBeenLastCalledWith("a");
    fireEvent.keyDown(list, { key: "ArrowLeft" });
    expect(rows().map((r) => r.dataset.spanId)).toEqual(["a", "b"]);
    fireEvent.keyDown(list, { key: "ArrowRight" });
    expect(rows()).toHaveLength(3);
    fireEvent.keyDown(list, { key: "ArrowLeft" });
    fireEvent.keyDown(list, { key: "ArrowLeft" });
    expect(onSelect).toHaveBeenLastCalledWith("a");
  });
});
