// docker/Dockerfile and the ClickHouse configuration checked against the repository, since no
// container engine or ClickHouse server runs here: what the stages copy exists or is what
// `npm run build` makes, the images that serve run as a non-root user on a Node the product
// supports, and the cluster profile's XML parses and describes the servers compose.yaml starts.
// It cannot show that the images build, nor that ClickHouse accepts the settings.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { activeServices, DOCKER_DIR, envOf, loadCompose, REPO_ROOT, readEnvFile } from "./support/compose.ts";

const dockerfile = readFileSync(join(DOCKER_DIR, "Dockerfile"), "utf8");

interface Stage {
  name: string;
  base: string;
  lines: string[];
}
/** The Dockerfile's stages with their instructions (continuation lines joined). */
function stages(): Stage[] {
  const result: Stage[] = [];
  for (const line of dockerfile.replace(/\\\n\s*/g, " ").split("\n")) {
    const from = /^FROM (\S+) AS (\S+)$/.exec(line);
    if (from) result.push({ name: from[2]!, base: from[1]!, lines: [] });
    else if (/^[A-Z]/.test(line)) result.at(-1)?.lines.push(line);
  }
  return result;
}
const byName = Object.fromEntries(stages().map((s) => [s.name, s]));
/** Files the build stage makes (scripts/build.ts): the compiled entries and the web's .next. */
const BUILT = ["dist", "apps/web/.next"];

describe("docker/Dockerfile", () => {
  it("copies from the repository only paths that exist, and from stages that exist", () => {
    for (const stage of stages())
      for (const line of stage.lines.filter((l) => l.startsWith("COPY "))) {
        const words = line.split(/\s+/).slice(1);
        const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
        const sources = words.filter((w) => !w.startsWith("--")).slice(0, -1);
        if (!from) {
          for (const source of sources)
            expect(existsSync(join(REPO_ROOT, source)), `${stage.name}: ${source}`).toBe(true);
          continue;
        }
        expect(Object.keys(byName), `${stage.name}: ${line}`).toContain(from);
        // From the build: repository files, or what the build makes.
        for (const source of sources.filter((s) => s.startsWith("/app/") && from === "build")) {
          const path = source.slice("/app/".length);
          expect(BUILT.includes(path) || existsSync(join(REPO_ROOT, path)), `${stage.name}: ${source}`).toBe(true);
        }
      }
  });

  it("runs the entries `npm run build` compiles", () => {
    // The build's entries are listed in scripts/entries.mjs (scripts/build.ts compiles each).
    const entries = readFileSync(join(REPO_ROOT, "scripts/entries.mjs"), "utf8");
    for (const [stage, entry] of [
      ["api", "api"],
      ["agent", "agent"],
    ] as const) {
      expect(byName[stage]!.lines.join("\n")).toContain(`"dist/${entry}.mjs"`);
      expect(entries).toMatch(new RegExp(`^\\s+${entry}: "`, "m"));
    }
    expect(byName.build!.lines.join("\n")).toMatch(/npm ci .*&& npm run build/);
  });

  it("serves the api and the web as a non-root user; only the agent runs as root", () => {
    for (const name of ["api", "web"]) expect(byName[name]!.lines, name).toContain("USER node");
    expect(byName.agent!.lines.some((l) => l.startsWith("USER "))).toBe(false);
  });

  it("bases the Node images on an LTS line no older than package.json's engines.node", () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(dockerfile)?.[1];
    const engines = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).engines.node as string;
    const minimumMajor = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    expect(Number(image)).toBeGreaterThanOrEqual(minimumMajor);
    // Even majors are Node's long-term-support lines.
    expect(Number(image) % 2).toBe(0);
    for (const name of ["build", "api", "web", "agent"]) expect(byName[name]!.base, name).toMatch(/^\$\{NODE_IMAGE\}$/);
  });

  it("leaves installed and built output and the git history out of the build context", () => {
    const ignored = readFileSync(join(DOCKER_DIR, "Dockerfile.dockerignore"), "utf8").split("\n");
    for (const entry of ["**/node_modules", "**/.next*", "**/dist", ".git", "data", "bpf/build"])
      expect(ignored).toContain(entry);
  });
});

describe("docker/clickhouse", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    // Lists even when they hold one element: the cluster's shards and replicas, Keeper's nodes.
    isArray: (_name, path) =>
      /^clickhouse\.remote_servers\.\w+\.shard(\.replica)?$|^clickhouse\.zookeeper\.node$/.test(String(path)),
  });
  const read = (file: string) => readFileSync(join(DOCKER_DIR, "clickhouse", file), "utf8");

  it.each(["cluster.xml", "keeper.xml"])("%s is well-formed XML", (file) => {
    expect(XMLValidator.validate(read(file))).toBe(true);
  });

  it("describes the cluster profile's 2 shards × 2 replicas under the cluster name the api uses", () => {
    const { compose, vars } = loadCompose("cluster.env");
    const services = activeServices(compose, ["cluster"]);
    const config = parser.parse(read("cluster.xml")).clickhouse;
    const cluster = config.remote_servers[vars.TRACELIGHT_CLICKHOUSE_CLUSTER!];
    expect(cluster.shard).toHaveLength(2);
    cluster.shard.forEach((shard: { replica: { host: string; port: number }[] }, index: number) => {
      expect(shard.replica).toHaveLength(2);
      for (const replica of shard.replica) {
        const node = services[replica.host];
        expect(node?.hostname, replica.host).toBe(replica.host);
        // Its macros come from these: the replicated tables' paths name the shard and replica.
        expect(envOf(node!).TRACELIGHT_SHARD, replica.host).toBe(String(index + 1));
        expect(envOf(node!).TRACELIGHT_REPLICA, replica.host).toBe(replica.host);
      }
    });
    expect(config.macros.shard["@_from_env"]).toBe("TRACELIGHT_SHARD");
    expect(config.macros.replica["@_from_env"]).toBe("TRACELIGHT_REPLICA");
  });

  it("points every node at the Keeper compose starts, on the port it serves", () => {
    const { compose } = loadCompose("cluster.env");
    const keeper = parser.parse(read("keeper.xml")).clickhouse.keeper_server;
    const nodes = parser.parse(read("cluster.xml")).clickhouse.zookeeper.node;
    expect(nodes).toEqual([{ host: "keeper", port: keeper.tcp_port }]);
    expect(compose.services.keeper?.hostname).toBe(keeper.raft_configuration.server.hostname);
    expect(compose.services.keeper?.profiles).toEqual(["cluster"]);
  });

  it("starts the single server by default and the cluster with cluster.env", () => {
    expect(readEnvFile(".env").COMPOSE_PROFILES).toBe("single");
    expect(readEnvFile("cluster.env").COMPOSE_PROFILES).toBe("cluster");
  });
});
