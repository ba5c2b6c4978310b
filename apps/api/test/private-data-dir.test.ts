// The data directory is made owner-only, and an existing one readable by others is tightened.
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makePrivateDir } from "../src/private-data-dir.ts";

const root = mkdtempSync(join(tmpdir(), "tracelight-private-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const modeOf = (dir: string) => statSync(dir).mode & 0o777;

describe("makePrivateDir", () => {
  it("creates a missing directory (and its parents) as 0700", () => {
    const dir = join(root, "a", "data");
    expect(makePrivateDir(dir)).toBe("created");
    expect(modeOf(dir)).toBe(0o700);
  });
  it("takes group and other access away from an existing directory", () => {
    const dir = join(root, "shared");
    makePrivateDir(dir);
    chmodSync(dir, 0o755);
    expect(makePrivateDir(dir)).toBe("tightened");
    expect(modeOf(dir)).toBe(0o700);
    expect(makePrivateDir(dir)).toBe("private");
  });
});
