// `npm start` (and `npm run migrate`, `backfill`, `agent`): the production build
// (dist/<entry>.mjs from `npm run build`) while the sources are those it was built from
// (scripts/source-hash.mjs), else the entry's source under tsx, so a checkout being worked on
// never runs a stale build. Which dependencies are installed cannot tell the two apart:
// `npm prune --omit=dev` keeps tsx (better-auth's optional peer vitest pulls it in).
// Usage: node scripts/launch.mjs [start|api|backfill|agent] [args for it...]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ENTRIES, STARTABLE } from "./entries.mjs";
import { sourceHash } from "./source-hash.mjs";

const named = STARTABLE.includes(process.argv[2]) ? process.argv.splice(2, 1)[0] : "start";
const dist = join(import.meta.dirname, "../dist");
const built = existsSync(join(dist, `${named}.mjs`)) && existsSync(join(dist, "sources.sha256"));
const current = built && readFileSync(join(dist, "sources.sha256"), "utf8").trim() === sourceHash();
const tsx = current ? undefined : await import("tsx/esm/api").catch(() => undefined);

if (current || (built && !tsx)) {
  if (!current) console.error("[start] sources changed since `npm run build`; running the build anyway (no tsx here)");
  await import(pathToFileURL(join(dist, `${named}.mjs`)).href);
} else if (tsx) {
  if (built) console.error("[start] sources changed since `npm run build`: running them under tsx");
  tsx.register();
  await import(pathToFileURL(join(import.meta.dirname, "..", ENTRIES[named])).href);
} else {
  console.error("[start] no production build (npm run build) and no tsx (npm install) to run the sources with");
  process.exitCode = 1;
}
