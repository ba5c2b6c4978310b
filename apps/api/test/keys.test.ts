import { describe, expect, it } from "vitest";
import { IngestKeys } from "../src/ingest/keys.ts";

describe("IngestKeys", () => {
  it("lets everything through when no keys are configured", () => {
    expect(() => new IngestKeys([]).check(undefined, undefined)).not.toThrow();
  });
  it("accepts a configured key as Bearer or x-tracelight-key", () => {
    const keys = new IngestKeys(["alpha", "beta"]);
    expect(() => keys.check("Bearer beta", undefined)).not.toThrow();
    expect(() => keys.check("bearer  alpha ", undefined)).not.toThrow();
    expect(() => keys.check(undefined, "alpha")).not.toThrow();
  });
  it("refuses a missing or wrong key with a message saying how to send one", () => {
    const keys = new IngestKeys(["alpha"]);
    expect(() => keys.check(undefined, undefined)).toThrow(/missing ingest key: send `Authorization: Bearer <key>`/);
    expect(() => keys.check("Basic YWxwaGE=", undefined)).toThrow(/missing ingest key/);
    expect(() => keys.check("Bearer alph", undefined)).toThrow(/invalid ingest key/);
    expect(() => keys.check(undefined, "alpha2")).toThrow(expect.objectContaining({ kind: "unauthenticated" }));
  });
});
