// docker/compose.yaml checked against the repository, since no container engine runs here: what
// each service builds or pulls exists, every api role's environment and command pass the api's
// own configuration parser, and the addresses the parts give each other match the ports they
// listen on. It cannot show that the images build or the containers start.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig as parseAgentConfig } from "../../agent/src/config.ts";
import { parseConfig as parseApiConfig } from "../../apps/api/src/config.ts";
import {
  compareEngineVersions,
  MIN_ENGINE_VERSION,
  parseEngineVersion,
} from "../../packages/store/src/engine-version.ts";
import {
  activeServices,
  DOCKER_DIR,
  dependencies,
  envOf,
  loadCompose,
  REPO_ROOT,
  type Service,
} from "./support/compose.ts";

const dockerfile = readFileSync(join(DOCKER_DIR, "Dockerfile"), "utf8");
const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);

/** Variable names a part reads: the keys of the zod schemas in its configuration files. */
function knownNames(...files: string[]): Set<string> {
  const text = files.map((f) => readFileSync(join(REPO_ROOT, f), "utf8")).join("\n");
  return new Set([...text.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
}
const API_NAMES = knownNames("apps/api/src/config.ts", "apps/api/src/auth/auth-config.ts");
const WEB_NAMES = knownNames("apps/web/src/server/env.ts");
const AGENT_NAMES = knownNames("agent/src/config.ts");

const targetOf = (service: Service) => service.build?.target;
/** The container side of "host:container" port mappings. */
const containerPorts = (service: Service) => (service.ports ?? []).map((p) => Number(p.split(":").at(-1)));

describe.each([
  { envFile: ".env", profile: "single" },
  { envFile: "cluster.env", profile: "cluster" },
])("docker/compose.yaml with $envFile", ({ envFile, profile }) => {
  const { compose, vars } = loadCompose(envFile);
  const services = activeServices(compose, [vars.COMPOSE_PROFILES ?? ""]);
  const apis = Object.entries(services).filter(([, s]) => targetOf(s) === "api");
  const apiConfig = (service: Service) => parseApiConfig(envOf(service), service.command ?? []);

  it(`starts the ${profile} profile: an api per role, the migrate job, the web, the agent, PostgreSQL`, () => {
    expect(vars.COMPOSE_PROFILES).toBe(profile);
    expect(apis.map(([name]) => name).sort()).toEqual(["alerts", "ingest", "migrate", "query"]);
    expect(Object.keys(services)).toEqual(expect.arrayContaining(["web", "agent", "postgres"]));
  });

  it("builds each image from a stage of docker/Dockerfile in the repository, or pulls a pinned tag", () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) {
        expect(resolve(DOCKER_DIR, service.build.context), name).toBe(REPO_ROOT);
        expect(existsSync(join(REPO_ROOT, service.build.dockerfile)), name).toBe(true);
        expect(stages, name).toContain(service.build.target);
      } else {
        expect(service.image, name).toMatch(/^[\w./-]+:\d[\w.-]*$/);
      }
    }
  });

  it("depends only on services it starts (or marks them optional), and mounts what exists", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dep of dependencies(service))
        if (dep.required) expect(Object.keys(services), `${name} → ${dep.name}`).toContain(dep.name);
      expect(dependencies(service).filter((d) => d.name in services && !d.required).length, name).toBeLessThanOrEqual(
        1,
      );
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0]!;
        if (source.startsWith(".") || source.startsWith("/")) {
          if (source.startsWith(".")) expect(existsSync(resolve(DOCKER_DIR, source)), `${name}: ${source}`).toBe(true);
        } else expect(Object.keys(compose.volumes), `${name}: ${source}`).toContain(source);
      }
    }
  });

  it("gives every api role an environment and command the api's configuration accepts", () => {
    for (const [name, service] of apis) {
      for (const key of Object.keys(envOf(service))) expect(API_NAMES, `${name}: ${key}`).toContain(key);
      const config = apiConfig(service);
      expect(config.clickhouseUrl, name).toBeDefined();
      expect(config.databaseUrl, name).toMatch(/^postgresql:\/\//);
      expect([...config.roles], name).toEqual(name === "migrate" ? [] : [name]);
      // The job changes the schema; the serving roles wait for it and never alter it themselves.
      expect(config.schema.jobOnly, name).toBe(name === "migrate");
      if (name !== "migrate") expect(config.schema.atStart, name).toBe("check");
    }
  });

  it("points the api at a ClickHouse and the PostgreSQL this profile starts", () => {
    for (const [name, service] of apis) {
      const config = apiConfig(service);
      const clickhouse = services[new URL(config.clickhouseUrl!).hostname];
      expect(clickhouse?.image, name).toMatch(/^clickhouse\/clickhouse-server:/);
      expect(new URL(config.databaseUrl).hostname, name).toBe("postgres");
      const serving = dependencies(service).map((d) => d.name);
      if (name !== "migrate") expect(serving, name).toContain("migrate");
    }
    for (const [name, service] of apis)
      expect(apiConfig(service).schema.cluster, name).toBe(profile === "cluster" ? "tracelight" : undefined);
  });

  it("runs ClickHouse servers no older than the engine version the store needs", () => {
    const images = Object.values(services)
      .map((s) => s.image ?? "")
      .filter((image) => image.startsWith("clickhouse/"));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      const version = parseEngineVersion(image.split(":")[1]!)!;
      expect(compareEngineVersions(version, parseEngineVersion(MIN_ENGINE_VERSION)!), image).toBeGreaterThanOrEqual(0);
    }
  });

  it("lets every ClickHouse server renice its threads (searches run at nice 19)", () => {
    const servers = Object.entries(services).filter(([, s]) => s.image?.startsWith("clickhouse/clickhouse-server"));
    expect(servers.length).toBeGreaterThan(0);
    for (const [name, server] of servers) expect(server.cap_add, name).toContain("SYS_NICE");
  });

  it("publishes and addresses the ports each part listens on", () => {
    const byName = Object.fromEntries(apis.map(([name, s]) => [name, apiConfig(s)]));
    const ingest = byName.ingest!;
    expect(containerPorts(services.ingest!).sort()).toEqual([ingest.otlpGrpcPort, ingest.otlpHttpPort].sort());
    // Only the web is in front of the query api: its port stays inside the network.
    expect(services.query!.ports).toBeUndefined();
    // Every part's own telemetry goes to ingest's OTLP listener.
    for (const [name, service] of [...apis, ["web", services.web!] as const])
      if (name !== "ingest")
        expect(envOf(service).TRACELIGHT_SELF_METRICS_URL, name).toBe(`http://ingest:${ingest.otlpHttpPort}`);

    const web = envOf(services.web!);
    for (const key of Object.keys(web)) expect(WEB_NAMES, `web: ${key}`).toContain(key);
    expect(web.TRACELIGHT_API_URL).toBe(`http://query:${byName.query!.apiPort}`);
    const webPort = Number(/"--port", "(\d+)"/.exec(dockerfile)?.[1]);
    expect(containerPorts(services.web!)).toEqual([webPort]);
    expect(new URL(web.TRACELIGHT_PUBLIC_URL!).port).toBe(String(webPort));
  });

  it("trusts as proxies only the compose network, where the web is", () => {
    const subnet = compose.networks.default?.ipam?.config[0]?.subnet;
    for (const [name, service] of apis) expect(envOf(service).TRACELIGHT_TRUSTED_PROXIES, name).toContain(subnet);
  });

  it("runs the agent privileged in the host's PID namespace, exporting to ingest", () => {
    const agent = services.agent!;
    expect(agent.privileged).toBe(true);
    expect(agent.pid).toBe("host");
    const env = envOf(agent);
    for (const key of Object.keys(env)) expect(AGENT_NAMES, `agent: ${key}`).toContain(key);
    const config = parseAgentConfig(env, "/app");
    const ingest = apiConfig(services.ingest!);
    expect(config.otlpEndpoint.replace(/\/$/, "")).toBe(`http://ingest:${ingest.otlpHttpPort}`);
  });
});
