import { describe, expect, it } from "vitest";
import { randomHexId } from "./ids.ts";

describe("randomHexId", () => {
  it("gives lowercase hex IDs of the asked size, distinct, across pool refills", () => {
    // 10,000 × 24 bytes is several 64 KiB pools.
    const ids = Array.from({ length: 10_000 }, () => [randomHexId(16), randomHexId(8)]).flat();
    for (const [i, id] of ids.entries()) expect(id).toMatch(i % 2 === 0 ? /^[0-9a-f]{32}$/ : /^[0-9a-f]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => /^0+$/.test(id))).toBe(false);
  });
});
