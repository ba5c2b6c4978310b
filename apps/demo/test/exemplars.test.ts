import { type SpanContext, TraceFlags } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { bucketIndex, ExemplarReservoir, seriesKey } from "../src/telemetry/exemplars.ts";

const span = (n: number, sampled = true): SpanContext => ({
  traceId: n.toString(16).padStart(32, "0"),
  spanId: n.toString(16).padStart(16, "0"),
  traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
});

describe("bucketIndex", () => {
  it("puts a value in the first bucket whose upper bound it does not exceed (bounds inclusive)", () => {
    const bounds = [10, 100];
    expect(bucketIndex(0, bounds)).toBe(0);
    expect(bucketIndex(10, bounds)).toBe(0);
    expect(bucketIndex(10.01, bounds)).toBe(1);
    expect(bucketIndex(100, bounds)).toBe(1);
    expect(bucketIndex(1e9, bounds)).toBe(2);
  });
});

describe("seriesKey", () => {
  it("does not depend on attribute order", () => {
    expect(seriesKey({ a: 1, b: "x" })).toBe(seriesKey({ b: "x", a: 1 }));
    expect(seriesKey({ a: 1 })).not.toBe(seriesKey({ a: "1" }));
  });
});

describe("ExemplarReservoir", () => {
  it("keeps the latest sampled measurement per series and bucket, and starts over after a drain", () => {
    const reservoir = new ExemplarReservoir([10, 100]);
    const a = { route: "/a" };
    reservoir.offer(5, a, span(1), "1000");
    reservoir.offer(7, a, span(2), "2000"); // same bucket: replaces the first
    reservoir.offer(50, a, span(3), "3000");
    reservoir.offer(5000, { route: "/b" }, span(4, false), "4000"); // unsampled: ignored
    reservoir.offer(6000, { route: "/b" }, undefined, "5000"); // no span: ignored

    const drained = reservoir.drain();
    expect([...drained.keys()]).toEqual([seriesKey(a)]);
    expect(drained.get(seriesKey(a))).toEqual([
      { value: 7, timeUnixNano: "2000", traceId: span(2).traceId, spanId: span(2).spanId },
      { value: 50, timeUnixNano: "3000", traceId: span(3).traceId, spanId: span(3).spanId },
    ]);
    expect(reservoir.drain().size).toBe(0);
  });

  it("stamps the current time in unix nanoseconds by default", () => {
    const reservoir = new ExemplarReservoir([10]);
    const before = BigInt(Date.now()) * 1_000_000n;
    reservoir.offer(1, {}, span(1));
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    const [exemplar] = reservoir.drain().get(seriesKey({})) ?? [];
    expect(exemplar?.timeUnixNano).toMatch(/^\d{19}$/);
    const t = BigInt(exemplar?.timeUnixNano ?? 0);
    expect(t >= before && t <= after).toBe(true);
  });
});
