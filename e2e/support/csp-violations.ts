// Collects a page's Content-Security-Policy violations: the browser's own report (the
// `securitypolicyviolation` event, relayed through the console) and its console error.
import type { Page } from "@playwright/test";

const PREFIX = "CSP violation:";

export async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (text.startsWith(PREFIX) || /Content Security Policy/i.test(text)) violations.push(`${page.url()}: ${text}`);
  });
  // Init scripts go in through the DevTools protocol, which the page's CSP does not govern.
  await page.addInitScript((prefix) => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(
        `${prefix} ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  }, PREFIX);
  return violations;
}
