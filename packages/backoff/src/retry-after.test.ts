import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry-after.ts";

const now = Date.parse("2026-01-01T00:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    // delta-seconds
    { value: "3", expected: 3000 },
    { value: " 0 ", expected: 0 },
    { value: "120", expected: 120_000 },
    { value: "7200", expected: MAX_RETRY_AFTER_MS },
    { value: "9".repeat(400), expected: MAX_RETRY_AFTER_MS },
    // HTTP-date: IMF-fixdate, RFC 850 and asctime
    { value: "Thu, 01 Jan 2026 00:00:05 GMT", expected: 5000 },
    { value: "Thursday, 01-Jan-26 00:00:05 GMT", expected: 5000 },
    { value: "Thu Jan  1 00:00:05 2026", expected: 5000 },
    { value: "Thu Jan 01 00:00:05 2026", expected: 5000 },
    { value: "Wed, 31 Dec 2025 23:59:00 GMT", expected: 0 },
    { value: "Sunday, 06-Nov-94 08:49:37 GMT", expected: 0 },
    { value: "Fri, 01 Jan 2027 00:00:00 GMT", expected: MAX_RETRY_AFTER_MS },
    // not a Retry-After value
    { value: null, expected: undefined },
    { value: undefined, expected: undefined },
    { value: "", expected: undefined },
    { value: "soon", expected: undefined },
    { value: "-1", expected: undefined },
    { value: "1.5", expected: undefined },
    { value: "2026-01-01T00:00:05Z", expected: undefined },
    { value: "Thu, 01 Jan 2026 00:00:05 PST", expected: undefined },
    { value: "Thu, 01 Jan 2026 25:00:05 GMT", expected: undefined },
    { value: "Thu, 32 Jan 2026 00:00:05 GMT", expected: undefined },
    { value: "Sat, 00 Jan 2026 00:00:05 GMT", expected: undefined },
    { value: "Tue, 31 Feb 2026 00:00:05 GMT", expected: undefined },
  ])("$value → $expected", ({ value, expected }) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it("is bounded by the caller's maximum", () => {
    expect(parseRetryAfter("3600", now, 60_000)).toBe(60_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:12 GMT", now, 60_000)).toBe(12_000);
  });
});
