import { describe, expect, it } from "vitest";
import { hrefForState, stateFromParams } from "./view-state.ts";

describe("saved view state", () => {
  it("keeps single and repeated keys, leaves out view, and round-trips to the same query", () => {
    const params = new URLSearchParams("service=checkout&attr=a%3D1&attr=b%3D2&view=abc&from=now-6h&q=card+declined");
    const state = stateFromParams(params);
    expect(state).toEqual({ service: "checkout", attr: ["a=1", "b=2"], from: "now-6h", q: "card declined" });
    expect(hrefForState("/logs", state)).toBe(
      "/logs?service=checkout&attr=a%3D1&attr=b%3D2&from=now-6h&q=card+declined",
    );
  });

  it("an empty state is the bare page", () => {
    expect(hrefForState("/traces", stateFromParams(new URLSearchParams("view=x")))).toBe("/traces");
  });
});
