// Who a process is (service name, resource attributes), remembered per process, and which
// process owns a listening port. Everything here reads /proc and nothing needs BPF.
export { ProcessIdentities, type ProcessIdentitiesOptions } from "./cache.ts";
export { parseEstablished, remotePorts } from "./connections.ts";
export { containerIdFromCgroup } from "./container.ts";
export { type IdentityOptions, type ProcessIdentity, readProcessIdentity } from "./identity.ts";
export { ListeningPorts, type ListeningSocket, listeningPorts, parseListeningSockets } from "./listeners.ts";
export {
  COMPONENT_ENV,
  classifyProcess,
  describeRole,
  matchesProcess,
  type ProcessRole,
  type RoleFacts,
  type RoleOptions,
} from "./role.ts";
export {
  chooseServiceName,
  type ProcessFacts,
  type ProcessMatch,
  processMatch,
  type ServiceName,
  type ServiceNameSource,
  type ServiceOverride,
  serviceNameFromCommand,
} from "./service-name.ts";
export { type ProcStat, parseProcStat, TICKS_PER_SECOND } from "./stat.ts";
