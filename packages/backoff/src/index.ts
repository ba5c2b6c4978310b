export { type BackoffOptions, backoffDelayMs } from "./exponential-backoff.ts";
export {
  DEFAULT_RESTART_POLICY,
  type RestartDecision,
  RestartPolicy,
  type RestartPolicyOptions,
} from "./restart-policy.ts";
export { MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry-after.ts";
