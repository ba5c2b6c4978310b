// Stands in for @xmldom/xmldom's types, which pull the DOM library into every program that
// reaches them (through better-auth's SSO plugin → samlify) and so change the global fetch and
// Request types under Node's. Tracelight uses no SAML, so no type from here is ever used.
export type DOMParser = unknown;
export type Options = unknown;
