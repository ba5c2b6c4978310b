// One OpenTelemetry Resource per distinct attribute set within a batch: the transformer groups
// spans by Resource object identity, so equal sets must share one object to share a ResourceSpans.
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { attributesKey } from "../telemetry/attributes-key.ts";
import type { Attributes } from "../telemetry/model.ts";

export class ResourceCache {
  private readonly byObject = new Map<Attributes, Resource>();
  private readonly byKey = new Map<string, Resource>();

  get(attributes: Attributes): Resource {
    let resource = this.byObject.get(attributes);
    if (resource) return resource;
    const key = attributesKey(attributes);
    resource = this.byKey.get(key);
    if (!resource) {
      resource = resourceFromAttributes(attributes);
      this.byKey.set(key, resource);
    }
    this.byObject.set(attributes, resource);
    return resource;
  }
}
