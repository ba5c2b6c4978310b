// User names for process.owner, from a passwd file. Reloaded at most once a minute, so a user
// added while the agent runs shows up without re-reading the file for every process.
import { readText } from "./proc-files.ts";

export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const [name, , uid] = line.split(":");
    const id = Number(uid);
    if (name && uid && Number.isInteger(id) && !names.has(id)) names.set(id, name);
  }
  return names;
}

const RELOAD_MS = 60_000;

export class UserNames {
  #names = new Map<number, string>();
  #loadedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly passwdPath = "/etc/passwd") {}

  /** The user's name, or undefined when the passwd file does not list the uid. */
  lookup(uid: number): string | undefined {
    const now = Date.now();
    if (now - this.#loadedAt > RELOAD_MS) {
      const text = readText(this.passwdPath);
      if (text !== undefined) this.#names = parsePasswd(text);
      this.#loadedAt = now;
    }
    return this.#names.get(uid);
  }
}
