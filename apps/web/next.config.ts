// Next.js settings: the app lives in a monorepo and imports workspace packages as TypeScript source.
import { join } from "node:path";
import type { NextConfig } from "next";

const monorepoRoot = join(import.meta.dirname, "../..");

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ["@tracelight/contracts"],
  turbopack: { root: monorepoRoot },
  outputFileTracingRoot: monorepoRoot,
};

export default config;
