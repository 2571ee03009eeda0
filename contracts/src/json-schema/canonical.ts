import { sortedJson, type JsonValue } from "../json-text.js";
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from "./keywords.js";

/**
 * The canonical text of a JSON Schema: compact JSON with every object's keys sorted by UTF-16 code unit,
 * recursively (data in `enum`/`const`/`default`/`examples` included, since JSON object key order carries no
 * meaning). Arrays keep their order — `items`/`prefixItems` tuples, `allOf`/`anyOf`/`oneOf` (order changes
 * which branch an error names) and `enum` (code generators number symbols by position) — except two that are
 * sets by definition: `required` and a `type` array, which are sorted (also the array form of draft-4..7
 * `dependencies` and the arrays of 2019-09+ `dependentRequired`). Objects are rebuilt with own data
 * properties only (`Object.fromEntries`), so a key named `__proto__` is kept like any other. Only schema positions are treated so: a property *named* `required` is left alone.
 * Numbers print as `JSON.stringify` prints them, so `1.0` and `1` share a form (as they share a JSON value).
 * Source: Charter's own rule, in the spirit of Confluent's `JsonSchema.canonicalString()` (Jackson, sorted).
 */
export function canonicalJsonSchema(schema: JsonValue): string {
  return sortedJson(normalizeSchema(schema));
}

function normalizeSchema(schema: JsonValue): JsonValue {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, normalizeKeyword(key, value)]));
}

function normalizeKeyword(key: string, value: JsonValue): JsonValue {
  if (SCHEMA_KEYWORDS.has(key)) return normalizeSchema(value);
  if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) return value.map(normalizeSchema);
  if (key === "items") return Array.isArray(value) ? value.map(normalizeSchema) : normalizeSchema(value);
  if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) return mapValues(value, normalizeSchema);
  if ((key === "dependencies" || key === "dependentRequired") && isObject(value)) return mapValues(value, (v) => (Array.isArray(v) ? sortedStrings(v) : normalizeSchema(v)));
  if ((key === "required" || key === "type") && Array.isArray(value)) return sortedStrings(value);
  return value;
}

function sortedStrings(values: JsonValue[]): JsonValue[] {
  // Only all-string arrays are sets here; anything else is invalid and left as written.
  if (!values.every((v) => typeof v === "string")) return values;
  return [...(values as string[])].sort();
}

function mapValues(value: { [key: string]: JsonValue }, f: (v: JsonValue) => JsonValue): { [key: string]: JsonValue } {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, f(v)]));
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
