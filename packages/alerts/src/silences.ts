// Silences: label matchers (=, !=, =~, !~; regular expressions match the whole value, as in
// Alertmanager, on RE2: see matcher-regex.ts) over a time window. A missing label matches as "".
import type { AttributeMap, SilenceMatcherOp } from "@tracelight/contracts/values";
import { matcherRegexProblem, matchesWhole } from "./matcher-regex.ts";

export interface SilenceWindow {
  matchers: readonly { label: string; op: SilenceMatcherOp; value: string }[];
  startsAt: number;
  endsAt: number;
}

export function silenceStatus(silence: Pick<SilenceWindow, "startsAt" | "endsAt">, now: number) {
  if (now < silence.startsAt) return "pending" as const;
  return now < silence.endsAt ? ("active" as const) : ("expired" as const);
}

export function silenceMatches(silence: SilenceWindow, labels: AttributeMap, now: number): boolean {
  if (silenceStatus(silence, now) !== "active") return false;
  return silence.matchers.every((m) => matcherMatches(m, labels[m.label] ?? ""));
}

function matcherMatches(m: SilenceWindow["matchers"][number], actual: string): boolean {
  switch (m.op) {
    case "=":
      return actual === m.value;
    case "!=":
      return actual !== m.value;
    // A stored pattern from before RE2 that it cannot compile silences nothing.
    case "=~":
      return matcherRegexProblem(m.value) === undefined && matchesWhole(m.value, actual);
    case "!~":
      return matcherRegexProblem(m.value) === undefined && !matchesWhole(m.value, actual);
  }
}

export function isSilenced(silences: readonly SilenceWindow[], labels: AttributeMap, now: number): boolean {
  return silences.some((s) => silenceMatches(s, labels, now));
}
