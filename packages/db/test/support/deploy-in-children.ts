// migrateDeploy in several processes at once, released together once each has loaded, as api
// processes starting side by side would call it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { DeployResult, MigrateOptions } from "../../src/migrate.ts";

export async function deployInChildren(
  url: string,
  count: number,
  options: MigrateOptions = {},
): Promise<DeployResult[]> {
  const migrate = pathToFileURL(join(import.meta.dirname, "../../src/migrate.ts")).href;
  const script = `
    const { migrateDeploy } = await import(${JSON.stringify(migrate)});
    process.stdout.write("ready\\n");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    const result = await migrateDeploy(${JSON.stringify(url)}, ${JSON.stringify(options)});
    process.stdout.write(JSON.stringify(result) + "\\n");
    process.exit(0);`;
  const children = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, "../.."),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk;
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", () => out.includes("ready\n") && resolve());
      child.on("exit", (code) => reject(new Error(`deploy child exited ${code} before it was ready: ${err}`)));
    });
    const result = new Promise<DeployResult>((resolve, reject) =>
      child.on("exit", (code) =>
        code === 0
          ? resolve(JSON.parse(out.slice(out.indexOf("ready\n") + 6)) as DeployResult)
          : reject(new Error(`deploy child exited ${code}: ${err}`)),
      ),
    );
    return { child, ready, result };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.write("go\n");
  return Promise.all(children.map((c) => c.result));
}
