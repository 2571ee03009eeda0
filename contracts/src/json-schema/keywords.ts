/**
 * Where JSON Schema keeps subschemas, across drafts 4 to 2020-12 (JSON Schema Core/Validation of each draft).
 * Used by the canonical form and the compatibility walk to tell schema positions from data (`enum`, `const`,
 * `default`, `examples` hold data, whose arrays and keys are never reinterpreted).
 */

/** Keywords whose value is one subschema. */
export const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  "additionalProperties",
  "additionalItems",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);

/** Keywords whose value is an array of subschemas. */
export const SCHEMA_ARRAY_KEYWORDS: ReadonlySet<string> = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

/** Keywords whose value is an object mapping names to subschemas. */
export const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
