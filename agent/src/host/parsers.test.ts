// The /proc parsers against captured files (fixtures/), exact values.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProcStatFile, totalTicks } from "./cpu.ts";
import { isWholeDisk, parseDiskstats } from "./disk.ts";
import { filesystemSpace, parseMounts } from "./filesystem.ts";
import { parseMeminfo } from "./memory.ts";
import { parseNetDev } from "./network.ts";
import { parseResidentBytes } from "./processes.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

describe("parseProcStatFile (/proc/stat)", () => {
  it("reads the aggregate and per-CPU ticks by mode, and the boot time", () => {
    const stat = parseProcStatFile(fixture("proc-stat.txt"));
    expect(stat.total).toEqual({
      user: 121430,
      nice: 0,
      system: 12909,
      idle: 76284,
      iowait: 548,
      interrupt: 0,
      softirq: 235,
      steal: 135,
    });
    expect(stat.cpus).toEqual([
      {
        cpu: 0,
        ticks: { user: 59548, nice: 0, system: 6216, idle: 39685, iowait: 146, interrupt: 0, softirq: 65, steal: 69 },
      },
      {
        cpu: 1,
        ticks: { user: 61882, nice: 0, system: 6693, idle: 36598, iowait: 402, interrupt: 0, softirq: 170, steal: 65 },
      },
    ]);
    expect(stat.bootTime).toBe(1796270069);
    expect(totalTicks(stat.total!)).toBe(121430 + 12909 + 76284 + 548 + 235 + 135);
  });

  it("skips malformed cpu lines", () => {
    expect(parseProcStatFile("cpu 1 2 3\ncpu0 1 2 3 4 5 6 7 x\ncpuX 1 2 3 4 5 6 7 8\nbtime soon\n")).toEqual({
      cpus: [],
    });
  });
});

describe("parseMeminfo", () => {
  it("reads bytes, with used = MemTotal - MemAvailable", () => {
    expect(parseMeminfo(fixture("meminfo.txt"))).toEqual({
      total: 25276071936,
      free: 22444916736,
      used: 1250885632,
      cached: 1560952832,
      buffers: 87429120,
    });
  });

  it("estimates available memory on kernels without MemAvailable", () => {
    const old = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n";
    expect(parseMeminfo(old)?.used).toBe((1000 - 400) * 1024);
    expect(parseMeminfo("nonsense")).toBeUndefined();
  });
});

describe("parseDiskstats", () => {
  it("reads whole disks in bytes (512-byte sectors), skipping partitions, loop, ram and zram", () => {
    expect(parseDiskstats(fixture("diskstats.txt"))).toEqual([
      { device: "vda", reads: 32499, readBytes: 843342848, writes: 29718, writtenBytes: 4122329088, ioMs: 11484 },
      {
        device: "nvme0n1",
        reads: 283617,
        readBytes: 11449023488,
        writes: 537213,
        writtenBytes: 15826681856,
        ioMs: 260312,
      },
      { device: "sda", reads: 1520, readBytes: 45732864, writes: 12, writtenBytes: 61440, ioMs: 1008 },
      {
        device: "dm-0",
        reads: 370882,
        readBytes: 11435533312,
        writes: 899227,
        writtenBytes: 15826680832,
        ioMs: 261076,
      },
    ]);
  });

  it("tells disks from partitions by name", () => {
    for (const disk of ["sda", "vdb", "xvda", "nvme0n1", "mmcblk0", "md0", "dm-3"])
      expect(isWholeDisk(disk)).toBe(true);
    for (const part of ["sda1", "vdb12", "xvda1", "nvme0n1p2", "mmcblk0p1", "md0p1", "loop3", "ram0", "zram0"]) {
      expect(isWholeDisk(part)).toBe(false);
    }
  });
});

describe("parseNetDev", () => {
  it("reads every interface, loopback included, skipping malformed lines", () => {
    expect(parseNetDev(fixture("net-dev.txt"))).toEqual([
      {
        name: "lo",
        receive: { bytes: 1234326430, packets: 64999, errors: 0 },
        transmit: { bytes: 1234326430, packets: 64999, errors: 0 },
      },
      { name: "ifb0", receive: { bytes: 0, packets: 0, errors: 0 }, transmit: { bytes: 0, packets: 0, errors: 0 } },
      { name: "ifb1", receive: { bytes: 0, packets: 0, errors: 0 }, transmit: { bytes: 0, packets: 0, errors: 0 } },
      {
        name: "eth0",
        receive: { bytes: 754131388, packets: 16390, errors: 0 },
        transmit: { bytes: 1098579, packets: 9925, errors: 0 },
      },
      {
        name: "wlp2s0",
        receive: { bytes: 3123456789, packets: 2345678, errors: 7 },
        transmit: { bytes: 456789012, packets: 1234567, errors: 3 },
      },
    ]);
  });
});

describe("parseMounts", () => {
  it("keeps disk filesystems once each, unescaping names", () => {
    expect(parseMounts(fixture("mounts.txt"))).toEqual([
      { device: "/dev/mapper/vgubuntu-root", mountpoint: "/", type: "ext4", mode: "rw" },
      { device: "/dev/nvme0n1p1", mountpoint: "/boot/efi", type: "vfat", mode: "rw" },
      { device: "/dev/sda1", mountpoint: "/mnt/backup disk", type: "xfs", mode: "ro" },
      { device: "tank/data", mountpoint: "/tank/data", type: "zfs", mode: "rw" },
    ]);
  });
});

describe("filesystemSpace", () => {
  it("splits the blocks into used, free (for users) and reserved (for root)", () => {
    const statfs = () => ({ bsize: 4096, blocks: 1000, bfree: 300, bavail: 250 });
    expect(filesystemSpace("/", statfs)).toEqual({ used: 700 * 4096, free: 250 * 4096, reserved: 50 * 4096 });
  });

  it("is undefined when statfs fails or the filesystem has no blocks", () => {
    const failing = () => {
      throw new Error("EACCES");
    };
    expect(filesystemSpace("/", failing)).toBeUndefined();
    expect(filesystemSpace("/", () => ({ bsize: 4096, blocks: 0, bfree: 0, bavail: 0 }))).toBeUndefined();
  });
});

describe("parseResidentBytes", () => {
  it("reads VmRSS (kB) from /proc/<pid>/status", () => {
    expect(parseResidentBytes("Name:\tnode\nVmRSS:\t 1009116 kB\nThreads:\t170\n")).toBe(1009116 * 1024);
    expect(parseResidentBytes("Name:\tkthreadd\n")).toBeUndefined();
  });
});
