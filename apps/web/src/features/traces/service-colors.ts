// One colour per service: the same service gets the same colour on every page (a hash of its
// name picks the slot), and services shown together never share one while slots are free.
export const SERVICE_PALETTE = [
  "#3b82f6", // blue
  "#f59e0b", // amber
  "#10b981", // emerald
  "#a855f7", // purple
  "#06b6d4", // cyan
  "#ec4899", // pink
  "#84cc16", // lime
  "#f97316", // orange
  "#6366f1", // indigo
  "#14b8a6", // teal
  "#eab308", // yellow
  "#8b5cf6", // violet
  "#0ea5e9", // sky
  "#d946ef", // fuchsia
  "#22c55e", // green
  "#64748b", // slate
] as const;

/** FNV-1a: small and stable across runs and browsers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function serviceColor(name: string): string {
  return SERVICE_PALETTE[hash(name) % SERVICE_PALETTE.length]!;
}

/** Colours for services shown together: each takes its own slot, or the next free one. */
export function serviceColors(names: Iterable<string>): Map<string, string> {
  const unique = [...new Set(names)].sort();
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const name of unique) {
    let slot = hash(name) % SERVICE_PALETTE.length;
    if (taken.size < SERVICE_PALETTE.length) while (taken.has(slot)) slot = (slot + 1) % SERVICE_PALETTE.length;
    taken.add(slot);
    colors.set(name, SERVICE_PALETTE[slot]!);
  }
  return colors;
}
