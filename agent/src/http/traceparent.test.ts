import { describe, expect, it } from "vitest";
import { parseTraceParent } from "./traceparent.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

describe("parseTraceParent", () => {
  it("reads trace ID, parent span and the sampled flag", () => {
    expect(parseTraceParent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, parentSpanId: SPAN, sampled: true });
    expect(parseTraceParent(` 00-${TRACE}-${SPAN}-00 `)?.sampled).toBe(false);
  });

  it("accepts later versions with more fields, as the spec asks", () => {
    expect(parseTraceParent(`01-${TRACE}-${SPAN}-01-extra`)?.traceId).toBe(TRACE);
  });

  it("refuses invalid headers so a new trace starts instead", () => {
    for (const header of [
      undefined,
      "",
      `ff-${TRACE}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-01-extra`,
      `00-${"0".repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${"0".repeat(16)}-01`,
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
    ])
      expect(parseTraceParent(header)).toBeUndefined();
  });
});
