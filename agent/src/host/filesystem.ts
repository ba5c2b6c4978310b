// Space on the host's disk filesystems: /proc/mounts for what is mounted, statfs for the space.
//
// Only block-device filesystems (device /dev/…) and ZFS datasets are counted. Pseudo and memory
// filesystems (proc, sysfs, cgroup, tmpfs, overlay, …) have no disk behind them, squashfs and
// iso9660 are read-only images that are always full, and network filesystems are skipped on
// purpose: statfs on an unreachable NFS server blocks, and collect() is synchronous.
import { statfsSync } from "node:fs";

export interface Mount {
  device: string;
  mountpoint: string;
  type: string;
  mode: "rw" | "ro";
}

export interface FilesystemSpace {
  /** Bytes in use. */
  used: number;
  /** Bytes an unprivileged user can still write. */
  free: number;
  /** Bytes kept for root (free blocks that only root may use). */
  reserved: number;
}

const IMAGE_TYPES = new Set(["squashfs", "iso9660", "udf"]);
const DATASET_TYPES = new Set(["zfs"]);

/** The disk filesystems of a /proc/mounts text, each device once (its first mount: bind mounts repeat it). */
export function parseMounts(text: string): Mount[] {
  const mounts: Mount[] = [];
  const seen = new Set<string>();
  for (const line of text.split("\n")) {
    const [device, mountpoint, type, options] = line.split(" ");
    if (device === undefined || mountpoint === undefined || type === undefined) continue;
    const onDisk = (device.startsWith("/dev/") && !IMAGE_TYPES.has(type)) || DATASET_TYPES.has(type);
    if (!onDisk || seen.has(device)) continue;
    seen.add(device);
    const mode = options?.split(",").includes("ro") ? "ro" : "rw";
    mounts.push({ device: unescapeMount(device), mountpoint: unescapeMount(mountpoint), type, mode });
  }
  return mounts;
}

/** /proc/mounts writes space, tab, newline and backslash as octal escapes (\040 …). */
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export type Statfs = (path: string) => { bsize: number; blocks: number; bfree: number; bavail: number };

export function filesystemSpace(mountpoint: string, statfs: Statfs = statfsSync): FilesystemSpace | undefined {
  try {
    const s = statfs(mountpoint);
    if (s.blocks <= 0) return undefined;
    return {
      used: (s.blocks - s.bfree) * s.bsize,
      free: s.bavail * s.bsize,
      reserved: Math.max(0, s.bfree - s.bavail) * s.bsize,
    };
  } catch {
    return undefined;
  }
}
