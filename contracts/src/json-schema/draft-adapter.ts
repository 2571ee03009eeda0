import type { JsonValue } from "../json-text.js";
import type { JsonSchemaDraft } from "./draft.js";
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from "./keywords.js";

const ORDER: readonly JsonSchemaDraft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];

/**
 * Rewrites a schema written for draft `from` so that an ajv instance of draft `to` reads it with the same
 * meaning, for references whose draft differs from the main schema's (ajv compiles one vocabulary per
 * instance). Covers the keywords whose shape changed between drafts: `id`/`$id`, draft-4 boolean
 * `exclusiveMaximum`/`exclusiveMinimum` vs the numeric form, and array-form `items` + `additionalItems` vs
 * 2020-12 `prefixItems` + `items`. Only schema positions are rewritten; data (`enum`, `const`, `default`)
 * never is. Returns a new value; `root` is not modified.
 */
export function adaptToDraft(root: JsonValue, from: JsonSchemaDraft, to: JsonSchemaDraft): JsonValue {
  if (from === to) return root;
  return adapt(root, ORDER.indexOf(from), ORDER.indexOf(to));
}

/**
 * Rewrites draft-4 boolean `exclusiveMaximum`/`exclusiveMinimum` in place into the numeric form of draft 6+
 * (`{maximum: 5, exclusiveMaximum: true}` → `{exclusiveMaximum: 5}`; `false` is dropped). JSON Schema draft-06
 * §"exclusiveMaximum" changed the keyword from a flag to a number.
 */
export function numericExclusiveBounds(out: { [key: string]: JsonValue }): void {
  for (const [exclusive, bound] of [
    ["exclusiveMaximum", "maximum"],
    ["exclusiveMinimum", "minimum"],
  ] as const) {
    if (typeof out[exclusive] !== "boolean") continue;
    if (out[exclusive] === true && typeof out[bound] === "number") {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
}

function adapt(node: JsonValue, from: number, to: number): JsonValue {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
  // Object.fromEntries defines own data properties, so a key named `__proto__` survives (assignment would not).
  const out: { [key: string]: JsonValue } = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, adaptKeyword(key, value, from, to)]));
  const draft4 = 0;
  if (from === draft4 && to > draft4) {
    if (typeof out["id"] === "string" && out["$id"] === undefined) {
      out["$id"] = out["id"];
      delete out["id"];
    }
    numericExclusiveBounds(out);
  } else if (to === draft4 && from > draft4) {
    if (typeof out["$id"] === "string" && out["id"] === undefined) {
      out["id"] = out["$id"];
      delete out["$id"];
    }
    for (const [exclusive, bound, tighter] of [
      ["exclusiveMaximum", "maximum", (a: number, b: number) => a <= b],
      ["exclusiveMinimum", "minimum", (a: number, b: number) => a >= b],
    ] as const) {
      const n = out[exclusive];
      if (typeof n !== "number") continue;
      const inclusive = out[bound];
      if (typeof inclusive === "number" && !tighter(n, inclusive)) delete out[exclusive]; // the inclusive bound is tighter
      else {
        out[bound] = n;
        out[exclusive] = true;
      }
    }
  }
  const draft2020 = ORDER.indexOf("2020-12");
  if (from === draft2020 && to < draft2020 && Array.isArray(out["prefixItems"])) {
    const rest = out["items"];
    out["items"] = out["prefixItems"];
    delete out["prefixItems"];
    if (rest !== undefined) out["additionalItems"] = rest;
  } else if (from < draft2020 && to === draft2020 && Array.isArray(out["items"])) {
    const rest = out["additionalItems"];
    out["prefixItems"] = out["items"];
    delete out["items"];
    delete out["additionalItems"];
    if (rest !== undefined) out["items"] = rest;
  }
  return out;
}

function adaptKeyword(key: string, value: JsonValue, from: number, to: number): JsonValue {
  if (SCHEMA_KEYWORDS.has(key) || key === "items") return Array.isArray(value) ? value.map((v) => adapt(v, from, to)) : adapt(value, from, to);
  if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) return value.map((v) => adapt(v, from, to));
  if ((SCHEMA_MAP_KEYWORDS.has(key) || key === "dependencies") && value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v : adapt(v, from, to)]));
  }
  return value;
}
