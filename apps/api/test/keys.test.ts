import { describe, expect, it } from "vitest";
import { IngestKeys, type StoredIngestKeys } from "../src/ingest/keys.ts";

/** Keys as the accounts store would answer for them. */
const stored = (...keys: string[]): StoredIngestKeys => ({
  ingestKeysExist: async () => keys.length > 0,
  verifyIngestKey: async (key) => keys.includes(key),
});

describe("IngestKeys", () => {
  it("lets everything through when no keys are configured or stored", async () => {
    await expect(new IngestKeys([]).check(undefined, undefined)).resolves.toBeUndefined();
    await expect(new IngestKeys([], stored()).check(undefined, undefined)).resolves.toBeUndefined();
  });
  it("accepts a configured key as Bearer or x-tracelight-key", async () => {
    const keys = new IngestKeys(["alpha", "beta"]);
    await expect(keys.check("Bearer beta", undefined)).resolves.toBeUndefined();
    await expect(keys.check("bearer  alpha ", undefined)).resolves.toBeUndefined();
    await expect(keys.check(undefined, "alpha")).resolves.toBeUndefined();
  });
  it("refuses a missing or wrong key with a message saying how to send one", async () => {
    const keys = new IngestKeys(["alpha"]);
    await expect(keys.check(undefined, undefined)).rejects.toThrow(
      /missing ingest key: send `Authorization: Bearer <key>`/,
    );
    await expect(keys.check("Basic YWxwaGE=", undefined)).rejects.toThrow(/missing ingest key/);
    await expect(keys.check("Bearer alph", undefined)).rejects.toThrow(/invalid ingest key/);
    await expect(keys.check(undefined, "alpha2")).rejects.toEqual(expect.objectContaining({ kind: "unauthenticated" }));
  });
  it("with only stored keys, requires one and accepts it beside configured ones", async () => {
    const onlyStored = new IngestKeys([], stored("tl_ing_made"));
    await expect(onlyStored.check(undefined, undefined)).rejects.toThrow(/missing ingest key/);
    await expect(onlyStored.check("Bearer tl_ing_made", undefined)).resolves.toBeUndefined();
    const both = new IngestKeys(["alpha"], stored("tl_ing_made"));
    await expect(both.check(undefined, "alpha")).resolves.toBeUndefined();
    await expect(both.check(undefined, "tl_ing_made")).resolves.toBeUndefined();
    await expect(both.check(undefined, "tl_ing_other")).rejects.toThrow(/invalid ingest key/);
  });
  it("accepts its own key (its self-metrics) while keys are required", async () => {
    const keys = new IngestKeys(["alpha"]);
    await expect(keys.check(`Bearer ${keys.ownKey}`, undefined)).resolves.toBeUndefined();
  });
});
