// Bundle size per page for `npm run bench:ui`: the JavaScript a cold load of the page
// downloaded (from the browser's resource timing), measured gzipped. Each script is fetched
// again from Node asking for gzip: when the server compresses, its compressed length is what
// went over the wire; when it does not, the body is gzipped here (level 6, as servers do).
import { get } from "node:http";
import { gunzipSync, gzipSync } from "node:zlib";

export interface BundleSize {
  scripts: number;
  /** Sum of the browser's encodedBodySize (what it downloaded). */
  browserKB: number;
  /** Gzipped size of the same scripts. */
  gzipKB: number;
  /** Uncompressed. */
  rawKB: number;
  served: "gzip" | "br" | "identity" | "mixed";
}

function fetchRaw(url: string): Promise<{ encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ encoding: String(res.headers["content-encoding"] ?? "identity"), body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    }).on("error", reject);
  });
}

const cache = new Map<string, { encoding: string; gzip: number; raw: number }>();

async function measureScript(url: string): Promise<{ encoding: string; gzip: number; raw: number }> {
  const known = cache.get(url);
  if (known) return known;
  const { encoding, body } = await fetchRaw(url);
  const result =
    encoding === "gzip"
      ? { encoding, gzip: body.length, raw: gunzipSync(body).length }
      : { encoding, gzip: gzipSync(body, { level: 6 }).length, raw: body.length };
  cache.set(url, result);
  return result;
}

export async function bundleSize(scripts: { url: string; encoded: number; decoded: number }[]): Promise<BundleSize> {
  const unique = [...new Map(scripts.map((s) => [s.url, s])).values()];
  let gzip = 0;
  let raw = 0;
  const encodings = new Set<string>();
  for (const s of unique) {
    const m = await measureScript(s.url);
    gzip += m.gzip;
    raw += m.raw;
    encodings.add(m.encoding);
  }
  const only = encodings.size === 1 ? [...encodings][0] : undefined;
  return {
    scripts: unique.length,
    browserKB: unique.reduce((sum, s) => sum + s.encoded, 0) / 1024,
    gzipKB: gzip / 1024,
    rawKB: raw / 1024,
    served: only === "gzip" || only === "br" || only === "identity" ? only : "mixed",
  };
}
