import { describe, expect, it } from "vitest";
import { type Cell, compact, firstFree, moveTo, nudge, overlaps, type Placed, resizeTo } from "./grid-layout.ts";

const at = (id: string, x: number, y: number, w: number, h: number): Placed => ({ id, grid: { x, y, w, h } });
/** id → "x,y,w,h", to read a whole layout at a glance. */
const cells = (items: readonly Placed[]) =>
  Object.fromEntries(items.map((i) => [i.id, `${i.grid.x},${i.grid.y},${i.grid.w},${i.grid.h}`]));
const noOverlap = (items: readonly Placed[]) =>
  items.every((a, i) => items.every((b, j) => i === j || !overlaps(a.grid, b.grid)));

// a | b on the first row, c full width under them.
const ROWS = [at("a", 0, 0, 12, 8), at("b", 12, 0, 12, 8), at("c", 0, 8, 24, 4)];

describe("grid layout", () => {
  it("packs panels upwards, keeping their columns and order", () => {
    const loose = [at("a", 0, 3, 12, 4), at("b", 12, 10, 12, 4), at("c", 0, 20, 6, 2), at("d", 0, 9, 24, 2)];
    const packed = compact(loose);
    expect(cells(packed)).toEqual({ a: "0,0,12,4", b: "12,6,12,4", c: "0,6,6,2", d: "0,4,24,2" });
    expect(packed.map((p) => p.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("holds a dragged panel where it is dropped and pushes the overlapped ones below it", () => {
    const held = moveTo(ROWS, "c", { x: 0, y: 2 });
    expect(cells(held)).toEqual({ a: "0,6,12,8", b: "12,6,12,8", c: "0,2,24,4" });
    expect(noOverlap(held)).toBe(true);
    // Dropped, the layout is packed: c has moved to the top.
    expect(cells(compact(held))).toEqual({ a: "0,4,12,8", b: "12,4,12,8", c: "0,0,24,4" });
  });

  it("swaps two stacked panels only once the dragged one passes the other's middle", () => {
    const stack = [at("a", 0, 0, 24, 8), at("b", 0, 8, 24, 8)];
    expect(cells(compact(moveTo(stack, "a", { x: 0, y: 3 })))).toEqual({ a: "0,0,24,8", b: "0,8,24,8" });
    expect(cells(compact(moveTo(stack, "a", { x: 0, y: 9 })))).toEqual({ a: "0,8,24,8", b: "0,0,24,8" });
  });

  it("keeps a moved panel inside the 24 columns", () => {
    expect(cells(moveTo(ROWS, "a", { x: 30, y: -4 }))).toMatchObject({ a: "12,0,12,8", b: "12,8,12,8" });
    expect(moveTo(ROWS, "a", { x: -2, y: 0.6 })[0]!.grid).toEqual({ x: 0, y: 1, w: 12, h: 8 });
  });

  it("resizes within the grid and pushes down what the panel grows over", () => {
    const wider = compact(resizeTo(ROWS, "a", { w: 18, h: 10 }));
    expect(cells(wider)).toEqual({ a: "0,0,18,10", b: "12,10,12,8", c: "0,18,24,4" });
    expect(noOverlap(wider)).toBe(true);
    expect(resizeTo(ROWS, "b", { w: 40, h: 0 }).find((p) => p.id === "b")!.grid).toEqual({ x: 12, y: 0, w: 12, h: 1 });
    expect(resizeTo(ROWS, "c", { w: 6, h: 500 }).find((p) => p.id === "c")!.grid).toEqual({ x: 0, y: 8, w: 6, h: 100 });
  });

  it("moves by keyboard steps: a column sideways, past the neighbour up and down, a row of size", () => {
    expect(cells(nudge(ROWS, "c", "up"))).toEqual({ a: "0,4,12,8", b: "12,4,12,8", c: "0,0,24,4" });
    // c spans under b too: a goes below c, leaving its place empty
    expect(cells(nudge(ROWS, "a", "down"))).toEqual({ a: "0,12,12,8", b: "12,0,12,8", c: "0,8,24,4" });
    const stack = [at("a", 0, 0, 24, 8), at("b", 0, 8, 12, 4)];
    expect(cells(nudge(stack, "a", "down"))).toEqual({ a: "0,4,24,8", b: "0,0,12,4" });
    expect(cells(nudge(ROWS, "c", "down"))).toEqual(cells(ROWS));
    expect(cells(nudge(ROWS, "a", "up"))).toEqual(cells(ROWS));
    // a column right overlaps b, which goes below a
    expect(cells(nudge(ROWS, "a", "right"))).toEqual({ a: "1,0,12,8", b: "12,8,12,8", c: "0,16,24,4" });
    expect(cells(nudge(ROWS, "a", "left"))).toEqual(cells(ROWS));
    expect(cells(nudge(ROWS, "c", "shorter"))).toMatchObject({ c: "0,8,24,3" });
    expect(cells(nudge(ROWS, "a", "narrower"))).toMatchObject({ a: "0,0,11,8" });
    expect(cells(nudge(ROWS, "a", "taller"))).toMatchObject({ a: "0,0,12,9", c: "0,9,24,4" });
    expect(cells(nudge(ROWS, "nope", "up"))).toEqual(cells(ROWS));
  });

  it("finds the first free cell of a size, else the row below everything", () => {
    const holes = [at("a", 0, 0, 12, 8), at("b", 12, 0, 12, 4)];
    expect(firstFree(holes, 12, 8)).toEqual<Cell>({ x: 12, y: 4, w: 12, h: 8 });
    expect(firstFree(holes, 24, 8)).toEqual<Cell>({ x: 0, y: 8, w: 24, h: 8 });
    expect(firstFree([], 12, 8)).toEqual<Cell>({ x: 0, y: 0, w: 12, h: 8 });
    expect(firstFree(ROWS, 40, 2)).toEqual<Cell>({ x: 0, y: 12, w: 24, h: 2 });
  });
});
