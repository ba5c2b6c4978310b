// docker/compose.yaml as compose would read it: ${VAR}, ${VAR:-default} and ${VAR:?message}
// filled from an env file beside it (.env by default, cluster.env for the cluster profile),
// YAML merge keys resolved, and the services a profile set starts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const DOCKER_DIR = join(import.meta.dirname, "../..");
export const REPO_ROOT = join(DOCKER_DIR, "..");

export interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string | number | null>;
  ports?: string[];
  volumes?: string[];
  hostname?: string;
  depends_on?: string[] | Record<string, { condition: string; required?: boolean }>;
  privileged?: boolean;
  pid?: string;
  cap_add?: string[];
}

export interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  networks: Record<string, { ipam?: { config: { subnet: string }[] } }>;
}

/** KEY=value lines; # comments and blank lines skipped. */
export function readEnvFile(name: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(DOCKER_DIR, name), "utf8").split("\n")) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]!] = match[2]!;
  }
  return vars;
}

/** Fills compose's interpolations; throws on one it would refuse (unset with :?) . */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const value = vars[name];
    if (op === "-") return value ? value : (arg ?? "");
    if (op === "?" && !value) throw new Error(`${name}: ${arg}`);
    return value ?? "";
  });
}

export function loadCompose(envFile = ".env"): { compose: Compose; vars: Record<string, string> } {
  const vars = readEnvFile(envFile);
  const text = interpolate(readFileSync(join(DOCKER_DIR, "compose.yaml"), "utf8"), vars);
  return { compose: parse(text, { merge: true }) as Compose, vars };
}

/** The services `docker compose up` starts with these profiles: unprofiled ones and the profiles'. */
export function activeServices(compose: Compose, profiles: string[]): Record<string, Service> {
  return Object.fromEntries(
    Object.entries(compose.services).filter(
      ([, s]) => !s.profiles || s.profiles.some((profile) => profiles.includes(profile)),
    ),
  );
}

/** depends_on's names in either form. */
export function dependencies(service: Service): { name: string; required: boolean }[] {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return deps.map((name) => ({ name, required: true }));
  return Object.entries(deps).map(([name, d]) => ({ name, required: d.required !== false }));
}

/** An environment as the process in the container sees it; a key without a value passes the host's on, unset here. */
export function envOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])),
  );
}
