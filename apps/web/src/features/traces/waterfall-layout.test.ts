import { describe, expect, it } from "vitest";
import { MS, span, T0_MS } from "./test-spans.ts";
import {
  ancestorIds,
  barFractions,
  buildTraceTree,
  collapseBelowDepth,
  rulerTicks,
  visibleNodes,
} from "./waterfall-layout.ts";

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

describe("buildTraceTree", () => {
  it("hangs spans under their parents, siblings by start time, in pre-order with depths", () => {
    const tree = buildTraceTree([
      span("c", "a", 50, 20),
      span("a", "", 0, 100),
      span("b", "a", 10, 30),
      span("d", "b", 15, 5),
    ]);
    expect(ids(tree.nodes)).toEqual(["a", "b", "d", "c"]);
    expect(tree.nodes.map((n) => n.depth)).toEqual([0, 1, 2, 1]);
    expect(tree.nodes.map((n) => n.index)).toEqual([0, 1, 2, 3]);
    expect(tree.byId.get("a")!.descendantCount).toBe(3);
    expect(tree.byId.get("b")!.descendantCount).toBe(1);
    expect(tree.maxDepth).toBe(2);
    expect(tree.startMs).toBe(T0_MS);
    expect(tree.durationNs).toBe(100 * MS);
  });

  it("measures from the earliest span even when the root starts later", () => {
    const tree = buildTraceTree([span("a", "", 5, 10), span("b", "a", 2, 20)]);
    expect(tree.byId.get("a")!.startNs).toBe(3 * MS);
    expect(tree.byId.get("b")!.startNs).toBe(0);
    expect(tree.durationNs).toBe(20 * MS);
  });

  it("keeps nanosecond precision from the UnixNano strings", () => {
    const a = span("a", "", 0, 1);
    const b = { ...span("b", "a", 0, 0.000001), startTimeUnixNano: (BigInt(a.startTimeUnixNano) + 7n).toString() };
    const tree = buildTraceTree([a, b]);
    expect(tree.byId.get("b")!.startNs).toBe(7);
    expect(tree.byId.get("b")!.endNs).toBe(8);
  });

  it("puts orphans (missing parent) at the top level, flagged, with their subtrees", () => {
    const tree = buildTraceTree([span("a", "", 0, 100), span("x", "gone", 20, 10), span("y", "x", 22, 5)]);
    expect(ids(tree.roots)).toEqual(["a", "x"]);
    expect(tree.byId.get("x")!.orphan).toBe(true);
    expect(tree.byId.get("a")!.orphan).toBe(false);
    expect(tree.byId.get("y")!.orphan).toBe(false);
    expect(tree.byId.get("y")!.depth).toBe(1);
  });

  it("flags children outside their parent's time (clock skew) and still places them", () => {
    const tree = buildTraceTree([span("a", "", 10, 50), span("early", "a", 0, 20), span("late", "a", 40, 40)]);
    const early = tree.byId.get("early")!;
    const late = tree.byId.get("late")!;
    expect(early.skewed).toBe(true);
    expect(late.skewed).toBe(true);
    expect(tree.byId.get("a")!.skewed).toBe(false);
    expect(barFractions(early, tree.durationNs)).toEqual({ offset: 0, width: 0.25 });
    expect(barFractions(late, tree.durationNs)).toEqual({ offset: 0.5, width: 0.5 });
  });

  it("draws a span sent twice once, and survives parent loops and self-parents", () => {
    const tree = buildTraceTree([
      span("a", "", 0, 10),
      span("a", "", 0, 10),
      span("p", "q", 1, 2),
      span("q", "p", 2, 2),
      span("r", "q", 3, 1),
      span("s", "s", 4, 1),
    ]);
    expect(tree.nodes).toHaveLength(5);
    expect(new Set(ids(tree.nodes))).toEqual(new Set(["a", "p", "q", "r", "s"]));
    expect(tree.byId.get("s")!.orphan).toBe(true);
    // The loop p <-> q is cut once; r stays under q.
    expect(tree.byId.get("r")!.parent?.id).toBe("q");
    expect(tree.roots.filter((n) => n.id === "p" || n.id === "q")).toHaveLength(1);
  });

  it("handles an empty trace and a zero-length one", () => {
    expect(buildTraceTree([]).nodes).toEqual([]);
    const tree = buildTraceTree([span("a", "", 0, 0)]);
    expect(tree.durationNs).toBe(0);
    expect(barFractions(tree.nodes[0]!, 0)).toEqual({ offset: 0, width: 0 });
  });

  it("builds 2,000 spans quickly without deep recursion", () => {
    const spans = [span("s0", "", 0, 5000)];
    for (let i = 1; i < 2000; i++) spans.push(span(`s${i}`, `s${i - 1}`, i, 5000 - 2 * i));
    const started = performance.now();
    const tree = buildTraceTree(spans);
    expect(performance.now() - started).toBeLessThan(200);
    expect(tree.maxDepth).toBe(1999);
    expect(tree.nodes[1999]!.id).toBe("s1999");
  });
});

describe("collapse and visibility", () => {
  const tree = buildTraceTree([
    span("a", "", 0, 100),
    span("b", "a", 10, 30),
    span("d", "b", 15, 5),
    span("e", "d", 16, 1),
    span("c", "a", 50, 20),
  ]);
  it("hides the descendants of collapsed spans only", () => {
    expect(ids(visibleNodes(tree, new Set()))).toEqual(["a", "b", "d", "e", "c"]);
    expect(ids(visibleNodes(tree, new Set(["b"])))).toEqual(["a", "b", "c"]);
    expect(ids(visibleNodes(tree, new Set(["a"])))).toEqual(["a"]);
    expect(ids(visibleNodes(tree, new Set(["d", "b"])))).toEqual(["a", "b", "c"]);
    expect(ids(visibleNodes(tree, new Set(["c"])))).toEqual(["a", "b", "d", "e", "c"]);
  });
  it("lists the ancestors to expand and collapses below a depth", () => {
    expect(ancestorIds(tree, "e")).toEqual(["d", "b", "a"]);
    expect(ancestorIds(tree, "a")).toEqual([]);
    expect(ancestorIds(tree, "nope")).toEqual([]);
    expect(collapseBelowDepth(tree, 1)).toEqual(new Set(["b", "d"]));
  });
});

describe("rulerTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten", () => {
    expect(rulerTicks(100 * MS)).toEqual([0, 20, 40, 60, 80, 100].map((ms) => ms * MS));
    expect(rulerTicks(730 * MS, 5)).toEqual([0, 200, 400, 600].map((ms) => ms * MS));
    expect(rulerTicks(0)).toEqual([0]);
  });
});
