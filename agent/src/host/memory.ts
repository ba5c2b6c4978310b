// /proc/meminfo, in bytes.

export interface MemoryInfo {
  total: number;
  free: number;
  /**
   * MemTotal - MemAvailable: what the kernel could not hand to a new program without swapping.
   * "Total minus free minus caches" undercounts (some cache is not reclaimable) and "total
   * minus free" counts the page cache as used, so this is the number to alert on.
   */
  used: number;
  cached: number;
  buffers: number;
}

export function parseMeminfo(text: string): MemoryInfo | undefined {
  const kb = new Map<string, number>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const value = Number.parseInt(line.slice(colon + 1).trim(), 10);
    if (Number.isFinite(value)) kb.set(line.slice(0, colon), value * 1024);
  }
  const total = kb.get("MemTotal");
  const free = kb.get("MemFree");
  if (total === undefined || free === undefined) return undefined;
  const cached = kb.get("Cached") ?? 0;
  const buffers = kb.get("Buffers") ?? 0;
  // MemAvailable exists since Linux 3.14; before it, free + buffers + cache is the usual estimate.
  const available = kb.get("MemAvailable") ?? free + buffers + cached;
  return { total, free, used: Math.max(0, total - available), cached, buffers };
}
