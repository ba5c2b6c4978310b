// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date in any of its three forms
// (§5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept).

const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/** Default bound on a wait a server may ask for. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Epoch ms, or undefined for a time or day that does not exist (Date.UTC would roll it over). */
function utc(year: number, month = "", day = "", h = "", m = "", s = ""): number | undefined {
  const [hours, minutes, seconds, date] = [Number(h), Number(m), Number(s), Number(day)];
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const at = Date.UTC(year, MONTHS.indexOf(month), date, hours, minutes, seconds);
  return new Date(at).getUTCDate() === date ? at : undefined;
}

/** An HTTP-date as epoch ms; undefined when it is not one. */
function parseHttpDate(text: string, now: number): number | undefined {
  const imf = IMF_FIXDATE.exec(text);
  if (imf) {
    const [, day, month, year, h, m, s] = imf;
    return utc(Number(year), month, day, h, m, s);
  }
  const asctime = ASCTIME.exec(text);
  if (asctime) {
    const [, month, day, h, m, s, year] = asctime;
    return utc(Number(year), month, day?.trim(), h, m, s);
  }
  const rfc850 = RFC_850.exec(text);
  if (!rfc850) return undefined;
  const [, day, month, yy, h, m, s] = rfc850;
  // §5.6.7: a two-digit year more than 50 years ahead is the most recent past year ending so.
  const thisYear = new Date(now).getUTCFullYear();
  let year = thisYear - (thisYear % 100) + Number(yy);
  if (year > thisYear + 50) year -= 100;
  return utc(year, month, day, h, m, s);
}

/**
 * The wait a Retry-After header asks for, in ms from `now`, within [0, `maxMs`] (a date in the
 * past is 0); undefined when absent or not a valid value (a negative number, a fraction, text).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
  maxMs: number = MAX_RETRY_AFTER_MS,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  // A long run of digits is a very long wait (Infinity here), bounded like any other.
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : (parseHttpDate(text, now) ?? Number.NaN) - now;
  return Number.isNaN(ms) ? undefined : Math.min(maxMs, Math.max(0, ms));
}
