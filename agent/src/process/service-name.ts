// Which service a process is, by rules a reader can check one by one, first match wins:
//   1. a configured override (process comm or executable name, or a /regex/ over the command line)
//   2. OTEL_SERVICE_NAME in the process's environment
//   3. service.name inside OTEL_RESOURCE_ATTRIBUTES
//   4. the program an interpreter runs (node, python, java), from the command line
//   5. the executable's file name
//   6. the kernel's comm
import { posix } from "node:path";

export type ServiceNameSource =
  | "config"
  | "env OTEL_SERVICE_NAME"
  | "env OTEL_RESOURCE_ATTRIBUTES"
  | "cmdline"
  | "exe"
  | "comm";

/** Which processes: a comm or executable file name, or a regex tested against the command line. */
export type ProcessMatch = { name: string } | { commandLine: RegExp };

/** `match` as text is a name, or `/regex/flags` for a command-line regex. */
export interface ServiceOverride {
  match: string | ProcessMatch;
  service: string;
}

/** What is known about a process when naming it; all but comm may be unreadable. */
export interface ProcessFacts {
  comm: string;
  argv: readonly string[];
  exePath?: string;
  /** Working directory: resolves relative script paths such as `node index.js`. */
  cwd?: string;
  /** OTEL_SERVICE_NAME from the process's environment. */
  envServiceName?: string;
  /** OTEL_RESOURCE_ATTRIBUTES from the process's environment, decoded. */
  envResourceAttributes?: Readonly<Record<string, string>>;
}

export interface ServiceName {
  name: string;
  source: ServiceNameSource;
}

export function chooseServiceName(facts: ProcessFacts, overrides: readonly ServiceOverride[] = []): ServiceName {
  const exeName = facts.exePath === undefined ? undefined : posix.basename(facts.exePath);
  const configured = matchOverride(overrides, facts.comm, exeName, facts.argv.join(" "));
  if (configured !== undefined) return { name: configured, source: "config" };
  const fromEnv = facts.envServiceName?.trim();
  if (fromEnv) return { name: fromEnv, source: "env OTEL_SERVICE_NAME" };
  const fromAttributes = facts.envResourceAttributes?.["service.name"]?.trim();
  if (fromAttributes) return { name: fromAttributes, source: "env OTEL_RESOURCE_ATTRIBUTES" };
  const fromCommand = serviceNameFromCommand(facts.argv, exeName, facts.cwd);
  if (fromCommand) return { name: fromCommand, source: "cmdline" };
  if (exeName) return { name: exeName, source: "exe" };
  return { name: facts.comm, source: "comm" };
}

const REGEX_TEXT = /^\/(.+)\/([a-z]*)$/;
const parsed = new Map<string, ProcessMatch>();

/** The structured form of a match; text is parsed once. Throws on an invalid /regex/. */
export function processMatch(match: string | ProcessMatch): ProcessMatch {
  if (typeof match !== "string") return match;
  let result = parsed.get(match);
  if (result === undefined) {
    const regex = REGEX_TEXT.exec(match);
    result = regex === null ? { name: match } : { commandLine: new RegExp(regex[1]!, regex[2]) };
    parsed.set(match, result);
  }
  return result;
}

function matchOverride(
  overrides: readonly ServiceOverride[],
  comm: string,
  exeName: string | undefined,
  commandLine: string,
): string | undefined {
  for (const { match, service } of overrides) {
    const m = processMatch(match);
    if ("name" in m ? m.name === comm || m.name === exeName : testFromStart(m.commandLine, commandLine)) return service;
  }
  return undefined;
}

/** RegExp.test, also for a /g or /y regex, which would otherwise carry lastIndex from one process to the next. */
function testFromStart(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** W3C-baggage-like `k=v,k2=v2` with percent-encoded values, as the OpenTelemetry SDKs read it. */
export function parseResourceAttributesEnv(value: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    if (!key) continue;
    try {
      attributes[key] = decodeURIComponent(raw);
    } catch {
      attributes[key] = raw;
    }
  }
  return attributes;
}

// ---- rule 4: the program an interpreter runs ----

const NODE = /^node(js)?\d*$/;
const PYTHON = /^(python|pypy)[\d.]*$/;

/** The service name a command line implies, for interpreters only; undefined otherwise. */
export function serviceNameFromCommand(argv: readonly string[], exeName?: string, cwd?: string): string | undefined {
  const programs = [exeName, argv[0] === undefined ? undefined : posix.basename(argv[0])];
  const args = argv.slice(1);
  if (programs.some((p) => p !== undefined && NODE.test(p))) return nodeProgram(args, cwd);
  if (programs.some((p) => p !== undefined && PYTHON.test(p))) return pythonProgram(args, cwd);
  if (programs.includes("java")) return javaProgram(args, cwd);
  return undefined;
}

/** Entry files named after their role, not their service: the directory says more. */
const GENERIC_ENTRIES = new Set(["index", "main", "server", "app", "__main__", "manage", "wsgi", "asgi"]);
/** Build and source folders between a project and its entry file (`checkout/dist/index.js`). */
const LAYOUT_DIRS = new Set(["src", "dist", "build", "lib", "out", "bin", "target"]);
/** Folders that name a place, not a service (`/usr/src/app/index.js`). */
const GENERIC_DIRS = new Set([
  ...[".", "..", "app", "apps", "srv", "opt", "usr", "home", "root", "tmp", "var"],
  ...["code", "workspace", "work", "service", "services", "project"],
]);

/** `checkout/dist/index.js` → "checkout", `app/server.js` → "server", `orders.js` → "orders". */
function entryName(path: string, name: string, cwd: string | undefined): string {
  if (!GENERIC_ENTRIES.has(name)) return name;
  const absolute = path.startsWith("/") || cwd === undefined ? path : posix.join(cwd, path);
  const dirs = posix.dirname(absolute).split("/").filter(Boolean);
  while (dirs.length > 0 && LAYOUT_DIRS.has(dirs.at(-1)!)) dirs.pop();
  const dir = dirs.at(-1);
  return dir === undefined || GENERIC_DIRS.has(dir) ? name : dir;
}

const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]sx?|py[cw]?)$/;

function scriptName(path: string, cwd: string | undefined): string {
  return entryName(path, posix.basename(path).replace(SCRIPT_EXTENSION, ""), cwd);
}

/** Node options that take their value as the next argument. */
const NODE_VALUE_FLAGS = new Set([
  "-r",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "-C",
  "--conditions",
  "--title",
  "--env-file",
  "--input-type",
  "--inspect-port",
  "--redirect-warnings",
  "--stack-size",
  "--max-old-space-size",
  "--watch-path",
]);
const NODE_EVAL_FLAGS = new Set(["-e", "--eval", "-p", "--print"]);
/** Packages that run the script named after their own options (`tsx src/main.ts`). */
const NODE_RUNNERS = new Set(["tsx", "ts-node", "ts-node-dev", "node-dev", "nodemon", "esno"]);

function nodeProgram(args: readonly string[], cwd: string | undefined): string | undefined {
  const at = firstPositional(args, NODE_VALUE_FLAGS, NODE_EVAL_FLAGS);
  if (at === undefined) return undefined;
  const script = args[at]!;
  // A tool from node_modules (`node_modules/.bin/tsx src/main.ts`, `node_modules/next/dist/bin/next`):
  // a runner names the script it runs, any other tool names itself.
  const parts = script.split("/");
  const nm = parts.lastIndexOf("node_modules");
  if (nm >= 0 && parts.length > nm + 1) {
    let tool = parts[nm + 1]!;
    if (tool === ".bin") tool = parts[nm + 2] ?? tool;
    else if (tool.startsWith("@")) tool = parts[nm + 2] ?? tool;
    tool = tool.replace(SCRIPT_EXTENSION, "");
    if (NODE_RUNNERS.has(tool)) {
      const rest = args.slice(at + 1);
      return nodeProgram(rest[0] === "watch" ? rest.slice(1) : rest, cwd) ?? tool; // `tsx watch src/main.ts`
    }
    return tool;
  }
  return scriptName(script, cwd);
}

/**
 * Index of the first argument that is not an option (nor an option's value); undefined when there
 * is none or when the code comes from an eval flag instead of a file.
 */
function firstPositional(
  args: readonly string[],
  valueFlags: ReadonlySet<string>,
  evalFlags: ReadonlySet<string>,
): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return i + 1 < args.length ? i + 1 : undefined;
    if (arg === "-") return undefined; // the program comes from stdin
    if (!arg.startsWith("-")) return i;
    const flag = arg.split("=")[0]!;
    if (evalFlags.has(flag)) return undefined;
    if (!arg.includes("=") && valueFlags.has(flag)) i++;
  }
  return undefined;
}

const PYTHON_VALUE_FLAGS = new Set(["-W", "-X", "--check-hash-based-pycs"]);
const PYTHON_EVAL_FLAGS = new Set(["-c"]);
/** Python servers whose argument `module:app` names the application. */
const PYTHON_SERVERS = new Set(["gunicorn", "uvicorn", "hypercorn", "daphne"]);
const APP_SPEC = /^([A-Za-z_][\w.]*):[A-Za-z_]/;

function pythonProgram(args: readonly string[], cwd: string | undefined): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // -m ends the interpreter's options: `python -m module args…` or `-mmodule`.
    if (arg === "-m" || (arg.startsWith("-m") && !arg.startsWith("--"))) {
      const module = arg === "-m" ? args[i + 1] : arg.slice(2);
      return module === undefined ? undefined : pythonModule(module, args.slice(i + (arg === "-m" ? 2 : 1)));
    }
    if (arg.startsWith("-") && arg !== "-" && arg !== "--") {
      if (PYTHON_EVAL_FLAGS.has(arg.slice(0, 2))) return undefined;
      if (PYTHON_VALUE_FLAGS.has(arg)) i++;
      continue;
    }
    const at = arg === "--" ? i + 1 : i;
    const script = args[at];
    if (script === undefined || script === "-") return undefined;
    const rest = args.slice(at + 1);
    const name = posix.basename(script).replace(SCRIPT_EXTENSION, "");
    if (PYTHON_SERVERS.has(name)) return serverApp(rest) ?? name;
    return scriptName(script, cwd);
  }
  return undefined;
}

function pythonModule(module: string, rest: readonly string[]): string {
  if (PYTHON_SERVERS.has(module)) return serverApp(rest) ?? module;
  return moduleName(module);
}

/** `orders.main` → "orders": trailing role names (main, app, wsgi…) say nothing about the service. */
function moduleName(module: string): string {
  const parts = module.split(".");
  while (parts.length > 1 && GENERIC_ENTRIES.has(parts.at(-1)!)) parts.pop();
  return parts.join(".");
}

/** The application of `gunicorn -w 4 orders.wsgi:application`; options never look like `module:attr`. */
function serverApp(args: readonly string[]): string | undefined {
  const specs = args.map((a) => APP_SPEC.exec(a)?.[1]).filter((m) => m !== undefined);
  const module = specs.at(-1);
  return module === undefined ? undefined : moduleName(module);
}

const JAVA_VALUE_FLAGS = new Set([
  "-cp",
  "-classpath",
  "--class-path",
  "-p",
  "--module-path",
  "--upgrade-module-path",
  "--add-modules",
  "--add-opens",
  "--add-exports",
  "--add-reads",
  "--patch-module",
  "--limit-modules",
]);

function javaProgram(args: readonly string[], cwd: string | undefined): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-jar") {
      const jar = args[i + 1];
      return jar === undefined ? undefined : jarName(jar, cwd);
    }
    if (arg === "-m" || arg === "--module" || arg.startsWith("--module=")) {
      // -m module[/main.class]
      const spec = arg.startsWith("--module=") ? arg.slice("--module=".length) : args[i + 1];
      return spec === undefined ? undefined : className(spec.split("/").at(-1)!);
    }
    if (arg.startsWith("-")) {
      if (JAVA_VALUE_FLAGS.has(arg)) i++;
      continue;
    }
    return className(arg);
  }
  return undefined;
}

/** `com.acme.Main` → "Main". */
function className(name: string): string {
  return name.split(".").at(-1)!;
}

/** `orders-1.2.jar` → "orders", `orders-service-0.0.1-SNAPSHOT.jar` → "orders-service". */
function jarName(path: string, cwd: string | undefined): string {
  const base = posix.basename(path).replace(/\.jar$/, "");
  const name = base.replace(/-\d[\w.-]*$/, "") || base;
  return entryName(path, name, cwd);
}
