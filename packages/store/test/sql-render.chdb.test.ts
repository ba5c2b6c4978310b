// Values rendered into the statement text reach the real engine exactly as the engine's own
// parameter binding delivers them, for every type the repo binds, hostile strings included.
import { Session } from "chdb";
import { afterAll, describe, expect, it } from "vitest";
import { type BoundQuery, sql, typed } from "../src/sql.ts";
import { renderBoundQuery } from "../src/sql-render.ts";
import { freshDir } from "./support/chdb-dir.ts";

const dir = freshDir("sql-render");
const session = new Session(dir.path, { installSignalHandlers: false });
afterAll(() => {
  session.close();
  dir.remove();
});

const HOSTILE = [
  "",
  "it's",
  "''; DROP TABLE x; --",
  "back\\slash\\",
  "\\'",
  "nul\0byte",
  "line\nbreak\r\ttab\b\f\v\x1b\x7f",
  "{p0:String}",
  "{p1:Int64} {x:Array(String)}",
  "漢字 🚀 é",
  "lone \ud800 surrogate",
];

const run = async (text: string) => (await session.queryAsync(text, { format: "JSONEachRow" })).text();
const bound = async (q: BoundQuery) =>
  (await session.queryBindAsync(q.text, q.params as Record<string, unknown>, { format: "JSONEachRow" })).text();

describe("renderBoundQuery over chDB", () => {
  it.each(HOSTILE)("round-trips the string %j byte for byte", async (value) => {
    const q = sql`SELECT ${value} AS s, hex(${value}) AS h, ${[value, "x"]} AS a, ${typed(new Map([[value, value]]), "Map(String, String)")} AS m`;
    const rendered = await run(renderBoundQuery(q));
    const expectedHex = Buffer.from(value, "utf8").toString("hex").toUpperCase();
    expect(JSON.parse(rendered).h).toBe(expectedHex);
    expect(rendered).toBe(await bound(q));
  });

  it("keeps invalid UTF-8 bytes exactly", async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x27, 0x5c, 0x00, 0xc3, 0x28, 0x7b]);
    const [row] = (await run(renderBoundQuery(sql`SELECT hex(${typed(bytes, "String")}) AS h`))).trim().split("\n");
    expect(JSON.parse(row ?? "{}").h).toBe("FFFE275C00C3287B");
  });

  it("gives every numeric, array, map and time type the value binding gives", async () => {
    const q = sql`SELECT ${typed(-9_007_199_254_740_991, "Int64")} AS i64, ${typed(4_294_967_295, "UInt32")} AS u32,
      ${typed(255, "UInt8")} AS u8, ${typed(18_446_744_073_709_551_615n, "UInt64")} AS u64, ${-0.1} AS f,
      ${typed(1.5e-300, "Float64")} AS tiny, ${[1.5, -2, 3.25e-7]} AS af, ${typed([], "Array(String)")} AS empty,
      ${typed(["a", "b"], "Array(String)")} IN (['a', 'b']) AS inList, ${typed({ k: "v", "'": "\\" }, "Map(String, String)")} AS m,
      ${typed("2026-03-01 10:00:00.123456789", "DateTime64(9)")} AS ts, ${true} AS yes, toTypeName(${typed(7, "UInt32")}) AS t`;
    const rendered = await run(renderBoundQuery(q));
    expect(rendered).toBe(await bound(q));
    expect(rendered).toContain('"u64":18446744073709551615');
    expect(rendered).toContain('"ts":"2026-03-01 10:00:00.123456789"');
  });

  it("renders non-finite floats, which the binding refuses", async () => {
    const rendered = await run(renderBoundQuery(sql`SELECT toString(${Number.NaN}) AS n, toString(${-Infinity}) AS i`));
    expect(JSON.parse(rendered)).toEqual({ n: "nan", i: "-inf" });
  });

  it("works where ClickHouse allows a parameter: LIMIT and INTERVAL", async () => {
    const q = sql`SELECT count() AS n FROM (SELECT number FROM numbers(10) LIMIT ${typed(3, "UInt32")})
      WHERE now() - INTERVAL ${typed(5, "UInt32")} SECOND < now()`;
    expect(await run(renderBoundQuery(q))).toBe('{"n":3}\n');
  });

  it("refuses values it cannot render exactly", () => {
    expect(() => renderBoundQuery(sql`SELECT ${typed(2 ** 60, "Int64")}`)).toThrow(/bigint/);
    expect(() => renderBoundQuery(sql`SELECT ${typed(new Date(), "DateTime64(3)")}`)).toThrow(/cannot render/);
    expect(() => renderBoundQuery({ text: "SELECT {p9:String}", params: {} })).toThrow(/p9/);
  });
});
