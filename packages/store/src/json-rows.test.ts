import { describe, expect, it } from "vitest";
import { converterFor, rowsFromCompactText } from "./json-rows.ts";

describe("rows from JSONCompactEachRowWithNamesAndTypes", () => {
  it("turns quoted 64-bit integers into numbers when exact, and keeps larger ones as exact strings", () => {
    const text = [
      '["small", "big", "min", "u32", "f", "s"]',
      '["UInt64", "UInt64", "Int64", "UInt32", "Float64", "String"]',
      '["42", "9223372036854775809", "-9223372036854775808", 4000000000, 1e20, "123"]',
      '["9007199254740991", "9007199254740992", "-9007199254740991", 0, 0.5, ""]',
    ].join("\n");
    expect(rowsFromCompactText(text)).toEqual([
      { small: 42, big: "9223372036854775809", min: "-9223372036854775808", u32: 4000000000, f: 1e20, s: "123" },
      { small: 9007199254740991, big: "9007199254740992", min: -9007199254740991, u32: 0, f: 0.5, s: "" },
    ]);
  });

  it("converts inside Nullable, LowCardinality, Array, Map and tuples, named or not", () => {
    expect(converterFor("Nullable(UInt64)")?.(null)).toBeNull();
    expect(converterFor("Array(Nullable(Int128))")?.(["1", null, "170141183460469231731687303715884105727"])).toEqual([
      1,
      null,
      "170141183460469231731687303715884105727",
    ]);
    expect(converterFor("Map(LowCardinality(String), UInt64)")?.({ a: "5", b: "18446744073709551615" })).toEqual({
      a: 5,
      b: "18446744073709551615",
    });
    expect(
      converterFor("Tuple(a UInt64, `b c` String, d DateTime64(9, 'UTC'))")?.({ a: "7", "b c": "7", d: "x" }),
    ).toEqual({
      a: 7,
      "b c": "7",
      d: "x",
    });
    expect(converterFor("Tuple(UInt64, String)")?.(["3", "3"])).toEqual([3, "3"]);
    expect(converterFor("SimpleAggregateFunction(sum, UInt64)")?.("8")).toBe(8);
  });

  it("leaves every other type alone", () => {
    for (const type of [
      "String",
      "DateTime64(9)",
      "Decimal64(3)",
      "Float64",
      "Array(String)",
      "Tuple(String, Float64)",
    ]) {
      expect(converterFor(type)).toBeUndefined();
    }
  });

  it("reads an empty result, with or without the header lines", () => {
    expect(rowsFromCompactText("")).toEqual([]);
    expect(rowsFromCompactText('["x"]\n["UInt8"]\n')).toEqual([]);
  });
});
