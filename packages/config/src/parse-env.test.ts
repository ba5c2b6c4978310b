import { describe, expect, it } from "vitest";
import { z } from "zod";
import { port } from "./fields.ts";
import { ConfigError, parseEnv } from "./parse-env.ts";

const Env = z.object({
  API_PORT: port(3001),
  RATE: z.coerce.number().positive().default(8),
  MODE: z.enum(["on", "off"]).default("on"),
});

describe("parseEnv", () => {
  it("returns the typed value, defaults filled in", () => {
    expect(parseEnv(Env, {})).toEqual({ API_PORT: 3001, RATE: 8, MODE: "on" });
    expect(parseEnv(Env, { API_PORT: "80", MODE: "off", OTHER: "x" })).toEqual({ API_PORT: 80, RATE: 8, MODE: "off" });
  });

  it("throws one ConfigError naming every invalid variable, a line each", () => {
    let error: unknown;
    try {
      parseEnv(Env, { API_PORT: "70000", RATE: "0", MODE: "maybe" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message.split("\n")).toEqual([
      "invalid configuration:",
      expect.stringMatching(/^ {2}API_PORT: .+/),
      expect.stringMatching(/^ {2}RATE: .+/),
      expect.stringMatching(/^ {2}MODE: .+/),
    ]);
  });

  it("names the variable a refinement points at, and shows a whole-schema problem as it is", () => {
    const Pair = z.object({ A: z.string().optional(), B: z.string().optional() }).superRefine((e, ctx) => {
      if ((e.A === undefined) !== (e.B === undefined))
        ctx.addIssue({ code: "custom", path: ["B"], message: "set both" });
    });
    expect(() => parseEnv(Pair, { A: "x" })).toThrow("invalid configuration:\n  B: set both");
    expect(() =>
      parseEnv(
        z.object({}).refine(() => false, "never"),
        {},
      ),
    ).toThrow("invalid configuration:\n  never");
  });
});

describe("ConfigError", () => {
  it("lists the problems it is given", () => {
    const error = new ConfigError(["A must not exceed B", "C: not a port"]);
    expect(error.name).toBe("ConfigError");
    expect(error.message).toBe("invalid configuration:\n  A must not exceed B\n  C: not a port");
  });
});
