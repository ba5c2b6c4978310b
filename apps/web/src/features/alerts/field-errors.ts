// Errors keyed by the field path the API uses ("query.metric", "condition.nOfM.n"), from the
// client's own checks or from a 400's message ("field.path: message; other.path: message"),
// so that a form shows each next to its field. Pure.

/** Field path → message. */
export type FieldErrors = Record<string, string>;

const PIECE = /^([A-Za-z_][A-Za-z0-9_.-]*): (.+)$/s;

/**
 * Splits an API message into field errors. `prefix` is dropped from paths (the preview nests
 * the rule under "rule."); pieces that name no field are kept as `general`.
 */
export function parseApiMessage(message: string, prefix = ""): { fields: FieldErrors; general: string[] } {
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const piece of message.split(/;\s+(?=[A-Za-z_][A-Za-z0-9_.-]*: )/)) {
    const m = PIECE.exec(piece.trim());
    if (m === null) {
      if (piece.trim() !== "") general.push(piece.trim());
      continue;
    }
    let path = m[1] ?? "";
    if (prefix !== "" && path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
    const text = (m[2] ?? "").trim();
    fields[path] = fields[path] === undefined ? text : `${fields[path]}; ${text}`;
  }
  return { fields, general };
}

/** The message for a field: its own, or one about a part of it ("condition.nOfM.n" under "condition.nOfM"). */
export function errorFor(errors: FieldErrors, key: string): string | undefined {
  if (errors[key] !== undefined) return errors[key];
  const nested = Object.keys(errors).find((path) => path.startsWith(`${key}.`));
  return nested === undefined ? undefined : errors[nested];
}

/**
 * The errors no field of the form shows (`shown` lists the form's keys): they go in a summary
 * at the top, so no message is lost.
 */
export function unplacedErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => !shown.some((key) => path === key || path.startsWith(`${key}.`)))
    .map(([path, message]) => `${path}: ${message}`);
}
