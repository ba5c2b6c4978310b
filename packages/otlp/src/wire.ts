// The protobuf reader and the shared message readers, for encoders that go from OTLP bytes
// straight to another format without row objects (@tracelight/store's direct Native path).
// Using these keeps their validation and their value flattening the decoders' own.
export type { ResourceInfo, ScopeInfo } from "./context.ts";
export { allZero } from "./hex.ts";
export { idProblem } from "./ids.ts";
export { Outcome } from "./outcome.ts";
export { anyValueText } from "./protobuf/common.ts";
export { readRequest, type SignalNames } from "./protobuf/envelope.ts";
export { fields, Reader } from "./protobuf/reader.ts";
export { spanKindName, statusCodeName } from "./values.ts";
