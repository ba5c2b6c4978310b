// One hash over the sources a production build compiles (paths and contents; not dependencies,
// build output or dot folders): `npm run build` keeps it in dist/, and `npm start` runs the build
// only while the sources still hash the same. Contents, not times: installing rewrites generated
// files (the Prisma clients, their schema) with the same bytes. Run directly, it prints the hash.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["apps", "packages", "agent", "scripts", "prisma"];
const root = join(import.meta.dirname, "..");

function addTree(hash, dir, relative) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    if (entry.name.endsWith(".tsbuildinfo")) continue;
    const path = join(dir, entry.name);
    const name = `${relative}/${entry.name}`;
    if (entry.isDirectory()) addTree(hash, path, name);
    else if (entry.isFile()) hash.update(`${name}\0`).update(readFileSync(path)).update("\0");
  }
}

export function sourceHash() {
  const hash = createHash("sha256");
  for (const dir of SOURCES) addTree(hash, join(root, dir), dir);
  return hash.digest("hex");
}

if (process.argv[1] === import.meta.filename) console.log(sourceHash());
