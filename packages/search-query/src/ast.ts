// The parsed query. Every leaf keeps its offset so a later step (the SQL compiler) can report
// a value it cannot use at the right place.
import type { CompareOp } from "./lexer.ts";

export type { CompareOp };

export type SearchNode =
  | { type: "and" | "or"; children: SearchNode[] }
  | { type: "not"; child: SearchNode }
  /** A bare word (full text). */
  | { type: "word"; text: string; offset: number }
  /** A quoted phrase (full text, in this order). */
  | { type: "phrase"; text: string; offset: number }
  /** A bare 32-hex-digit word: a trace ID (lower-cased). */
  | { type: "traceId"; id: string; offset: number }
  /** `field:value`; `prefix` when the value ended in an unquoted `*` (which is cut off). */
  | { type: "match"; field: string; value: string; prefix: boolean; offset: number; valueOffset: number }
  /** `field>value`…; `durationNs` when the value had a duration unit. */
  | {
      type: "compare";
      field: string;
      op: CompareOp;
      /** The value as written (for severity names). */
      text: string;
      number: number | null;
      durationNs: number | null;
      offset: number;
      valueOffset: number;
    };
