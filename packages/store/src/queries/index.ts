// Typed read queries behind the query API. Each builds bound SQL and runs it on a transport.
export {};
