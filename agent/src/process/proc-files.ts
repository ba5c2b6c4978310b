// Reading /proc without exceptions: a process can exit between listing and reading, and some
// files need privileges, so "could not read" is an ordinary answer (undefined), not an error.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** /proc files that hold NUL-separated strings (cmdline, environ), without the trailing empty entry. */
export function readNulSeparated(path: string): string[] | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  const parts = text.split("\0");
  if (parts.at(-1) === "") parts.pop();
  return parts;
}

export function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

export function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Numeric entries of the proc root, i.e. the pids of the processes (thread-group leaders). */
export function listPids(procRoot: string): number[] {
  const pids: number[] = [];
  for (const name of listDir(procRoot)) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}
