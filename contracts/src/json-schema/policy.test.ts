import { describe, expect, it } from "vitest";
import type { ParsedSchema } from "../format.js";
import { COMPATIBLE_CHANGES_STRICT, jsonSchemaCompatibility, jsonSchemaPolicy, LENIENT_ADDITIONS } from "./compatibility.js";
import { parseJsonSchema } from "./parse.js";
import { JSON_SCHEMA_RULES } from "./rules.js";

async function schema(value: unknown): Promise<ParsedSchema> {
  const result = await parseJsonSchema(JSON.stringify(value));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Rules of `reader` reading `writer` under `policy`. */
async function rules(reader: unknown, writer: unknown, policy = "STRICT"): Promise<string[]> {
  return jsonSchemaCompatibility(await schema(reader), await schema(writer), { policy: { compatibilityPolicy: policy } }).map((v) => v.rule);
}

const open = { type: "object", properties: { a: { type: "string" } } };
const closed = { ...open, additionalProperties: false };

describe("compatibilityPolicy: Confluent STRICT vs LENIENT (SchemaDiff compatible-change sets)", () => {
  it("reads the policy case-insensitively, STRICT by default and for unknown values", () => {
    expect(jsonSchemaPolicy().name).toBe("STRICT");
    expect(jsonSchemaPolicy({ policy: { compatibilityPolicy: "lenient" } }).name).toBe("LENIENT");
    expect(jsonSchemaPolicy({ policy: { compatibilityPolicy: "karapace" } }).convention).toBe("karapace");
    expect(jsonSchemaPolicy({ policy: { compatibilityPolicy: "nope" } }).name).toBe("STRICT");
    expect(LENIENT_ADDITIONS.every((r) => !COMPATIBLE_CHANGES_STRICT.has(r) || r === "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL")).toBe(true);
  });

  it("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: breaking under STRICT, compatible under LENIENT; an empty schema is always fine", async () => {
    const added = { ...open, properties: { ...open.properties, b: { type: "integer" } } };
    expect(await rules(added, open)).toEqual(["PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]);
    expect(await rules(added, open, "LENIENT")).toEqual([]);
    expect(await rules({ ...open, properties: { ...open.properties, b: {} } }, open)).toEqual([]);
    // Required too: Confluent reports only the open-model addition (so its LENIENT accepts it); Charter keeps a
    // newly required property without a default breaking (a documented difference).
    expect(await rules({ ...added, required: ["b"] }, open, "LENIENT")).toEqual(["REQUIRED_ATTRIBUTE_ADDED"]);
    expect(await rules({ ...open, properties: { ...open.properties, b: { type: "integer", default: 0 } }, required: ["b"] }, open, "LENIENT")).toEqual([]);
  });

  it("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL is compatible; required needs a default", async () => {
    const optional = { ...closed, properties: { ...closed.properties, b: { type: "integer" } } };
    expect(await rules(optional, closed)).toEqual([]);
    expect(await rules({ ...optional, required: ["b"] }, closed)).toEqual(["REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"]);
    expect(await rules({ ...closed, properties: { ...closed.properties, b: { type: "integer", default: 1 } }, required: ["b"] }, closed)).toEqual([]);
  });

  it("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED is compatible, REQUIRED_ATTRIBUTE_ADDED is not", async () => {
    expect(await rules({ ...open, required: ["a"] }, open)).toEqual(["REQUIRED_ATTRIBUTE_ADDED"]);
    expect(await rules({ type: "object", properties: { a: { type: "string", default: "x" } }, required: ["a"] }, { type: "object", properties: { a: { type: "string", default: "x" } } })).toEqual([]);
  });

  it("additionalProperties removed or narrowed: breaking under STRICT, compatible under LENIENT", async () => {
    expect(await rules(closed, open)).toEqual(["ADDITIONAL_PROPERTIES_REMOVED"]);
    expect(await rules(closed, open, "LENIENT")).toEqual([]);
    const narrowed = { ...open, additionalProperties: { type: "string" } };
    expect(await rules(narrowed, open)).toEqual(["ADDITIONAL_PROPERTIES_NARROWED"]);
    expect(await rules(narrowed, open, "LENIENT")).toEqual([]);
  });

  it("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL is breaking under both; a property whose schema was `false` may go", async () => {
    const two = { ...closed, properties: { ...closed.properties, b: { type: "integer" } } };
    expect(await rules(closed, two)).toEqual(["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]);
    expect(await rules(closed, two, "LENIENT")).toEqual(["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]);
    expect(await rules(closed, { ...closed, properties: { ...closed.properties, b: false } })).toEqual([]);
  });

  it("partially open content models: NOT_COVERED breaking under STRICT only", async () => {
    const partial = { type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "string" } };
    const removedNotCovered = { ...partial, properties: {} };
    const withB = { ...partial, properties: { ...partial.properties, b: { type: "integer" } } };
    expect(await rules(withB, partial)).toEqual(["PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]);
    expect(await rules(withB, partial, "LENIENT")).toEqual([]);
    expect(await rules({ ...partial, properties: { ...partial.properties, b: { type: "string", maxLength: 2 } } }, partial)).toEqual(["PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]);
    expect(await rules(removedNotCovered, withB)).toEqual(["PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]);
    expect(await rules(removedNotCovered, withB, "LENIENT")).toEqual([]);
  });
});

describe("combined types as Confluent's CombinedSchemaDiff", () => {
  const s = { type: "string" };
  const i = { type: "integer" };
  it("a one-member combinator is its member; duplicate members are one member", async () => {
    expect(await rules({ oneOf: [s] }, s)).toEqual([]);
    expect(await rules(s, { anyOf: [s] })).toEqual([]);
    expect(await rules({ anyOf: [s, s] }, { anyOf: [s] })).toEqual([]);
    expect(await rules({ oneOf: [s] }, { oneOf: [s, { type: "string" }] })).toEqual([]);
  });

  it("SUM_TYPE_EXTENDED and PRODUCT_TYPE_NARROWED are compatible, their opposites are not", async () => {
    expect(await rules({ anyOf: [s, i] }, s)).toEqual([]);
    expect(await rules({ oneOf: [s, i] }, { oneOf: [s] })).toEqual([]);
    expect(await rules({ oneOf: [s] }, { oneOf: [s, i] })).toEqual(["SUM_TYPE_NARROWED"]);
    expect(await rules(s, { allOf: [s, { maxLength: 3 }] })).toEqual([]);
    expect(await rules({ allOf: [s, { maxLength: 3 }] }, { allOf: [s] })).toContain("PRODUCT_TYPE_EXTENDED");
  });

  it("an unconstrained writer is read only by an unconstrained reader (Confluent EmptySchema)", async () => {
    expect(await rules({ type: "object" }, {})).toEqual(["TYPE_CHANGED"]);
    expect(await rules({ type: "object" }, {}, "KARAPACE")).toEqual([]);
    expect(await rules(true, {})).toEqual([]);
  });

  it("a plain reader of an anyOf writer is TYPE_CHANGED (Confluent), an unconstrained one is not", async () => {
    expect(await rules(s, { anyOf: [s, i] })).toEqual(["TYPE_CHANGED"]);
    expect(await rules({}, { anyOf: [s, i] })).toEqual([]);
  });

  it("criteria: to anyOf or between singletons is COMBINED_TYPE_EXTENDED, anyOf → oneOf is COMBINED_TYPE_CHANGED", async () => {
    expect(await rules({ anyOf: [s, i] }, { oneOf: [s, i] })).toEqual([]);
    expect(await rules({ allOf: [s] }, { oneOf: [s] })).toEqual([]);
    expect(await rules({ oneOf: [s, i] }, { anyOf: [s, i] })).toEqual(["COMBINED_TYPE_CHANGED"]);
  });

  it("COMBINED_TYPE_SUBSCHEMAS_CHANGED when members do not pair off", async () => {
    expect(await rules({ anyOf: [{ type: "string", maxLength: 2 }, i] }, { anyOf: [s, i] })).toEqual(["COMBINED_TYPE_SUBSCHEMAS_CHANGED"]);
  });
});

describe("keywords Karapace does not compare (STRICT/LENIENT only)", () => {
  it("format added or changed narrows; removed widens; KARAPACE ignores it", async () => {
    expect(await rules({ type: "string", format: "email" }, { type: "string" })).toEqual(["FORMAT_ADDED"]);
    expect(await rules({ type: "string", format: "uuid" }, { type: "string", format: "email" })).toEqual(["FORMAT_CHANGED"]);
    expect(await rules({ type: "string" }, { type: "string", format: "email" })).toEqual([]);
    expect(await rules({ type: "string", format: "email" }, { type: "string" }, "KARAPACE")).toEqual([]);
  });

  it("propertyNames, contains/minContains/maxContains, if/then/else", async () => {
    expect(await rules({ type: "object", propertyNames: { maxLength: 3 } }, { type: "object" })).toEqual(["PROPERTY_NAMES_ADDED"]);
    expect(await rules({ type: "object", propertyNames: { maxLength: 3 } }, { type: "object", propertyNames: { maxLength: 5 } })).toEqual(["PROPERTY_NAMES_NARROWED"]);
    expect(await rules({ type: "object", propertyNames: { maxLength: 5 } }, { type: "object", propertyNames: { maxLength: 3 } })).toEqual([]);
    // A pattern that matches the empty string unanchored accepts every name.
    expect(await rules({ type: "object", propertyNames: { pattern: "a*" } }, { type: "object" })).toEqual([]);
    expect(await rules({ type: "object", propertyNames: { pattern: "^a" } }, { type: "object" })).toEqual(["PROPERTY_NAMES_ADDED"]);
    expect(await rules({ type: "array", contains: { type: "string" } }, { type: "array" })).toEqual(["CONTAINS_ADDED"]);
    expect(await rules({ type: "array", contains: { type: "string" }, minContains: 2 }, { type: "array", contains: { type: "string" } })).toEqual(["MIN_CONTAINS_INCREASED"]);
    expect(await rules({ type: "array", contains: { type: "string" }, maxContains: 2 }, { type: "array", contains: { type: "string" } })).toEqual(["MAX_CONTAINS_DECREASED"]);
    const cond = { type: "object", if: { required: ["a"] }, then: { required: ["b"] } };
    expect(await rules(cond, { type: "object" })).toEqual(["CONDITIONAL_CHANGED"]);
    expect(await rules(cond, cond)).toEqual([]);
    expect(await rules({ type: "object" }, cond)).toEqual([]);
  });

  it("prefixItems with items: an item added over a closed tuple is fine, over an open one is not", async () => {
    const draft = "https://json-schema.org/draft/2020-12/schema";
    const one = { $schema: draft, type: "array", prefixItems: [{ type: "string" }] };
    const two = { $schema: draft, type: "array", prefixItems: [{ type: "string" }, { type: "integer" }] };
    expect(await rules(two, { ...one, items: false })).toEqual([]);
    expect(await rules(two, one)).toEqual(["ITEM_ADDED_TO_OPEN_CONTENT_MODEL"]);
    expect(await rules(two, { ...one, items: { type: "string" } })).toEqual(["ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]);
    expect(await rules(two, { ...one, items: { type: "integer" } })).toEqual([]);
  });
});

describe("hints", () => {
  it("every catalogued rule has a one-sentence hint, and violations carry it", async () => {
    for (const r of JSON_SCHEMA_RULES) expect(r.hint, r.rule).toMatch(/^[a-z].+[^.]$/);
    const added = { ...open, properties: { ...open.properties, b: { type: "integer" } } };
    const [v] = jsonSchemaCompatibility(await schema(added), await schema(open));
    expect(v?.hint).toBe("close the content model (additionalProperties: false), or use the LENIENT policy");
  });
});
