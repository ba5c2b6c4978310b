// The check against a real engine: chDB's version passes the minimum; a minimum above it is
// refused with both versions named (the injected minimum stands in for an old server).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { checkEngineVersion, EngineVersionError } from "../src/engine-version.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { freshDir } from "./support/chdb-dir.ts";

const dir = freshDir("engine-version");
let t: ClickHouseTransport;
beforeAll(() => {
  t = openChdbTransport(dir.path);
});
afterAll(async () => {
  await t?.close();
  dir.remove();
});

describe("checkEngineVersion", () => {
  it("reads version() and accepts this engine", async () => {
    expect(await checkEngineVersion(t)).toMatch(/^2[6-9]\.\d+\.\d+/);
  });

  it("refuses an engine older than the minimum", async () => {
    const found = await checkEngineVersion(t);
    const refused = checkEngineVersion(t, "99.1");
    await expect(refused).rejects.toThrow(EngineVersionError);
    await expect(refused).rejects.toThrow(`ClickHouse ${found} is too old: Tracelight needs 99.1 or newer`);
  });
});
