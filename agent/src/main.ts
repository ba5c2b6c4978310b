// `npm run agent`: the host agent on its own. Reads its configuration from the environment,
// builds the BPF programs when needed, and runs until SIGINT/SIGTERM.
import { join } from "node:path";
import { Agent } from "./agent.ts";
import { ConfigError, parseConfig } from "./config.ts";
import { buildProbes } from "./probes/build.ts";

const repoRoot = join(import.meta.dirname, "../..");
const log = (line: string) => console.error(`agent: ${line}`);

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env, repoRoot);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

if (config.probes.length > 0 && !process.env.TRACELIGHT_AGENT_LOADER) {
  const build = buildProbes(repoRoot, log);
  if (!build.ok) log(`cannot build the eBPF probes: ${build.reason}`);
}

const agent = new Agent({ config, log });
agent.start();
log(
  `exporting to ${config.otlpEndpoint} every ${config.exportIntervalMs / 1000} s ` +
    `(probes: ${config.probes.join(", ") || "none"})`,
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    agent.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  });
