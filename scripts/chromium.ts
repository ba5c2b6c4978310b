// The system Chromium that browser tests and benchmarks drive (Playwright cannot download its
// own browsers here), with the launch flags a headless run as root on a machine without a GPU
// or a network needs.
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** No sandbox as root, no GPU, and nothing reaching out beyond this machine. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

/** Undefined when Chromium is installed; otherwise what to tell the user. */
export function missingChromium(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return (
    `Chromium is not installed at ${CHROMIUM_PATH}, and Playwright cannot download browsers here. ` +
    "Run `bash scripts/setup-system.sh` as root (it runs `apt-get install -y chromium`), then try again."
  );
}
