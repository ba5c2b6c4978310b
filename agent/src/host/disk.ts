// /proc/diskstats: I/O of whole disks. Partitions are left out (their I/O is already in their
// disk's line), and so are loop, ram and zram devices (files and memory, not disks). Device
// mapper and md devices stay: they are the names people know (LVM volumes, RAID arrays), even
// though their I/O also shows on the disks underneath.

/** diskstats counts sectors of 512 bytes whatever the device's real sector size. */
const SECTOR_BYTES = 512;

export interface DiskStats {
  device: string;
  reads: number;
  writes: number;
  readBytes: number;
  writtenBytes: number;
  /** Milliseconds during which the device had I/O in flight. */
  ioMs: number;
}

const PSEUDO_DEVICE = /^(?:loop|ram|zram)\d+$/;
const PARTITION = /^(?:(?:[shv]d|xvd)[a-z]+\d+|(?:nvme\d+n\d+|mmcblk\d+|md\d+|nbd\d+)p\d+)$/;

export function isWholeDisk(device: string): boolean {
  return !PSEUDO_DEVICE.test(device) && !PARTITION.test(device);
}

export function parseDiskstats(text: string): DiskStats[] {
  const disks: DiskStats[] = [];
  for (const line of text.split("\n")) {
    // major minor name reads merged sectors ms writes merged sectors ms in_flight io_ms weighted_ms …
    const fields = line.trim().split(/\s+/);
    const device = fields[2];
    if (fields.length < 14 || device === undefined || !isWholeDisk(device)) continue;
    const n = (i: number) => Number(fields[i]);
    const stats = {
      device,
      reads: n(3),
      readBytes: n(5) * SECTOR_BYTES,
      writes: n(7),
      writtenBytes: n(9) * SECTOR_BYTES,
      ioMs: n(12),
    };
    if ([stats.reads, stats.readBytes, stats.writes, stats.writtenBytes, stats.ioMs].every(Number.isFinite)) {
      disks.push(stats);
    }
  }
  return disks;
}
