// Panels on the 24-column grid as the editor moves and resizes them: the panel being moved is
// held where it was dropped, the others are pushed below it when they overlap, and everything
// is then packed upwards (vertical compaction, as Grafana does), so a layout never has a panel
// over another or hanging above an empty row. Pure.
import { GRID_COLUMNS } from "@tracelight/contracts";

export interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Placed {
  id: string;
  grid: Cell;
}

/** The contracts' bounds of a panel's height. */
const MAX_H = 100;

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

export function overlaps(a: Cell, b: Cell): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Top to bottom, then left to right: the order compaction places panels in. */
const byPosition = (a: Placed, b: Placed) => a.grid.y - b.grid.y || a.grid.x - b.grid.x;

/**
 * Every panel as high as it can go without overlapping those placed before it. `held` (the one
 * being dragged) is placed first and keeps its cell; the others rise as if it were not there,
 * then go below it if they would overlap it, so a panel it is dragged under takes its place.
 */
export function compact<T extends Placed>(items: readonly T[], held?: string): T[] {
  const holding = items.find((i) => i.id === held);
  const rest = items.filter((i) => i !== holding).sort(byPosition);
  const placed: Cell[] = [];
  const moved = new Map<string, Cell>();
  for (const item of rest) {
    const cell = { ...item.grid };
    while (cell.y > 0 && !placed.some((p) => overlaps(p, { ...cell, y: cell.y - 1 }))) cell.y--;
    const all = holding ? [holding.grid, ...placed] : placed;
    for (let hit = all.find((p) => overlaps(p, cell)); hit; hit = all.find((p) => overlaps(p, cell)))
      cell.y = hit.y + hit.h;
    placed.push(cell);
    moved.set(item.id, cell);
  }
  return items.map((i) => ({ ...i, grid: moved.get(i.id) ?? i.grid }));
}

/** The layout while `id` is held at `to` (its x kept on the grid). */
export function moveTo<T extends Placed>(items: readonly T[], id: string, to: { x: number; y: number }): T[] {
  return withCell(items, id, (g) => ({ ...g, x: clamp(to.x, 0, GRID_COLUMNS - g.w), y: clamp(to.y, 0, 10_000) }));
}

/** The layout while `id` is held at size `to` (kept inside the grid). */
export function resizeTo<T extends Placed>(items: readonly T[], id: string, to: { w: number; h: number }): T[] {
  return withCell(items, id, (g) => ({ ...g, w: clamp(to.w, 1, GRID_COLUMNS - g.x), h: clamp(to.h, 1, MAX_H) }));
}

function withCell<T extends Placed>(items: readonly T[], id: string, cell: (g: Cell) => Cell): T[] {
  return compact(
    items.map((i) => (i.id === id ? { ...i, grid: cell(i.grid) } : i)),
    id,
  );
}

export type Nudge = "left" | "right" | "up" | "down" | "wider" | "narrower" | "taller" | "shorter";

/**
 * One keyboard step, committed (compacted): a column sideways, a row of size, or up to the top
 * of the nearest panel above that shares a column, down to the bottom of the nearest below (a
 * single row down would only be packed back).
 */
export function nudge<T extends Placed>(items: readonly T[], id: string, step: Nudge): T[] {
  const item = items.find((i) => i.id === id);
  if (item === undefined) return [...items];
  const g = item.grid;
  const sharing = items.filter((i) => i.id !== id && i.grid.x < g.x + g.w && g.x < i.grid.x + i.grid.w);
  let held: T[];
  switch (step) {
    case "left":
    case "right":
      held = moveTo(items, id, { x: g.x + (step === "left" ? -1 : 1), y: g.y });
      break;
    case "up": {
      const above = sharing
        .filter((i) => i.grid.y + i.grid.h <= g.y)
        .sort((a, b) => b.grid.y + b.grid.h - (a.grid.y + a.grid.h))[0];
      held = above ? moveTo(items, id, { x: g.x, y: above.grid.y }) : [...items];
      break;
    }
    case "down": {
      const below = sharing.filter((i) => i.grid.y >= g.y + g.h).sort((a, b) => a.grid.y - b.grid.y)[0];
      held = below ? moveTo(items, id, { x: g.x, y: below.grid.y + below.grid.h }) : [...items];
      break;
    }
    default:
      held = resizeTo(items, id, {
        w: g.w + (step === "wider" ? 1 : step === "narrower" ? -1 : 0),
        h: g.h + (step === "taller" ? 1 : step === "shorter" ? -1 : 0),
      });
  }
  return compact(held);
}

/** The first cell of size w×h, top row first then leftmost, that no panel covers. */
export function firstFree(items: readonly Placed[], w: number, h: number): Cell {
  const width = clamp(w, 1, GRID_COLUMNS);
  const bottom = Math.max(0, ...items.map((i) => i.grid.y + i.grid.h));
  for (let y = 0; y < bottom; y++) {
    for (let x = 0; x + width <= GRID_COLUMNS; x++) {
      const cell = { x, y, w: width, h };
      if (!items.some((i) => overlaps(i.grid, cell))) return cell;
    }
  }
  return { x: 0, y: bottom, w: width, h };
}
