// `npm test`: lint, typecheck, then every package's tests through turbo; prints one closing
// line `N passed, N failed, N skipped` that totals every suite (CI reads that line).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const resultsDir = join(root, ".test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const env = {
  ...process.env,
  TEST_RESULTS_DIR: resultsDir,
  TURBO_TELEMETRY_DISABLED: "1",
  NEXT_TELEMETRY_DISABLED: "1",
};
const run = (command, args) => spawnSync(command, args, { cwd: root, env, stdio: "inherit" }).status === 0;

// A fresh machine gets its system packages (Chromium, tmpfs) here, so that `npm test` alone
// sets it up; without root the script cannot, and the suites that need them fail saying why.
if (process.getuid?.() === 0) {
  console.log("=== system packages (scripts/setup-system.sh)");
  if (!run("bash", ["scripts/setup-system.sh"])) process.exit(1);
} else if (!existsSync("/usr/bin/chromium")) {
  console.log("!!! /usr/bin/chromium is missing and this is not root: run `sudo bash scripts/setup-system.sh`");
}

let passed = 0;
let failed = 0;
let skipped = 0;
const checks = [
  // The Prisma clients are generated at install; regenerated here when the schema changed since.
  ["generate (Prisma clients)", "npm", ["run", "--silent", "db:generate"]],
  ["lint (biome)", "npx", ["biome", "check", "."]],
  ["typecheck (tsc, every package)", "npx", ["turbo", "run", "typecheck", "--continue"]],
  ["typecheck (tsc, scripts)", "npx", ["tsc", "-p", "scripts"]],
];
for (const [name, command, args] of checks) {
  console.log(`\n=== ${name}`);
  if (run(command, args)) passed++;
  else {
    failed++;
    console.log(`FAILED: ${name}`);
  }
}

console.log("\n=== unit and integration tests (vitest, every package)");
const testsExitedCleanly = run("npx", ["turbo", "run", "test", "--continue", "--concurrency=1"]);

const reports = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith(".json")) : [];
console.log("\n=== summary");
for (const file of reports) {
  const report = JSON.parse(readFileSync(join(resultsDir, file), "utf8"));
  const suitePassed = report.numPassedTests ?? 0;
  const suiteFailed = report.numFailedTests ?? 0;
  const suiteSkipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  passed += suitePassed;
  failed += suiteFailed;
  skipped += suiteSkipped;
  console.log(`${file.replace(/\.json$/, "")}: ${suitePassed} passed, ${suiteFailed} failed, ${suiteSkipped} skipped`);
  // A test file that failed to load has no tests in it; count it so it cannot pass silently.
  for (const suite of report.testResults ?? []) {
    if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) {
      failed++;
      console.log(`  file failed to run: ${suite.name}: ${String(suite.message ?? "").split("\n")[0]}`);
    }
  }
}
printFaultTable(reports.map((file) => JSON.parse(readFileSync(join(resultsDir, file), "utf8"))));
if (!testsExitedCleanly && failed === 0) {
  failed++;
  console.log("a test task failed without a failing test in its report (see the output above)");
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);

/**
 * The fault suite's table: a test whose outermost describe is titled "fault: <class>" (or
 * "fault: <class> — <detail>") counts towards that class; held is how many of its cases passed.
 */
function printFaultTable(reports) {
  const classes = new Map();
  for (const report of reports)
    for (const suite of report.testResults ?? [])
      for (const test of suite.assertionResults ?? []) {
        const name = /^fault: (.+?)(?: — |$)/.exec(test.ancestorTitles?.[0] ?? "")?.[1];
        if (!name) continue;
        const row = classes.get(name) ?? { cases: 0, held: 0, skipped: 0 };
        row.cases++;
        if (test.status === "passed") row.held++;
        if (test.status === "pending" || test.status === "skipped" || test.status === "todo") row.skipped++;
        classes.set(name, row);
      }
  if (classes.size === 0) return;
  console.log("\n=== fault suite\nclass | cases | held");
  for (const [name, row] of [...classes].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`${name} | ${row.cases} | ${row.held}${row.skipped ? ` (${row.skipped} skipped)` : ""}`);
}
