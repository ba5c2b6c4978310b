// Which process listens on which TCP port: listening sockets (state 0A) from /proc/net/tcp{,6},
// matched to their owners through the `socket:[inode]` links in /proc/<pid>/fd. Used to say
// which process accepted a connection. /proc/net is the reader's network namespace: run the
// agent in the host's network namespace to see the host's listeners.
import { listDir, listPids, readLink, readText } from "./proc-files.ts";

const TCP_LISTEN = "0A";

export interface ListeningSocket {
  port: number;
  inode: string;
}

/** Listening sockets of a /proc/net/tcp or /proc/net/tcp6 table. */
export function parseListeningSockets(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split("\n").slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    const fields = line.trim().split(/\s+/);
    if (fields[3] !== TCP_LISTEN || fields.length < 10) continue;
    const local = fields[1]!;
    const port = Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16);
    const inode = fields[9]!;
    if (Number.isInteger(port) && inode !== "0") sockets.push({ port, inode });
  }
  return sockets;
}

/**
 * Listening TCP port → pid of the process holding the socket, read afresh. When processes share
 * a listening socket, the lowest pid is the owner (a forking server's parent, not a worker),
 * but pid 1 only when nobody else holds it: systemd keeps the sockets it activates services
 * with. Ports whose socket no visible process holds are left out.
 */
export function listeningPorts(procRoot = "/proc"): Map<number, number> {
  return new ListeningPorts(procRoot).read();
}

interface Owner {
  pid: number;
  fd: string;
}

/**
 * listeningPorts for repeated use. Reading every process's fd links costs about 7 µs a link and
 * a busy host has tens of thousands, so this remembers which fd of which process held each
 * socket, and while that link still names the socket, one readlink confirms the owner. Only a
 * new listener, or one whose owner let go, makes it read every process's fds; sockets no process
 * was found holding (one in another pid namespace) are not searched for again until then.
 */
export class ListeningPorts {
  /** inode → where it was found at the last read. */
  #owners = new Map<string, Owner>();
  /** Inodes the last full scan did not find. */
  #unowned = new Set<string>();
  readonly #procRoot: string;

  constructor(procRoot = "/proc") {
    this.#procRoot = procRoot;
  }

  read(): Map<number, number> {
    const portsByInode = new Map<string, number[]>();
    for (const table of ["tcp", "tcp6"]) {
      for (const { port, inode } of parseListeningSockets(readText(`${this.#procRoot}/net/${table}`) ?? "")) {
        portsByInode.set(inode, [...(portsByInode.get(inode) ?? []), port]);
      }
    }
    const owners = new Map<string, Owner>();
    for (const [inode, owner] of this.#owners) {
      if (portsByInode.has(inode) && this.#holds(owner, inode)) owners.set(inode, owner);
    }
    const missing = [...portsByInode.keys()].filter((inode) => !owners.has(inode));
    if (missing.some((inode) => !this.#unowned.has(inode))) {
      const found = this.#scan(new Set(missing));
      for (const [inode, owner] of found) owners.set(inode, owner);
      this.#unowned = new Set(missing.filter((inode) => !found.has(inode)));
    } else {
      this.#unowned = new Set(missing);
    }
    this.#owners = owners;

    const ports = new Map<number, number>();
    for (const [inode, { pid }] of owners) {
      for (const port of portsByInode.get(inode) ?? []) if (!ports.has(port)) ports.set(port, pid);
    }
    return ports;
  }

  #holds({ pid, fd }: Owner, inode: string): boolean {
    return readLink(`${this.#procRoot}/${pid}/fd/${fd}`) === `socket:[${inode}]`;
  }

  /** Owners of `wanted` in pid order (pid 1 last); stops reading once all are found. */
  #scan(wanted: ReadonlySet<string>): Map<string, Owner> {
    const found = new Map<string, Owner>();
    const pids = listPids(this.#procRoot).sort((a, b) => (a === 1 ? 1 : b === 1 ? -1 : a - b));
    for (const pid of pids) {
      const fdDir = `${this.#procRoot}/${pid}/fd`;
      for (const fd of listDir(fdDir)) {
        const link = readLink(`${fdDir}/${fd}`);
        if (!link?.startsWith("socket:[")) continue;
        const inode = link.slice(8, -1);
        if (!wanted.has(inode) || found.has(inode)) continue;
        found.set(inode, { pid, fd });
        if (found.size === wanted.size) return found;
      }
    }
    return found;
  }
}
