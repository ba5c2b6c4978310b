// `npm start`: the production build (dist/start.mjs from `npm run build`) when there is one and
// no source changed since, else scripts/start.ts from source under tsx — a checkout being worked
// on never runs a stale build. Which dependencies are installed cannot tell: `npm prune
// --omit=dev` keeps tsx (better-auth's optional peer vitest pulls it in).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");
const build = join(root, "dist/start.mjs");
const SOURCES = ["apps", "packages", "agent", "scripts", "prisma"];

/** The newest modification time under `dir`, skipping dependencies, build output and dot folders. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = existsSync(build) ? statSync(build).mtimeMs : 0;
const current = built > 0 && SOURCES.every((dir) => newestMtime(join(root, dir)) <= built);
const tsx = current ? undefined : await import("tsx/esm/api").catch(() => undefined);

if (current || (built > 0 && !tsx)) {
  if (!current) console.error("[start] sources changed since `npm run build`; running the build anyway (no tsx here)");
  await import(pathToFileURL(build).href);
} else if (tsx) {
  if (built > 0) console.error("[start] sources changed since `npm run build`: running from source");
  tsx.register();
  await import("./start.ts");
} else {
  console.error("[start] no production build (npm run build) and no tsx (npm install) to run the sources with");
  process.exitCode = 1;
}
