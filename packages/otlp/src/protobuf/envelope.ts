// The request -> ResourceX -> ScopeX -> item nesting all three signals share. Resource and scope
// are read before the items under them, whatever order the sender wrote the fields in, because
// every row carries them (schema_url, field 3, usually comes after the items).

import type { ResourceInfo, ScopeInfo } from "../context.ts";
import type { Outcome } from "../outcome.ts";
import { EMPTY_RESOURCE, emptyScope, readResource, readScope } from "./common.ts";
import { fields, type Reader } from "./reader.ts";

export interface SignalNames {
  request: string;
  resource: string;
  scope: string;
}

/** Decodes one item (span, log record, metric) that ends at `end`, appending its rows. */
export type ItemReader = (r: Reader, end: number, resource: ResourceInfo, scope: ScopeInfo, out: Outcome) => void;

const REQUEST_KNOWN = fields(1);
const ENVELOPE_KNOWN = fields(1, 2, 3);

export function readRequest(r: Reader, names: SignalNames, readItem: ItemReader, out: Outcome): void {
  while (r.pos < r.length) {
    const tag = r.tag();
    if (tag === 10) readResourceLevel(r, r.lenEnd(), names, readItem, out);
    else r.unknown(tag, REQUEST_KNOWN, names.request);
  }
}

function readResourceLevel(r: Reader, end: number, names: SignalNames, readItem: ItemReader, out: Outcome): void {
  const start = r.pos;
  const env = scanEnvelope(r, end, names.resource);
  const resource =
    env.headerStart >= 0 || env.schemaUrl !== ""
      ? readResource(r, env.headerStart, env.headerEnd, env.schemaUrl)
      : EMPTY_RESOURCE;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 18) readScopeLevel(r, r.lenEnd(), resource, names, readItem, out);
    else if (tag === 10 || tag === 26) r.skip(tag);
    else r.unknown(tag, ENVELOPE_KNOWN, names.resource);
  }
  r.end(end, names.resource);
}

function readScopeLevel(
  r: Reader,
  end: number,
  resource: ResourceInfo,
  names: SignalNames,
  readItem: ItemReader,
  out: Outcome,
): void {
  const start = r.pos;
  const env = scanEnvelope(r, end, names.scope);
  const scope =
    env.headerStart >= 0 ? readScope(r, env.headerStart, env.headerEnd, env.schemaUrl) : emptyScope(env.schemaUrl);
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 18) readItem(r, r.lenEnd(), resource, scope, out);
    else if (tag === 10 || tag === 26) r.skip(tag);
    else r.unknown(tag, ENVELOPE_KNOWN, names.scope);
  }
  r.end(end, names.scope);
}

interface Envelope {
  headerStart: number;
  headerEnd: number;
  schemaUrl: string;
}

const HEADER_KNOWN = fields(1, 3);

/** Finds the header message (field 1) and schema_url (field 3); leaves `r.pos` past the message. */
function scanEnvelope(r: Reader, end: number, message: string): Envelope {
  const env: Envelope = { headerStart: -1, headerEnd: -1, schemaUrl: "" };
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      env.headerEnd = r.lenEnd();
      env.headerStart = r.pos;
      r.pos = env.headerEnd;
    } else if (tag === 26) env.schemaUrl = r.string();
    else r.unknown(tag, HEADER_KNOWN, message);
  }
  r.end(end, message);
  return env;
}
