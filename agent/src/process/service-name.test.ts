import { describe, expect, it } from "vitest";
import {
  chooseServiceName,
  type ProcessFacts,
  parseResourceAttributesEnv,
  processMatch,
  serviceNameFromCommand,
} from "./service-name.ts";

const node = (args: string[], cwd?: string) => serviceNameFromCommand(["node", ...args], "node", cwd);
const python = (args: string[], cwd?: string) => serviceNameFromCommand(["python3", ...args], "python3.11", cwd);
const java = (args: string[]) => serviceNameFromCommand(["java", ...args], "java");

describe("chooseServiceName: precedence", () => {
  const everything: ProcessFacts = {
    comm: "node",
    argv: ["node", "--enable-source-maps", "/srv/checkout/index.js"],
    exePath: "/usr/local/bin/node",
    envServiceName: "from-env",
    envResourceAttributes: { "service.name": "from-attributes", "deployment.environment": "prod" },
  };

  it("1. a configured override wins over everything", () => {
    expect(chooseServiceName(everything, [{ match: "node", service: "web" }])).toEqual({
      name: "web",
      source: "config",
    });
  });

  it("2. then OTEL_SERVICE_NAME", () => {
    expect(chooseServiceName(everything)).toEqual({ name: "from-env", source: "env OTEL_SERVICE_NAME" });
  });

  it("3. then service.name in OTEL_RESOURCE_ATTRIBUTES", () => {
    expect(chooseServiceName({ ...everything, envServiceName: undefined })).toEqual({
      name: "from-attributes",
      source: "env OTEL_RESOURCE_ATTRIBUTES",
    });
  });

  it("4. then the interpreted program on the command line", () => {
    const facts = { ...everything, envServiceName: undefined, envResourceAttributes: undefined };
    expect(chooseServiceName(facts)).toEqual({ name: "checkout", source: "cmdline" });
  });

  it("5. then the executable's name", () => {
    expect(chooseServiceName({ comm: "nginx", argv: ["nginx: worker process"], exePath: "/usr/sbin/nginx" })).toEqual({
      name: "nginx",
      source: "exe",
    });
    // an interpreter with no program file (eval) falls through to its executable
    expect(chooseServiceName({ comm: "node", argv: ["node", "-e", "for(;;){}"], exePath: "/usr/bin/node" })).toEqual({
      name: "node",
      source: "exe",
    });
  });

  it("6. and last the comm, when the executable is unknown", () => {
    expect(chooseServiceName({ comm: "kworker/0:1", argv: [] })).toEqual({ name: "kworker/0:1", source: "comm" });
  });

  it("ignores blank environment values", () => {
    const facts = { comm: "app", argv: [], envServiceName: "  ", envResourceAttributes: { "service.name": "" } };
    expect(chooseServiceName(facts)).toEqual({ name: "app", source: "comm" });
  });
});

describe("chooseServiceName: overrides", () => {
  const facts: ProcessFacts = {
    comm: "java",
    argv: ["/usr/bin/java", "-Xmx1g", "-jar", "/opt/billing/billing-2.0.jar", "--port=8080"],
    exePath: "/usr/lib/jvm/java-17/bin/java",
  };

  it("matches the comm or the executable's file name exactly", () => {
    expect(chooseServiceName({ ...facts, comm: "billing-jvm" }, [{ match: "billing-jvm", service: "a" }]).name).toBe(
      "a",
    );
    expect(chooseServiceName(facts, [{ match: "java", service: "b" }]).name).toBe("b");
    expect(chooseServiceName(facts, [{ match: "jav", service: "c" }]).source).toBe("cmdline");
  });

  it("matches a /regex/ against the whole command line, flags allowed", () => {
    expect(chooseServiceName(facts, [{ match: "/billing-\\d/", service: "billing" }]).name).toBe("billing");
    expect(chooseServiceName(facts, [{ match: "/BILLING/i", service: "billing" }]).name).toBe("billing");
    expect(chooseServiceName(facts, [{ match: "/--port=9090/", service: "other" }]).name).toBe("billing");
  });

  it("takes the first override that matches", () => {
    const overrides = [
      { match: "/nomatch/", service: "x" },
      { match: "java", service: "first" },
      { match: "/java/", service: "second" },
    ];
    expect(chooseServiceName(facts, overrides).name).toBe("first");
  });

  it("a /g/ regex matches every time (no lastIndex carried between processes)", () => {
    const overrides = [{ match: "/billing/g", service: "billing" }];
    expect(chooseServiceName(facts, overrides).name).toBe("billing");
    expect(chooseServiceName(facts, overrides).name).toBe("billing");
  });

  it("takes matches already parsed (by the agent's configuration)", () => {
    expect(chooseServiceName(facts, [{ match: { name: "java" }, service: "a" }]).name).toBe("a");
    expect(chooseServiceName(facts, [{ match: { commandLine: /billing/g }, service: "b" }]).name).toBe("b");
    expect(chooseServiceName(facts, [{ match: { commandLine: /billing/g }, service: "b" }]).name).toBe("b");
  });

  it("parses text matches: a name, or a /regex/", () => {
    expect(processMatch("plain")).toEqual({ name: "plain" });
    expect(processMatch("/a+/i")).toEqual({ commandLine: /a+/i });
    expect(() => processMatch("/(unclosed/")).toThrow();
  });
});

describe("serviceNameFromCommand: node", () => {
  it("names the script, skipping flags and their values", () => {
    expect(node(["app/server.js"])).toBe("server");
    expect(node(["--enable-source-maps", "--max-old-space-size=512", "orders.mjs"])).toBe("orders");
    expect(node(["-r", "dotenv/config", "--import", "./otel.mjs", "payments.js"])).toBe("payments");
    expect(node(["--", "gateway.cjs", "--port", "80"])).toBe("gateway");
  });

  it("names index/main/server/app.js after their directory when it says something", () => {
    expect(node(["/srv/checkout/index.js"])).toBe("checkout");
    expect(node(["/srv/checkout/dist/main.js"])).toBe("checkout");
    expect(node(["/usr/src/app/index.js"])).toBe("index");
    expect(node(["app/server.js"])).toBe("server");
    expect(node(["index.js"])).toBe("index");
  });

  it("resolves a relative script against the working directory", () => {
    expect(node(["index.js"], "/home/me/inventory")).toBe("inventory");
    expect(node(["dist/index.js"], "/home/me/inventory")).toBe("inventory");
    expect(node(["app/server.js"], "/srv/shop")).toBe("server");
  });

  it("looks through TypeScript runners to the script they run, and names other tools", () => {
    expect(node(["/srv/api/node_modules/.bin/tsx", "watch", "src/main.ts"], "/srv/api")).toBe("api");
    expect(node(["node_modules/tsx/dist/cli.mjs", "--env-file=.env", "src/ledger.ts"])).toBe("ledger");
    expect(node(["node_modules/tsx/dist/cli.mjs"])).toBe("tsx");
    expect(node(["/app/node_modules/next/dist/bin/next", "start"])).toBe("next");
    expect(node(["/app/node_modules/@nestjs/cli/bin/nest.js", "start"])).toBe("cli");
  });

  it("has no program for eval, print, stdin or the REPL", () => {
    expect(node(["-e", "for(;;){}"])).toBeUndefined();
    expect(node(["--eval=1"])).toBeUndefined();
    expect(node(["-p", "1+1"])).toBeUndefined();
    expect(node(["-"])).toBeUndefined();
    expect(node([])).toBeUndefined();
  });

  it("recognises node by its executable or argv[0]", () => {
    expect(serviceNameFromCommand(["/usr/local/bin/node", "worker.js"])).toBe("worker");
    expect(serviceNameFromCommand(["my-title", "worker.js"], "node20")).toBe("worker");
    expect(serviceNameFromCommand(["nodemon", "worker.js"], "nodemon")).toBeUndefined();
  });
});

describe("serviceNameFromCommand: python", () => {
  it("names the module of -m", () => {
    expect(python(["-m", "mymodule"])).toBe("mymodule");
    expect(python(["-u", "-X", "dev", "-m", "orders.main", "--port", "80"])).toBe("orders");
    expect(python(["-mreports"])).toBe("reports");
  });

  it("names the script, after its directory when it is app.py or manage.py", () => {
    expect(python(["app.py"])).toBe("app");
    expect(python(["/srv/ledger/app.py"])).toBe("ledger");
    expect(python(["-W", "ignore", "/opt/jobs/nightly_report.py", "--date", "today"])).toBe("nightly_report");
    expect(python(["manage.py", "runserver"], "/home/me/shopsite")).toBe("shopsite");
  });

  it("names the application a WSGI/ASGI server runs", () => {
    expect(python(["/usr/local/bin/gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "orders.wsgi:application"])).toBe(
      "orders",
    );
    expect(python(["-m", "uvicorn", "billing.api:app", "--host", "0.0.0.0"])).toBe("billing.api");
    expect(python(["/usr/local/bin/gunicorn"])).toBe("gunicorn");
  });

  it("has no program for -c", () => {
    expect(python(["-c", "print(1)"])).toBeUndefined();
    expect(python([])).toBeUndefined();
  });
});

describe("serviceNameFromCommand: java", () => {
  it("names the jar without its version", () => {
    expect(java(["-jar", "orders-1.2.jar"])).toBe("orders");
    expect(java(["-Xmx512m", "-Dspring.profiles.active=prod", "-jar", "/opt/orders-service-0.0.1-SNAPSHOT.jar"])).toBe(
      "orders-service",
    );
    expect(java(["-jar", "/opt/inventory/app.jar"])).toBe("inventory");
  });

  it("names the main class, skipping the class path", () => {
    expect(java(["-cp", "lib/*:classes", "-Xss1m", "com.acme.Main", "arg"])).toBe("Main");
    expect(java(["--module-path", "mods", "-m", "com.acme.orders/com.acme.orders.OrdersApp"])).toBe("OrdersApp");
    expect(java(["-version"])).toBeUndefined();
  });
});

describe("other programs", () => {
  it("are not named from the command line", () => {
    expect(serviceNameFromCommand(["/usr/sbin/nginx", "-g", "daemon off;"], "nginx")).toBeUndefined();
    expect(serviceNameFromCommand([])).toBeUndefined();
  });
});

describe("parseResourceAttributesEnv", () => {
  it("splits pairs and percent-decodes values", () => {
    expect(
      parseResourceAttributesEnv("service.name=cart,deployment.environment=prod%20eu, team = a%2Cb ,=x,bad"),
    ).toEqual({
      "service.name": "cart",
      "deployment.environment": "prod eu",
      team: "a,b",
    });
    expect(parseResourceAttributesEnv("k=%E0%A4%A")).toEqual({ k: "%E0%A4%A" });
  });
});
