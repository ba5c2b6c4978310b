import { describe, expect, it } from "vitest";
import { criticalPath } from "./critical-path.ts";
import { MS, span } from "./test-spans.ts";
import { buildTraceTree } from "./waterfall-layout.ts";

const sectionsMs = (spans: Parameters<typeof buildTraceTree>[0]) =>
  criticalPath(buildTraceTree(spans)).sections.map((s) => [s.spanId, s.startNs / MS, s.endNs / MS]);

describe("criticalPath", () => {
  it("is the whole root when it has no children", () => {
    expect(sectionsMs([span("a", "", 0, 10)])).toEqual([["a", 0, 10]]);
  });

  it("walks sequential children and gives the gaps to the parent", () => {
    // a: 0..100; b: 10..40, c: 40..90 (c starts as b ends).
    expect(sectionsMs([span("a", "", 0, 100), span("b", "a", 10, 30), span("c", "a", 40, 50)])).toEqual([
      ["a", 0, 10],
      ["b", 10, 40],
      ["c", 40, 90],
      ["a", 90, 100],
    ]);
  });

  it("skips a child overlapped by a later-finishing sibling", () => {
    // b 10..60 and c 20..80 run in parallel: c finishes last; b is still running when c starts.
    expect(sectionsMs([span("a", "", 0, 100), span("b", "a", 10, 50), span("c", "a", 20, 60)])).toEqual([
      ["a", 0, 20],
      ["c", 20, 80],
      ["a", 80, 100],
    ]);
  });

  it("takes an earlier child that finished before the chosen one started", () => {
    // d 5..15 ends before c (20..80) starts; b (10..60) overlaps c.
    const path = sectionsMs([
      span("a", "", 0, 100),
      span("d", "a", 5, 10),
      span("b", "a", 10, 50),
      span("c", "a", 20, 60),
    ]);
    expect(path).toEqual([
      ["a", 0, 5],
      ["d", 5, 15],
      ["a", 15, 20],
      ["c", 20, 80],
      ["a", 80, 100],
    ]);
  });

  it("descends through grandchildren", () => {
    const path = sectionsMs([
      span("a", "", 0, 100),
      span("b", "a", 10, 80),
      span("c", "b", 20, 30),
      span("d", "b", 60, 20),
    ]);
    expect(path).toEqual([
      ["a", 0, 10],
      ["b", 10, 20],
      ["c", 20, 50],
      ["b", 50, 60],
      ["d", 60, 80],
      ["b", 80, 90],
      ["a", 90, 100],
    ]);
  });

  it("clips children that overflow their parent (clock skew) and ignores ones wholly outside", () => {
    const path = sectionsMs([
      span("a", "", 10, 50),
      span("late", "a", 40, 40), // ends at 80, after a ends at 60
      span("outside", "a", 70, 5),
    ]);
    // Offsets count from the earliest span, a (10 ms after T0).
    expect(path).toEqual([
      ["a", 0, 30],
      ["late", 30, 50],
    ]);
  });

  it("does not loop on zero-length children", () => {
    expect(sectionsMs([span("a", "", 0, 10), span("z", "a", 5, 0), span("y", "a", 5, 0)])).toEqual([["a", 0, 10]]);
  });

  it("covers orphans at the top level, leaving the gaps between them to nobody", () => {
    const path = sectionsMs([span("a", "", 0, 50), span("x", "missing", 60, 40)]);
    expect(path).toEqual([
      ["a", 0, 50],
      ["x", 60, 100],
    ]);
  });

  it("groups sections by span and survives a 5,000-deep chain", () => {
    const spans = [span("s0", "", 0, 20000)];
    for (let i = 1; i < 5000; i++) spans.push(span(`s${i}`, `s${i - 1}`, i, 20000 - 2 * i));
    const path = criticalPath(buildTraceTree(spans));
    expect(path.bySpan.size).toBe(5000);
    expect(path.bySpan.get("s0")).toHaveLength(2);
  });
});
