// Shared vitest settings: every package writes a JSON report that scripts/run-tests.mjs totals.
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Every chDB query holds a libuv thread while it runs; the default 4 would queue a lookup
// behind four slow searches (packages/store/src/chdb-transport.ts). Forked workers inherit it.
process.env.UV_THREADPOOL_SIZE ??= "32";

export function packageTestConfig(packageDir: string, name: string) {
  const resultsDir = process.env.TEST_RESULTS_DIR ?? join(import.meta.dirname, ".test-results");
  return defineConfig({
    test: {
      root: packageDir,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      // chDB allows one data directory per process: test files run in separate processes.
      pool: "forks",
      testTimeout: 60_000,
      hookTimeout: 60_000,
      reporters: ["default", ["json", { outputFile: join(resultsDir, `${name}.json`) }]],
    },
  });
}
