// `npm start`: the production build (dist/start.mjs from `npm run build`) while the sources are
// those it was built from (scripts/source-hash.mjs), else scripts/start.ts from source under
// tsx, so a checkout being worked on never runs a stale build. Which dependencies are installed
// cannot tell the two apart: `npm prune --omit=dev` keeps tsx (better-auth's optional peer
// vitest pulls it in).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sourceHash } from "./source-hash.mjs";

const dist = join(import.meta.dirname, "../dist");
const built = existsSync(join(dist, "start.mjs")) && existsSync(join(dist, "sources.sha256"));
const current = built && readFileSync(join(dist, "sources.sha256"), "utf8").trim() === sourceHash();
const tsx = current ? undefined : await import("tsx/esm/api").catch(() => undefined);

if (current || (built && !tsx)) {
  if (!current) console.error("[start] sources changed since `npm run build`; running the build anyway (no tsx here)");
  await import(pathToFileURL(join(dist, "start.mjs")).href);
} else if (tsx) {
  if (built) console.error("[start] sources changed since `npm run build`: running them under tsx");
  tsx.register();
  await import("./start.ts");
} else {
  console.error("[start] no production build (npm run build) and no tsx (npm install) to run the sources with");
  process.exitCode = 1;
}
