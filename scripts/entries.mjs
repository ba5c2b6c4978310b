// The programs `npm run build` compiles to dist/<name>.mjs, by name, with their sources
// (paths from the repository root). Shared by the build (scripts/build.ts) and the launcher
// (scripts/launch.mjs), which runs a build only while it matches these sources.

export const ENTRIES = {
  start: "scripts/start.ts",
  api: "apps/api/src/main.ts",
  backfill: "apps/api/src/backfill-main.ts",
  agent: "agent/src/main.ts",
  demo: "apps/demo/src/main.ts",
  "demo-service": "apps/demo/src/service-process.ts",
};

/** The entries a user starts by name through `node scripts/launch.mjs <name>`. */
export const STARTABLE = ["start", "api", "backfill", "agent"];
