// Starts a throwaway PostgreSQL server (initdb + pg_ctl) in a temp dir on 127.0.0.1. As
// root it runs as `nobody`, since postgres refuses to run as root.
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresServer {
  /** URL of a database that does not exist yet (migrateDeploy creates it). */
  urlFor(database: string): string;
  stop(): void;
}

/** The folder holding initdb, pg_ctl and postgres, or null with the reason. */
export function findPostgresBin(): { dir: string } | { missing: string } {
  const candidates = ["/usr/local/bin", "/usr/lib/postgresql/bin"];
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().reverse() : [];
  candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  for (const dir of candidates) {
    if (["initdb", "pg_ctl", "postgres"].every((bin) => existsSync(join(dir, bin)))) return { dir };
  }
  return { missing: `no initdb/pg_ctl/postgres in ${candidates.join(", ")}` };
}

export function startPostgres(binDir: string, port: number): PostgresServer {
  const dir = mkdtempSync(join(tmpdir(), "tracelight-pg-"));
  const asRoot = process.getuid?.() === 0;
  const NOBODY = 65534;
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  const run = (bin: string, args: string[]) => {
    const [command, fullArgs] = asRoot
      ? ["runuser", ["-u", "nobody", "--", join(binDir, bin), ...args]]
      : [join(binDir, bin), args];
    const result = spawnSync(command, fullArgs as string[], { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${bin} ${args.join(" ")} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
    }
  };
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", serverOptions, "-w", "start"]);
  return {
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
