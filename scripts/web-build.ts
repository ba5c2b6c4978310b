// Whether the web UI's production build (in `distDir` under apps/web) is newer than its sources
// and the contracts it compiles in; `npm start` and the e2e servers rebuild when it is not.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
export const webDir = join(root, "apps/web");
export const nextBin = createRequire(join(webDir, "package.json")).resolve("next/dist/bin/next");

/** The newest modification time under `dir`, skipping build output, dot folders and dependencies. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function webBuildIsCurrent(distDir: string): boolean {
  const buildId = join(webDir, distDir, "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const sources = Math.max(newestMtime(webDir), newestMtime(join(root, "packages/contracts/src")));
  return statSync(buildId).mtimeMs >= sources;
}
