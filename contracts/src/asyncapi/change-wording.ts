import type { JsonValue } from "../json-text.js";
import { pointerTokens } from "./source-map.js";

/** JSON Schema keywords whose value is a constraint as the user wrote it (bounds, lists, patterns, types). */
const CONSTRAINTS = new Set([
  "type", "enum", "const", "format", "pattern", "required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
  "additionalProperties", "additionalItems", "propertyNames", "dependentRequired", "dependencies",
]);

/** The value at `tokens` under `root`, or `undefined`. */
function at(root: JsonValue | undefined, tokens: readonly string[]): JsonValue | undefined {
  let node = root;
  for (const t of tokens) {
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(t) ? node[Number(t)] : undefined;
    else if (node !== null && typeof node === "object") node = Object.hasOwn(node, t) ? node[t] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A value as a person wrote it in YAML: `0`, `uuid`, `[number, string]`; objects as JSON. */
function shown(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(shown).join(", ")}]`;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What the user changed at `path` (a JSON Pointer a payload engine reported, into the schema that read), in
 * the terms they wrote, from the old schema to the new one: `minimum 0 removed`, `maxLength 10 added`,
 * `type changed from number to [number, string]`. A pointer to a constraint keyword compares that keyword; a
 * pointer to a schema compares its `type` as written (engines may have rewritten `type: [a, b]` into an
 * `anyOf`). `undefined` when nothing written at `path` differs (the engine's own message then stands).
 */
export function changeAsWritten(path: string, oldSchema: JsonValue, newSchema: JsonValue): string | undefined {
  const tokens = pointerTokens(path);
  const last = tokens.at(-1);
  if (last !== undefined && CONSTRAINTS.has(last) && !CONSTRAINTS.has(tokens.at(-2) ?? "")) {
    const before = at(oldSchema, tokens);
    const after = at(newSchema, tokens);
    if (same(before, after)) return undefined;
    if (before === undefined) return `${last} ${shown(after!)} added`;
    if (after === undefined) return `${last} ${shown(before)} removed`;
    return `${last} changed from ${shown(before)} to ${shown(after)}`;
  }
  const before = at(oldSchema, tokens);
  const after = at(newSchema, tokens);
  const typeOf = (s: JsonValue | undefined) => (s !== null && typeof s === "object" && !Array.isArray(s) ? s["type"] : undefined);
  const [t0, t1] = [typeOf(before), typeOf(after)];
  if (t0 !== undefined && t1 !== undefined && !same(t0, t1)) return `type changed from ${shown(t0)} to ${shown(t1)}`;
  return undefined;
}
