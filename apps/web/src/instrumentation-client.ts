// Runs before any of the app's browser code. zod compiles object parsers with `new Function`
// unless told not to, and finds out whether it may by trying once, as the schemas are built:
// under the CSP (src/server/security-headers.ts forbids eval) that attempt alone reports a
// violation on every page that imports a schema (/login, /setup, /settings/account).
import { z } from "zod";

z.config({ jitless: true });
