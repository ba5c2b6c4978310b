// Silence matchers' regular expressions on RE2 (re2-wasm): matching takes time linear in the
// label's length whatever the pattern, so a pattern like (a+)+b cannot stall the evaluator or the
// API. RE2 has no backreferences or lookaround; such patterns are refused when a silence is made.
import { RE2 } from "re2-wasm";

/** Longer patterns are refused: RE2 bounds the time, this bounds the compiled program. */
export const MAX_MATCHER_REGEX_LENGTH = 1000;

const compiled = new Map<string, RE2>();
/** Compiled programs live in WebAssembly memory: keep a bounded number of them. */
const MAX_COMPILED = 1000;

/** Why RE2 cannot take the pattern, or undefined when it can. */
export function matcherRegexProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_MATCHER_REGEX_LENGTH) return `longer than ${MAX_MATCHER_REGEX_LENGTH} characters`;
  try {
    wholeMatch(pattern);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^.*: /, "") : String(error);
    return `is not a valid regular expression for RE2 (${reason}; backreferences and lookaround are not supported)`;
  }
}

/** Whether the pattern matches the whole value, as Alertmanager's matchers do. */
export function matchesWhole(pattern: string, value: string): boolean {
  return wholeMatch(pattern).test(value);
}

function wholeMatch(pattern: string): RE2 {
  let re = compiled.get(pattern);
  if (re === undefined) {
    if (pattern.length > MAX_MATCHER_REGEX_LENGTH)
      throw new Error(`longer than ${MAX_MATCHER_REGEX_LENGTH} characters`);
    re = new RE2(`^(?:${pattern})$`, "u");
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}
