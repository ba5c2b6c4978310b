import { describe, expect, it } from "vitest";
import { LogAlertQuerySchema } from "./alerts.ts";

describe("a log rule's text", () => {
  it("is log search's query language, accepted as written", () => {
    const text = 'service:checkout severity>=error "card declined" -retry';
    expect(LogAlertQuerySchema.parse({ text }).text).toBe(text);
  });

  it("is refused when saved if it cannot be read, naming the column", () => {
    const result = LogAlertQuerySchema.safeParse({ text: "timeout AND (payments OR" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["text"]);
    expect(result.error?.issues[0]?.message).toMatch(/\(column \d+\)$/);
  });
});
