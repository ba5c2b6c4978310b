// A query the language cannot read: where (0-based offset into the query, 1-based column of
// its line) and what was expected there, so the UI can put a caret under the spot.

export interface QueryPosition {
  offset: number;
  column: number;
}

export class SearchQueryError extends Error {
  override name = "SearchQueryError";
  readonly position: QueryPosition;
  constructor(
    message: string,
    offset: number,
    query: string,
    /** What would have been read at the position ("a value", "')'", …); undefined for limits. */
    readonly expected?: string,
  ) {
    super(message);
    this.position = { offset, column: offset - query.lastIndexOf("\n", offset - 1) };
  }
}
