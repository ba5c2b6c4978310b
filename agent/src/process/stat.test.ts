import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProcStat } from "./stat.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

describe("parseProcStat", () => {
  it("takes the comm up to the last parenthesis, spaces and parentheses included", () => {
    expect(parseProcStat(fixture("stat-weird-comm.txt"))).toEqual({
      pid: 9951,
      comm: "my (weird) proc",
      state: "S",
      ppid: 9950,
      kernelThread: false,
      userTicks: 0,
      systemTicks: 0,
      threads: 1,
      startTicks: 105997,
      virtualBytes: 2990080,
      residentPages: 421,
    });
  });

  it("reads the CPU ticks, threads and start time of a busy process", () => {
    expect(parseProcStat(fixture("stat-node.txt"))).toMatchObject({
      pid: 4331,
      comm: "node",
      ppid: 4330,
      userTicks: 57074,
      systemTicks: 3816,
      threads: 170,
      startTicks: 28136,
      virtualBytes: 69565579264,
      residentPages: 252258,
      kernelThread: false,
    });
  });

  it("marks kernel threads (PF_KTHREAD)", () => {
    expect(parseProcStat(fixture("stat-kthreadd.txt"))).toMatchObject({ pid: 2, comm: "kthreadd", kernelThread: true });
  });

  it("rejects truncated and malformed lines", () => {
    expect(parseProcStat("")).toBeUndefined();
    expect(parseProcStat("12 (cut short) S 1 2 3")).toBeUndefined();
    expect(
      parseProcStat("12 no parentheses S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22"),
    ).toBeUndefined();
    expect(parseProcStat(fixture("stat-node.txt").replace(" 57074 ", " x "))).toBeUndefined();
  });
});
