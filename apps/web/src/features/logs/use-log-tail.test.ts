import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import type { LogRecord } from "@tracelight/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EMPTY_FILTERS, type LogFilterState } from "./log-filters.ts";
import { useLogTail } from "./use-log-tail.ts";

/** Enough of EventSource to drive the hook: tests call open/emit/fail on the latest one. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, listener: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  emit(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  fail(state: number) {
    this.readyState = state;
    this.onerror?.();
  }
}
const latest = () => FakeEventSource.all[FakeEventSource.all.length - 1] as FakeEventSource;

const log = (body: string): LogRecord => ({
  timestamp: 1,
  timestampUnixNano: "1000000",
  severityText: "INFO",
  severityNumber: 9,
  body,
  serviceName: "checkout",
  traceId: "",
  spanId: "",
  attributes: {},
  resourceAttributes: {},
});

beforeEach(() => {
  FakeEventSource.all = [];
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("useLogTail", () => {
  it("opens nothing while off, then streams newest first with the filters but no range", () => {
    const { result, rerender } = renderHook(({ on }) => useLogTail({ ...EMPTY_FILTERS, service: "checkout" }, on), {
      initialProps: { on: false },
    });
    expect(FakeEventSource.all).toHaveLength(0);
    expect(result.current.status).toBe("off");
    rerender({ on: true });
    expect(latest().url).toBe("/api/v1/logs/tail?service=checkout");
    expect(result.current.status).toBe("connecting");
    act(() => latest().open());
    act(() => latest().emit("logs", { logs: [log("a"), log("b")] }));
    act(() => latest().emit("logs", { logs: [log("c")] }));
    act(() => latest().emit("dropped", { count: 7 }));
    expect(result.current.status).toBe("live");
    expect(result.current.buffer.rows.map((e) => e.log.body)).toEqual(["c", "b", "a"]);
    expect(result.current.buffer.dropped).toBe(7);
  });

  it("holds arrivals while paused", () => {
    const { result } = renderHook(() => useLogTail(EMPTY_FILTERS, true));
    act(() => latest().open());
    act(() => result.current.pause());
    act(() => latest().emit("logs", { logs: [log("x")] }));
    expect(result.current.buffer.rows).toHaveLength(0);
    expect(result.current.buffer.pending).toHaveLength(1);
    act(() => result.current.resume());
    expect(result.current.buffer.rows.map((e) => e.log.body)).toEqual(["x"]);
  });

  it("reopens with new filters (starting empty) and closes on unmount", () => {
    const { result, rerender, unmount } = renderHook(({ f }: { f: LogFilterState }) => useLogTail(f, true), {
      initialProps: { f: EMPTY_FILTERS },
    });
    const first = latest();
    act(() => first.open());
    act(() => first.emit("logs", { logs: [log("old")] }));
    rerender({ f: { ...EMPTY_FILTERS, severity: "WARN" } });
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(latest().url).toBe("/api/v1/logs/tail?severity=WARN");
    expect(result.current.buffer.rows).toHaveLength(0);
    unmount();
    expect(latest().readyState).toBe(FakeEventSource.CLOSED);
  });

  it("says the tail is unavailable when the api answers 501", async () => {
    const body = { error: { code: "not_implemented", message: "this process does not ingest" } };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(body), { status: 501 })),
    );
    const { result } = renderHook(() => useLogTail(EMPTY_FILTERS, true));
    act(() => latest().fail(FakeEventSource.CLOSED));
    await waitFor(() => expect(result.current.status).toBe("unavailable"));
    expect(result.current.message).toBe(
      "Live tail is not available: this process does not ingest. Search still works.",
    );
  });

  it("shows a reconnect as such, not as a failure", () => {
    const { result } = renderHook(() => useLogTail(EMPTY_FILTERS, true));
    act(() => latest().open());
    act(() => latest().fail(FakeEventSource.CONNECTING));
    expect(result.current.status).toBe("reconnecting");
    act(() => latest().open());
    expect(result.current.status).toBe("live");
  });
});
