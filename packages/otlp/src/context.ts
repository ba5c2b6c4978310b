// What a resource, a scope and a metric contribute to every row under them; both decoders
// build these once per envelope and the rows share them (treat rows as immutable).
import type { AttributeMap, MetricRowBase } from "./rows.ts";

export interface ResourceInfo {
  attributes: AttributeMap;
  /** The `service.name` resource attribute, flattened like any attribute; "" when absent. */
  serviceName: string;
  schemaUrl: string;
}

export interface ScopeInfo {
  name: string;
  version: string;
  attributes: AttributeMap;
  droppedAttributesCount: number;
  schemaUrl: string;
}

export interface MetricContext {
  resource: ResourceInfo;
  scope: ScopeInfo;
  name: string;
  description: string;
  unit: string;
}

export function resourceInfo(attributes: AttributeMap, schemaUrl: string): ResourceInfo {
  return { attributes, serviceName: attributes["service.name"] ?? "", schemaUrl };
}

/** The columns every otel_metrics_* row has, for one data point. */
export function metricBase(
  ctx: MetricContext,
  attributes: AttributeMap,
  startTime: bigint,
  time: bigint,
  flags: number,
): MetricRowBase {
  const { resource, scope } = ctx;
  return {
    ResourceAttributes: resource.attributes,
    ResourceSchemaUrl: resource.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    ScopeDroppedAttrCount: scope.droppedAttributesCount,
    ScopeSchemaUrl: scope.schemaUrl,
    ServiceName: resource.serviceName,
    MetricName: ctx.name,
    MetricDescription: ctx.description,
    MetricUnit: ctx.unit,
    Attributes: attributes,
    StartTimeUnix: startTime,
    TimeUnix: time,
    Flags: flags,
  };
}
