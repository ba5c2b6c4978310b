import { describe, expect, it } from "vitest";
import { answerUnit, conversionFactor, unitInfo } from "./units.ts";

describe("conversionFactor", () => {
  it.each([
    ["ms", "s", 1e-3],
    ["s", "ms", 1e3],
    ["ns", "ms", 1e-6],
    ["us", "s", 1e-6],
    ["min", "s", 60],
    ["h", "min", 60],
    ["d", "h", 24],
    ["KiBy", "By", 1024],
    ["MiBy", "KiBy", 1024],
    ["GiBy", "By", 1024 ** 3],
    ["kBy", "By", 1000],
    ["GBy", "MBy", 1000],
    ["%", "1", 0.01],
    ["1", "%", 100],
    ["{request}", "{request}", 1],
  ])("%s → %s is ×%d", (from, to, factor) => {
    expect(conversionFactor(from, to)).toBeCloseTo(factor, 12);
  });

  it.each([
    ["ms", "By"],
    ["s", "1"],
    ["{request}", "1"],
    ["ms", ""],
    ["", "s"],
    ["toString", "s"],
  ])("%s and %s do not convert", (from, to) => {
    expect(conversionFactor(from, to)).toBeUndefined();
  });

  it("knows nothing from the object prototype", () => {
    expect(unitInfo("constructor")).toBeUndefined();
    expect(unitInfo("__proto__")).toBeUndefined();
  });
});

describe("answerUnit", () => {
  const counts = (entries: [string, number][]) => new Map(entries);

  it("uses the semantic conventions' unit when any series converts into it", () => {
    expect(answerUnit("http.server.request.duration", counts([["ms", 5]]))).toBe("s");
    expect(
      answerUnit(
        "http.server.request.duration",
        counts([
          ["ms", 5],
          ["s", 1],
        ]),
      ),
    ).toBe("s");
    expect(answerUnit("http.server.duration", counts([["s", 3]]))).toBe("ms");
  });

  it("falls back to the unit most series carry when none converts into the conventional one", () => {
    expect(answerUnit("http.server.request.duration", counts([["{request}", 2]]))).toBe("{request}");
  });

  it("takes the majority for other metrics, alphabetically first on a tie", () => {
    expect(
      answerUnit(
        "queue.wait",
        counts([
          ["ms", 3],
          ["s", 1],
        ]),
      ),
    ).toBe("ms");
    expect(
      answerUnit(
        "queue.wait",
        counts([
          ["s", 2],
          ["ms", 2],
        ]),
      ),
    ).toBe("ms");
    expect(answerUnit("queue.wait", counts([]))).toBe("");
  });
});
