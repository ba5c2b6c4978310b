import { describe, expect, it } from "vitest";
import { z } from "zod";
import { blankAsUnset, commaList, hostNames, httpUrl, port } from "./fields.ts";

const accepts = (schema: z.ZodType, input: unknown) => schema.safeParse(input).success;

describe("blankAsUnset", () => {
  it("treats an empty or all-space value as unset, so the default applies", () => {
    const schema = blankAsUnset(z.string().default("fallback"));
    expect(schema.parse("")).toBe("fallback");
    expect(schema.parse("  ")).toBe("fallback");
    expect(schema.parse(undefined)).toBe("fallback");
    expect(schema.parse(" x ")).toBe(" x ");
    expect(blankAsUnset(z.string().optional()).parse(" ")).toBeUndefined();
  });

  it("still refuses what the schema refuses", () => {
    expect(accepts(blankAsUnset(z.enum(["on", "off"]).default("on")), "yes")).toBe(false);
  });
});

describe("port", () => {
  it("coerces 1-65535 and defaults when unset", () => {
    expect(port(4318).parse(undefined)).toBe(4318);
    expect(port(4318).parse("1")).toBe(1);
    expect(port(4318).parse("65535")).toBe(65535);
  });

  it("refuses 0 unless it is a listener's, and anything out of range or not an integer", () => {
    expect(accepts(port(4318), "0")).toBe(false);
    expect(port(4318, { listen: true }).parse("0")).toBe(0);
    for (const bad of ["65536", "-1", "80.5", "http"]) {
      expect(accepts(port(4318), bad)).toBe(false);
      expect(accepts(port(4318, { listen: true }), bad)).toBe(false);
    }
  });
});

describe("httpUrl", () => {
  it("accepts http and https URLs", () => {
    expect(httpUrl("http://localhost:3000").parse("https://obs.example.com/x")).toBe("https://obs.example.com/x");
    expect(accepts(httpUrl("http://localhost:3000"), "http://127.0.0.1:4318")).toBe(true);
  });

  it("refuses other schemes and bare hosts, showing the example", () => {
    for (const bad of ["ftp://x", "ingest:4318", "localhost", ""]) {
      const result = httpUrl("http://ingest:4318").safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("must be an http(s):// URL such as http://ingest:4318");
    }
  });
});

describe("commaList", () => {
  it("trims entries and drops empty ones", () => {
    expect(commaList().parse(" a, b ,,c,")).toEqual(["a", "b", "c"]);
    expect(commaList().parse("")).toEqual([]);
    expect(commaList().parse(" , ")).toEqual([]);
  });

  it("takes a default as a list, and stays unset when optional", () => {
    expect(commaList().default(["loopback"]).parse(undefined)).toEqual(["loopback"]);
    expect(commaList().optional().parse(undefined)).toBeUndefined();
  });
});

describe("hostNames", () => {
  it("accepts host names, IPs, [IPv6] and ports, comma-separated", () => {
    expect(hostNames.parse(undefined)).toBe("");
    for (const ok of ["obs.example.com", "obs.example.com, 10.0.0.5", "[::1]:3000,localhost:3000"])
      expect(hostNames.parse(ok)).toBe(ok);
  });

  it("refuses URLs and paths", () => {
    for (const bad of ["https://obs.example.com", "obs.example.com/x", "a;b"]) {
      const result = hostNames.safeParse(bad);
      expect(result.error?.issues[0]?.message).toBe(
        "must be a comma list of host names such as obs.example.com,10.0.0.5",
      );
    }
  });
});
