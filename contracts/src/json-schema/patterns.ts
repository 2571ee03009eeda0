import type { ContractError } from "../errors.js";
import { pointer, type JsonValue } from "../json-text.js";
import { compileSafeRegExp } from "../safe-regex.js";
import { SCHEMA_ARRAY_KEYWORDS, SCHEMA_KEYWORDS, SCHEMA_MAP_KEYWORDS } from "./keywords.js";
import { isSchemaObject } from "./schema-node.js";

/** Every subschema directly under `schema`, with its pointer (data keywords — `enum`, `default` … — are skipped). */
function children(schema: { [key: string]: JsonValue }, at: string): Array<[JsonValue, string]> {
  const out: Array<[JsonValue, string]> = [];
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_KEYWORDS.has(key)) out.push([value, pointer(at, key)]);
    else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) value.forEach((v, i) => out.push([v, pointer(at, key, i)]));
    else if (SCHEMA_MAP_KEYWORDS.has(key) && isSchemaObject(value)) for (const [k, v] of Object.entries(value)) out.push([v, pointer(at, key, k)]);
    else if (key === "items") {
      if (Array.isArray(value)) value.forEach((v, i) => out.push([v, pointer(at, key, i)]));
      else out.push([value, pointer(at, key)]);
    } else if (key === "dependencies" && isSchemaObject(value)) {
      for (const [k, v] of Object.entries(value)) if (!Array.isArray(v)) out.push([v, pointer(at, key, k)]);
    }
  }
  return out;
}

/** A regex that compiles (with ajv's `u` flag, or without as Confluent's validator allows), else why not. */
function patternError(pattern: string, maxPatternLength: number | undefined): string | undefined {
  const limits = maxPatternLength !== undefined ? { maxPatternLength } : {};
  const unicode = compileSafeRegExp(pattern, { ...limits, unicode: true });
  if (unicode.ok) return undefined;
  const plain = compileSafeRegExp(pattern, { ...limits, unicode: false });
  return plain.ok ? undefined : plain.error.message;
}

/**
 * The first `pattern` value or `patternProperties` key anywhere in a JSON Schema — reachable from the root or
 * not (a `$defs` entry nobody references is still part of the schema) — that is not a valid ECMA-262 regex or
 * cannot be run safely (see `safe-regex.ts`): `SCHEMA_INVALID` at its JSON Pointer, else undefined. Walks
 * without recursion (the caller has bounded the depth).
 */
export function findInvalidPattern(root: JsonValue, maxPatternLength?: number): ContractError | undefined {
  const stack: Array<[JsonValue, string]> = [[root, ""]];
  while (stack.length > 0) {
    const [schema, at] = stack.pop()!;
    if (!isSchemaObject(schema)) continue;
    if (typeof schema["pattern"] === "string") {
      const error = patternError(schema["pattern"], maxPatternLength);
      if (error !== undefined) return { code: "SCHEMA_INVALID", message: `invalid pattern: ${error}`, path: pointer(at, "pattern") };
    }
    const patternProperties = schema["patternProperties"];
    if (isSchemaObject(patternProperties)) {
      for (const key of Object.keys(patternProperties)) {
        const error = patternError(key, maxPatternLength);
        if (error !== undefined) {
          return { code: "SCHEMA_INVALID", message: `invalid patternProperties key: ${error}`, path: pointer(at, "patternProperties", key) };
        }
      }
    }
    for (const child of children(schema, at).reverse()) stack.push(child);
  }
  return undefined;
}
