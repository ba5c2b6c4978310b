// Remote ports of a process's established TCP connections: the socket inodes it holds
// (/proc/<pid>/fd) looked up in its own network namespace's tables (/proc/<pid>/net/tcp{,6}).
import { listDir, readLink, readText } from "./proc-files.ts";

const TCP_ESTABLISHED = "01";

/** inode → remote port of the established connections in a /proc/net/tcp or tcp6 table. */
export function parseEstablished(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n").slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/);
    if (fields[3] !== TCP_ESTABLISHED || fields.length < 10) continue;
    const remote = fields[2]!;
    const port = Number.parseInt(remote.slice(remote.lastIndexOf(":") + 1), 16);
    if (Number.isInteger(port) && fields[9] !== "0") out.set(fields[9]!, port);
  }
  return out;
}

export function remotePorts(procRoot: string, pid: number): Set<number> {
  const dir = `${procRoot}/${pid}`;
  const inodes = new Set<string>();
  for (const fd of listDir(`${dir}/fd`)) {
    const link = readLink(`${dir}/fd/${fd}`);
    if (link?.startsWith("socket:[")) inodes.add(link.slice(8, -1));
  }
  const ports = new Set<number>();
  if (inodes.size === 0) return ports;
  for (const table of ["tcp", "tcp6"]) {
    for (const [inode, port] of parseEstablished(readText(`${dir}/net/${table}`) ?? "")) {
      if (inodes.has(inode)) ports.add(port);
    }
  }
  return ports;
}
