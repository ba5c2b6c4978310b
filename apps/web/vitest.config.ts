import { defineConfig, mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

// Pure modules and components run in jsdom; charts are checked for real in Playwright (e2e/).
export default mergeConfig(
  packageTestConfig(import.meta.dirname, "web"),
  defineConfig({
    esbuild: { jsx: "automatic" },
    test: {
      environment: "jsdom",
      include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts", "test/**/*.test.tsx"],
    },
  }),
);
