// Next.js settings: the app lives in a monorepo and imports workspace packages as TypeScript source.
import { join } from "node:path";
import type { NextConfig } from "next";

const monorepoRoot = join(import.meta.dirname, "../..");

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Several builds of one checkout (tests, benchmarks) can each use their own output folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  transpilePackages: [
    "@tracelight/backoff",
    "@tracelight/config",
    "@tracelight/contracts",
    "@tracelight/search-query",
    "@tracelight/self-telemetry",
  ],
  turbopack: { root: monorepoRoot },
  outputFileTracingRoot: monorepoRoot,
  // `npm test` type-checks every workspace with tsc; the build need not do it a second time.
  typescript: { ignoreBuildErrors: true },
  // forbidden(): a signed-in role too low for a page answers 403 (src/server/session.ts).
  experimental: { authInterrupts: true },
};

export default config;
