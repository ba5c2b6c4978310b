export * from "./condition.ts";
export * from "./labels.ts";
export * from "./links.ts";
export * from "./matcher-regex.ts";
export * from "./replay.ts";
export * from "./silences.ts";
export * from "./state-machine.ts";
export * from "./summary.ts";
