// Host and process metrics from /proc (system.*, process.*), for every host, with or without BPF.
export { HostMetrics, type HostMetricsOptions } from "./host-metrics.ts";
export type { ProcessSelection } from "./processes.ts";
