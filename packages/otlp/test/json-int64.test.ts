// OTLP/JSON int64 fields sent as JSON numbers (allowed by protobuf's JSON mapping) keep every
// digit, even above 2^53 where JSON.parse would round them to a double.
import { describe, expect, it } from "vitest";
import { decodeLogs, decodeMetrics, decodeTraces } from "../src/index.ts";
import { parseJson, quoteLongIntegers } from "../src/json/exact-json.ts";
import { SPAN, TRACE } from "./handbuilt-constants.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
/** 2^53 + 1: the first integer a double cannot hold. */
const UNSAFE = 9_007_199_254_740_993n;

describe("int64 numbers in OTLP/JSON", () => {
  it("span times and intValue attributes", () => {
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}",
      "startTimeUnixNano": 1700000000123456789, "endTimeUnixNano":1700000000123456999,
      "attributes":[{"key":"max","value":{"intValue":9223372036854775807}},
                    {"key":"min","value":{"intValue":-9223372036854775808}},
                    {"key":"list","value":{"arrayValue":{"values":[{"intValue":${UNSAFE}}]}}}]}]}]}]}`;
    const { rows, errors } = decodeTraces(bytes(body), "json");
    expect(errors).toEqual([]);
    expect(rows[0]?.Timestamp).toBe(1_700_000_000_123_456_789n);
    expect(rows[0]?.Duration).toBe(210n);
    expect(rows[0]?.SpanAttributes).toEqual({
      max: "9223372036854775807",
      min: "-9223372036854775808",
      list: `[${UNSAFE}]`,
    });
  });

  it("log times", () => {
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[
      {"timeUnixNano":1700000000000000001,"observedTimeUnixNano":1700000000000000002,"body":{"stringValue":"x"}}]}]}]}`;
    expect(decodeLogs(bytes(body), "json").rows[0]?.Timestamp).toBe(1_700_000_000_000_000_001n);
  });

  it("histogram counts, bucket counts and point times; doubles as before", () => {
    const body = `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","histogram":{"dataPoints":[
      {"startTimeUnixNano":1700000000000000007,"timeUnixNano":1700000060000000009,
       "count":${UNSAFE},"sum":100000000000000000001,"bucketCounts":[${UNSAFE - 1n},2],"explicitBounds":[1]}]}}]}]}]}`;
    const point = decodeMetrics(bytes(body), "json").rows.histogram[0];
    expect(point).toMatchObject({
      StartTimeUnix: 1_700_000_000_000_000_007n,
      TimeUnix: 1_700_000_060_000_000_009n,
      Count: UNSAFE,
      Sum: 1e20, // a double field reads a long literal as JSON.parse does
      BucketCounts: [UNSAFE - 1n, 2n],
    });
  });
});

describe("quoteLongIntegers", () => {
  it("leaves strings, short integers and non-integers as JSON.parse reads them", () => {
    const text = String.raw`{"s":"a:12345678901234567890,\"[12345678901234567890","n":[123456789012345,-5,
      12345678901234567.5,0.12345678901234567,1.5e300,12345678901234567e2,1e+12345678901234567],"t":true,"z":null}`;
    expect(quoteLongIntegers(text)).toBe(text);
    expect(parseJson(text, true)).toEqual(JSON.parse(text));
  });

  it("quotes only whole integer literals of 16 digits or more", () => {
    expect(quoteLongIntegers(`[1234567890123456,-12345678901234567 ,"1234567890123456"]`)).toBe(
      `["1234567890123456","-12345678901234567" ,"1234567890123456"]`,
    );
  });
});
