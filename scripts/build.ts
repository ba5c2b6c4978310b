// `npm run build`: the production build that `npm start` runs while the sources are the ones it
// was built from (scripts/launch.mjs), and that the images in docker/ ship. Each entry becomes one ES module in
// dist/ with the workspace packages compiled in and every other package left to node_modules
// (native ones such as chdb, @libsql/* and @node-rs/argon2 cannot be bundled, and the rest keep
// reading their own files where they expect them); before them, the web UI's `next build`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { build, type Plugin } from "esbuild";
import { ENTRIES } from "./entries.mjs";
import { nextBin, webDir } from "./web-build.ts";

const root = join(import.meta.dirname, "..");
const outdir = join(root, "dist");

/** dist/<name>.mjs ← source. */
const entries: Record<string, string> = ENTRIES;

/**
 * Packages resolved from node_modules at run time; @tracelight/* (TypeScript source) is compiled
 * in. dist/ finds them in the root node_modules only: a copy that npm nested under a workspace
 * (another version) would be missed or silently swapped for the root's, so it fails the build.
 */
const thirdPartyExternal: Plugin = {
  name: "third-party-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@tracelight/") || args.path.startsWith("node:")) return undefined;
      const name = args.path
        .split("/")
        .slice(0, args.path.startsWith("@") ? 2 : 1)
        .join("/");
      for (let dir = dirname(args.importer); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
        if (dir.split(sep).includes("node_modules")) break;
        if (existsSync(join(dir, "node_modules", name)))
          return { errors: [{ text: `${name} is nested in ${relative(root, dir)}/node_modules: align its version` }] };
      }
      if (!existsSync(join(root, "node_modules", name)))
        return { errors: [{ text: `${name} is not in the root node_modules, where dist/ looks for it` }] };
      return { external: true };
    });
  },
};

/**
 * Code that finds files beside its source (packages/store/migrations, prisma/migrations, bpf/,
 * the web's directory) reads import.meta; bundled, that would name dist/. Each module's
 * import.meta.url, .dirname and .filename are rewritten to its source file's location, found
 * relative to the bundle when it runs, so a moved checkout or an image still works.
 */
const sourceLocation: Plugin = {
  name: "source-location",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.split(sep).includes("node_modules")) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.")) return { contents: source, loader: "ts" };
      const url = `new URL(${JSON.stringify(relative(outdir, args.path).split(sep).join("/"))}, import.meta.url)`;
      const contents = source
        .replaceAll("import.meta.url", `${url}.href`)
        .replaceAll("import.meta.filename", `__tlFileUrlToPath(${url})`)
        .replaceAll("import.meta.dirname", `__tlDirname(__tlFileUrlToPath(${url}))`);
      return { contents, loader: "ts" };
    });
  },
};

const web = spawnSync(process.execPath, [nextBin, "build"], {
  cwd: webDir,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
if (web.status !== 0) {
  console.error(`build: next build failed (exit ${web.status})`);
  process.exit(1);
}

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, join(root, source)])),
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  sourcemap: "linked",
  logLevel: "warning",
  banner: {
    js: [
      'import { dirname as __tlDirname } from "node:path";',
      'import { fileURLToPath as __tlFileUrlToPath } from "node:url";',
    ].join("\n"),
  },
  // Read by the parts that start other parts: run the compiled entries, not the sources under tsx.
  define: { "process.env.TRACELIGHT_BUNDLED": '"1"' },
  plugins: [thirdPartyExternal, sourceLocation],
});
// What `npm start` compares the sources with before it runs this build (scripts/launch.mjs).
const hash = spawnSync(process.execPath, [join(root, "scripts/source-hash.mjs")], { encoding: "utf8" });
if (hash.status !== 0) throw new Error(`hashing the sources failed: ${hash.stderr}`);
writeFileSync(join(outdir, "sources.sha256"), hash.stdout);
console.log(`build: dist/ (${Object.keys(entries).join(", ")}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
