import { describe, expect, it } from "vitest";
import { log, MS, span } from "./test-spans.ts";
import { formatOffset, interleave, logsBySpan, placeLogs } from "./timeline.ts";
import { buildTraceTree } from "./waterfall-layout.ts";

const tree = buildTraceTree([span("a", "", 0, 100), span("b", "a", 10, 30), span("c", "a", 10, 50)]);

describe("placeLogs", () => {
  it("orders logs by time with offsets from the trace start and finds their spans", () => {
    // The api answers newest first.
    const placed = placeLogs(tree, [log(50, "c", "late"), log(12, "b", "inside b"), log(-3, "", "before")]);
    expect(placed.map((p) => [p.log.body, p.offsetNs / MS, p.span?.id])).toEqual([
      ["before", -3, undefined],
      ["inside b", 12, "b"],
      ["late", 50, "c"],
    ]);
  });
  it("keeps arrival order reversed for equal times and ignores unknown span IDs", () => {
    const placed = placeLogs(tree, [log(20, "b", "second"), log(20, "b", "first"), log(30, "zz", "other trace")]);
    expect(placed.map((p) => p.log.body)).toEqual(["first", "second", "other trace"]);
    expect(placed[2]!.span).toBeUndefined();
    expect([...logsBySpan(placed).entries()].map(([id, list]) => [id, list.length])).toEqual([["b", 2]]);
  });
  it("falls back to epoch ms when the nanosecond string is missing", () => {
    const placed = placeLogs(tree, [{ ...log(7, "a", "x"), timestampUnixNano: "0" }]);
    expect(placed[0]!.offsetNs).toBe(7 * MS);
  });
});

describe("interleave", () => {
  const placed = placeLogs(tree, [log(10, "b", "b starts work"), log(5, "a", "a log"), log(200, "", "after")]);
  it("merges span starts and logs by time, span before log at the same instant, parents first", () => {
    const entries = interleave(tree, placed);
    expect(entries.map((e) => (e.kind === "span" ? `span ${e.node.id}` : `log ${e.placed.log.body}`))).toEqual([
      "span a",
      "log a log",
      // b and c start together: the longer one first, as in the waterfall.
      "span c",
      "span b",
      "log b starts work",
      "log after",
    ]);
  });
  it("lists only logs when asked", () => {
    expect(interleave(tree, placed, false).every((e) => e.kind === "log")).toBe(true);
  });
});

describe("formatOffset", () => {
  it("signs offsets from the trace start", () => {
    const ms = (v: number) => `${v} ms`;
    expect(formatOffset(0, ms)).toBe("0");
    expect(formatOffset(1.5 * MS, ms)).toBe("+1.5 ms");
    expect(formatOffset(-2 * MS, ms)).toBe("−2 ms");
  });
});
