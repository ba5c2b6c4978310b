// Errors a read query raises for a request it cannot answer (the route turns them into 400s).

export class QueryInputError extends Error {
  override name = "QueryInputError";
  constructor(
    /** The request field at fault. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
