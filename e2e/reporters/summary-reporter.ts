// Writes the run's totals in the fields scripts/run-tests.mjs reads from vitest's JSON report
// (numPassedTests, numFailedTests, numPendingTests, testResults[].assertionResults), so the
// end-to-end tests count in `npm test`'s closing line. An error outside any test (a server
// that did not start, global setup) is a file entry with no tests, which run-tests counts as
// a failure.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { FullConfig, FullResult, Reporter, Suite, TestError } from "@playwright/test/reporter";

interface AssertionResult {
  fullName: string;
  status: "passed" | "failed" | "pending";
  duration: number;
  failureMessages: string[];
}

interface FileResult {
  name: string;
  status: "passed" | "failed";
  message: string;
  assertionResults: AssertionResult[];
}

const STATUS = { expected: "passed", flaky: "passed", unexpected: "failed", skipped: "pending" } as const;

const firstLine = (error: TestError) => (error.message ?? error.value ?? "error").split("\n")[0] ?? "error";

export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;
  private rootDir = process.cwd();
  private readonly errors: TestError[] = [];
  private readonly outputFile: string;

  constructor(options: { outputFile?: string } = {}) {
    const dir = process.env.TEST_RESULTS_DIR ?? resolve(import.meta.dirname, "../../.test-results");
    this.outputFile = options.outputFile ?? resolve(dir, "e2e.json");
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.root = suite;
    this.rootDir = config.rootDir;
  }

  onError(error: TestError): void {
    this.errors.push(error);
  }

  onEnd(result: FullResult): void {
    const files = new Map<string, FileResult>();
    for (const test of this.root?.allTests() ?? []) {
      const name = relative(this.rootDir, test.location.file);
      const file = files.get(name) ?? { name, status: "passed", message: "", assertionResults: [] };
      files.set(name, file);
      const status = STATUS[test.outcome()];
      if (status === "failed") file.status = "failed";
      file.assertionResults.push({
        fullName: test.titlePath().filter(Boolean).join(" › "),
        status,
        duration: test.results.reduce((sum, r) => sum + r.duration, 0),
        failureMessages: test.results.flatMap((r) => r.errors.map(firstLine)),
      });
    }
    const testResults = [...files.values()];
    for (const error of this.errors) {
      testResults.push({
        name: "(outside any test)",
        status: "failed",
        message: firstLine(error),
        assertionResults: [],
      });
    }
    if (result.status !== "passed" && testResults.every((f) => f.status === "passed")) {
      testResults.push({ name: "(run)", status: "failed", message: `run ${result.status}`, assertionResults: [] });
    }
    const all = testResults.flatMap((f) => f.assertionResults);
    const count = (status: AssertionResult["status"]) => all.filter((a) => a.status === status).length;
    const report = {
      numTotalTests: all.length,
      numPassedTests: count("passed"),
      numFailedTests: count("failed"),
      numPendingTests: count("pending"),
      numTodoTests: 0,
      success: result.status === "passed",
      testResults,
    };
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(report, null, 2)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
