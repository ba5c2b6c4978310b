import { describe, expect, it } from "vitest";
import { SERVICE_PALETTE, serviceColor, serviceColors } from "./service-colors.ts";

describe("service colours", () => {
  it("gives a service the same colour every time", () => {
    expect(serviceColor("checkout")).toBe(serviceColor("checkout"));
    expect(serviceColors(["checkout"]).get("checkout")).toBe(serviceColor("checkout"));
  });
  it("gives services shown together distinct colours while the palette lasts", () => {
    const names = Array.from({ length: SERVICE_PALETTE.length }, (_, i) => `svc-${i}`);
    const colors = serviceColors([...names, ...names]);
    expect(colors.size).toBe(names.length);
    expect(new Set(colors.values()).size).toBe(SERVICE_PALETTE.length);
    // Past the palette, colours repeat rather than fail.
    expect(serviceColors([...names, "one-more"]).get("one-more")).toBeDefined();
  });
  it("does not depend on the order the services arrive in", () => {
    expect([...serviceColors(["b", "a", "c"])].sort()).toEqual([...serviceColors(["c", "b", "a"])].sort());
  });
});
