import { describe, expect, it } from "vitest";
import type { ParsedSchema, ResolvedReference, Violation } from "../format.js";
import { jsonSchemaCompatibility } from "./compatibility.js";
import { parseJsonSchema } from "./parse.js";

async function schema(value: unknown, references: ResolvedReference[] = []): Promise<ParsedSchema> {
  const result = await parseJsonSchema(JSON.stringify(value), { references });
  if (!result.ok) throw new Error(`${JSON.stringify(value)}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Violations of `reader` reading `writer`'s data, under `policy` (default: Confluent STRICT). */
async function check(reader: unknown, writer: unknown, policy?: string): Promise<readonly Violation[]> {
  return jsonSchemaCompatibility(await schema(reader), await schema(writer), policy ? { policy: { compatibilityPolicy: policy } } : undefined);
}

/** Rules found when `reader` reads `writer`'s data. */
async function rules(reader: unknown, writer: unknown, policy?: string): Promise<string[]> {
  return (await check(reader, writer, policy)).map((v) => v.rule);
}

/** Asserts `narrow` cannot read `wide`'s data (with `rule`) while `wide` reads `narrow`'s. */
async function narrowing(narrow: unknown, wide: unknown, rule: string, path?: string): Promise<void> {
  const violations = await check(narrow, wide);
  expect(violations.map((v) => v.rule)).toContain(rule);
  if (path !== undefined) expect(violations.find((v) => v.rule === rule)?.path).toBe(path);
  expect(await rules(wide, narrow)).toEqual([]);
}

describe("jsonSchemaCompatibility: types", () => {
  it("accepts identical schemas", async () => {
    const s = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    expect(await rules(s, s)).toEqual([]);
  });

  it("TYPE_CHANGED between unrelated types, both ways", async () => {
    expect(await rules({ type: "string" }, { type: "integer" })).toEqual(["TYPE_CHANGED"]);
    expect(await rules({ type: "integer" }, { type: "string" })).toEqual(["TYPE_CHANGED"]);
  });

  it("integer ⊂ number: TYPE_NARROWED one way only", async () => {
    await narrowing({ type: "integer" }, { type: "number" }, "TYPE_NARROWED", "/type");
  });

  it("type arrays: widening is compatible, narrowing is not", async () => {
    expect(await rules({ type: ["string", "null"] }, { type: "string" })).toEqual([]);
    expect(await rules({ type: "string" }, { type: ["string", "null"] })).toContain("TYPE_CHANGED");
    expect(await rules({ type: ["string", "integer"] }, { type: ["string"] })).toEqual([]);
    expect((await rules({ type: ["string"] }, { type: ["string", "integer"] })).length).toBeGreaterThan(0);
  });

  it("KARAPACE policy: reads an untyped schema and `true` as object schemas", async () => {
    expect(await rules(true, { type: "object", properties: { a: { type: "integer" } } }, "KARAPACE")).toEqual([]);
    expect(await rules(true, { type: "integer" }, "KARAPACE")).toEqual(["TYPE_CHANGED"]);
    expect(await rules(true, false, "KARAPACE")).toEqual([]);
    expect(await rules({ type: "object" }, false, "KARAPACE")).toEqual(["TYPE_CHANGED"]);
  });

  it("STRICT (Confluent): an unconstrained reader reads anything, a `false` writer is read by anything", async () => {
    for (const reader of [true, {}, { title: "any", description: "no constraints", "x-owner": "team" }]) {
      expect(await rules(reader, { type: "integer", minimum: 3 })).toEqual([]);
      expect(await rules(reader, { anyOf: [{ type: "string" }, { type: "null" }] })).toEqual([]);
    }
    expect(await rules({ type: "object" }, false)).toEqual([]);
    expect(await rules({ type: "integer" }, {})).toEqual(["TYPE_CHANGED"]);
  });
});

describe("jsonSchemaCompatibility: enum", () => {
  it("ENUM_ARRAY_NARROWED when the reader drops a value", async () => {
    await narrowing({ enum: ["A", "B"] }, { enum: ["A", "B", "C"] }, "ENUM_ARRAY_NARROWED", "/enum");
  });

  it("checks enum on typed schemas and const", async () => {
    await narrowing({ type: "string", enum: ["a"] }, { type: "string", enum: ["a", "b"] }, "ENUM_ARRAY_NARROWED");
    await narrowing({ type: "string", enum: ["a"] }, { type: "string" }, "ENUM_ARRAY_NARROWED");
    expect(await rules({ type: "string", enum: ["a", "b"] }, { type: "string", const: "a" })).toEqual([]);
    expect(await rules({ type: "string", const: "b" }, { type: "string", const: "a" })).toEqual(["ENUM_ARRAY_NARROWED"]);
  });

  it("compares enum values as JSON values, objects ignoring key order", async () => {
    expect(await rules({ enum: [{ a: 1, b: 2 }] }, { enum: [{ b: 2, a: 1 }] })).toEqual([]);
  });
});

describe("jsonSchemaCompatibility: string, number, array and object bounds", () => {
  it.each([
    [{ type: "string", maxLength: 3 }, { type: "string", maxLength: 5 }, "MAX_LENGTH_DECREASED", "/maxLength"],
    [{ type: "string", maxLength: 3 }, { type: "string" }, "MAX_LENGTH_ADDED", "/maxLength"],
    [{ type: "string", minLength: 5 }, { type: "string", minLength: 2 }, "MIN_LENGTH_INCREASED", "/minLength"],
    [{ type: "string", minLength: 5 }, { type: "string" }, "MIN_LENGTH_ADDED", "/minLength"],
    [{ type: "string", pattern: "^a" }, { type: "string" }, "PATTERN_ADDED", "/pattern"],
    [{ type: "number", maximum: 10 }, { type: "number", maximum: 20 }, "MAXIMUM_DECREASED", "/maximum"],
    [{ type: "number", maximum: 10 }, { type: "number" }, "MAXIMUM_ADDED", "/maximum"],
    [{ type: "number", minimum: 10 }, { type: "number", minimum: 0 }, "MINIMUM_INCREASED", "/minimum"],
    [{ type: "number", minimum: 10 }, { type: "number" }, "MINIMUM_ADDED", "/minimum"],
    [{ type: "number", exclusiveMaximum: 10 }, { type: "number", exclusiveMaximum: 20 }, "EXCLUSIVE_MAXIMUM_DECREASED", "/exclusiveMaximum"],
    [{ type: "number", exclusiveMaximum: 10 }, { type: "number", maximum: 10 }, "EXCLUSIVE_MAXIMUM_DECREASED", "/exclusiveMaximum"],
    [{ type: "number", exclusiveMinimum: 0 }, { type: "number" }, "EXCLUSIVE_MINIMUM_ADDED", "/exclusiveMinimum"],
    [{ type: "number", exclusiveMinimum: 5 }, { type: "number", exclusiveMinimum: 1 }, "EXCLUSIVE_MINIMUM_INCREASED", "/exclusiveMinimum"],
    [{ type: "number", multipleOf: 2 }, { type: "number" }, "MULTIPLE_OF_ADDED", "/multipleOf"],
    [{ type: "number", multipleOf: 4 }, { type: "number", multipleOf: 2 }, "MULTIPLE_OF_EXPANDED", "/multipleOf"],
    [{ type: "array", maxItems: 2 }, { type: "array", maxItems: 4 }, "MAX_ITEMS_DECREASED", "/maxItems"],
    [{ type: "array", minItems: 2 }, { type: "array" }, "MIN_ITEMS_ADDED", "/minItems"],
    [{ type: "array", uniqueItems: true }, { type: "array" }, "UNIQUE_ITEMS_ADDED", "/uniqueItems"],
    [{ type: "object", maxProperties: 2 }, { type: "object", maxProperties: 3 }, "MAX_PROPERTIES_DECREASED", "/maxProperties"],
    [{ type: "object", minProperties: 2 }, { type: "object", minProperties: 1 }, "MIN_PROPERTIES_INCREASED", "/minProperties"],
  ])("%j cannot read %j: %s", async (narrow, wide, rule, path) => {
    await narrowing(narrow, wide, rule, path);
  });

  it("PATTERN_CHANGED both ways when patterns differ", async () => {
    expect(await rules({ type: "string", pattern: "^a" }, { type: "string", pattern: "^b" })).toEqual(["PATTERN_CHANGED"]);
    expect(await rules({ type: "string", pattern: "^b" }, { type: "string", pattern: "^a" })).toEqual(["PATTERN_CHANGED"]);
  });

  it("MULTIPLE_OF_CHANGED / _EXPANDED when the reader's step does not divide the writer's; floating steps divide exactly", async () => {
    expect(await rules({ type: "number", multipleOf: 2 }, { type: "number", multipleOf: 3 })).toEqual(["MULTIPLE_OF_CHANGED"]);
    expect(await rules({ type: "number", multipleOf: 3 }, { type: "number", multipleOf: 2 })).toEqual(["MULTIPLE_OF_EXPANDED"]);
    expect(await rules({ type: "number", multipleOf: 2 }, { type: "number", multipleOf: 6 })).toEqual([]);
    expect(await rules({ type: "number", multipleOf: 0.1 }, { type: "number", multipleOf: 0.3 })).toEqual([]);
    expect(await rules({ type: "number", multipleOf: 0.5 }, { type: "integer" })).toEqual([]);
  });

  it("compares inclusive and exclusive bounds as one bound", async () => {
    expect(await rules({ type: "number", exclusiveMaximum: 11 }, { type: "number", maximum: 10 })).toEqual([]);
    expect(await rules({ type: "number", maximum: 10 }, { type: "number", exclusiveMaximum: 10 })).toEqual([]);
  });

  it("reads draft-4 boolean exclusive bounds", async () => {
    const d4 = "http://json-schema.org/draft-04/schema#";
    const exclusive = { $schema: d4, type: "number", maximum: 10, exclusiveMaximum: true };
    const inclusive = { $schema: d4, type: "number", maximum: 10 };
    await narrowing(exclusive, inclusive, "EXCLUSIVE_MAXIMUM_DECREASED");
    expect(await rules({ type: "number", exclusiveMaximum: 10 }, exclusive)).toEqual([]);
  });
});

describe("jsonSchemaCompatibility: objects and content models", () => {
  const closedA = { type: "object", additionalProperties: false, properties: { a: { type: "integer" } } };

  it("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL when a closed reader drops a property", async () => {
    const closedB = { type: "object", additionalProperties: false, properties: { b: { type: "integer" } } };
    expect(await rules(closedB, closedA)).toContain("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL");
    expect((await check(closedB, closedA)).find((v) => v.rule === "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")?.path).toBe("/properties/a");
  });

  it("an open reader may drop a property; a closed writer's readers may add optional ones", async () => {
    expect(await rules({ type: "object", properties: { b: { type: "integer" } } }, closedA)).toEqual([]);
    expect(await rules({ ...closedA, properties: { a: { type: "integer" }, b: { type: "string" } } }, closedA)).toEqual([]);
  });

  it("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL when a new property is required (KARAPACE: default or not)", async () => {
    const withDefault = { ...closedA, properties: { a: { type: "integer" }, b: { type: "integer", default: 0 } }, required: ["b"] };
    const withoutDefault = { ...closedA, properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["b"] };
    expect(await rules(withDefault, closedA, "KARAPACE")).toEqual(["REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"]);
    expect(await rules(withoutDefault, closedA)).toEqual(["REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"]);
    // Confluent: REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL is a compatible change.
    expect(await rules(withDefault, closedA)).toEqual([]);
    expect(await rules(closedA, withDefault)).toEqual(["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]);
  });

  it("REQUIRED_ATTRIBUTE_ADDED when an existing property becomes required", async () => {
    await narrowing({ ...closedA, required: ["a"] }, closedA, "REQUIRED_ATTRIBUTE_ADDED", "/required");
  });

  it("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL when a property is declared over an open writer (Karapace)", async () => {
    expect(await rules({ type: "object", properties: { a: { type: "string" } } }, { type: "object" })).toEqual(["PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]);
    expect(await rules({ type: "object" }, { type: "object", properties: { a: { type: "string" } } })).toEqual([]);
  });

  it("ADDITIONAL_PROPERTIES_REMOVED / _NARROWED when the reader closes or constrains extras", async () => {
    await narrowing({ type: "object", additionalProperties: false }, { type: "object" }, "ADDITIONAL_PROPERTIES_REMOVED", "/additionalProperties");
    await narrowing({ type: "object", additionalProperties: { type: "string" } }, { type: "object" }, "ADDITIONAL_PROPERTIES_NARROWED");
    await narrowing({ type: "object", additionalProperties: { type: "integer" } }, { type: "object", additionalProperties: { type: "number" } }, "TYPE_NARROWED", "/additionalProperties/type");
  });

  it("partially open readers: a dropped property must match patternProperties / additionalProperties", async () => {
    const writer = { type: "object", additionalProperties: false, properties: { x_1: { type: "integer" } } };
    expect(await rules({ type: "object", patternProperties: { "^x_": { type: "number" } }, additionalProperties: false }, writer)).toEqual([]);
    const bad = await check({ type: "object", patternProperties: { "^x_": { type: "string" } }, additionalProperties: false }, writer);
    expect(bad.map((v) => v.rule)).toEqual(["PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]);
    expect(bad[0]?.path).toBe("/patternProperties/^x_");
  });

  it("partially open writers: a new property must accept what the writer's additionalProperties allowed", async () => {
    const writer = { type: "object", additionalProperties: { type: "integer" } };
    expect(await rules({ type: "object", additionalProperties: { type: "integer" }, properties: { n: { type: "number" } } }, writer)).toEqual([]);
    expect(await rules({ type: "object", additionalProperties: { type: "integer" }, properties: { n: { type: "string" } } }, writer)).toEqual([
      "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    ]);
  });

  it("reports a nested change at its JSON Pointer in the reader", async () => {
    const v = await check(
      { type: "object", properties: { user: { type: "object", properties: { age: { type: "integer" } } } } },
      { type: "object", properties: { user: { type: "object", properties: { age: { type: "number" } } } } },
    );
    expect(v).toEqual([expect.objectContaining({ rule: "TYPE_NARROWED", path: "/properties/user/properties/age/type" })]);
  });

  it("unevaluatedProperties: false narrows an open writer, not a closed one with the same properties", async () => {
    const d2020 = "https://json-schema.org/draft/2020-12/schema";
    const props = { a: { type: "string" } };
    const reader = { $schema: d2020, type: "object", properties: props, unevaluatedProperties: false };
    await narrowing(reader, { $schema: d2020, type: "object", properties: props }, "UNEVALUATED_PROPERTIES_REMOVED", "/unevaluatedProperties");
    expect(await rules(reader, { $schema: d2020, type: "object", properties: props, additionalProperties: false })).toEqual([]);
  });

  it("dependencies and dependentRequired: the reader may not demand more", async () => {
    await narrowing({ type: "object", dependencies: { a: ["b"] } }, { type: "object" }, "DEPENDENCY_ARRAY_ADDED", "/dependencies/a");
    await narrowing({ type: "object", dependencies: { a: ["b", "c"] } }, { type: "object", dependencies: { a: ["b"] } }, "DEPENDENCY_ARRAY_EXTENDED");
    const d2019 = "https://json-schema.org/draft/2019-09/schema";
    await narrowing({ $schema: d2019, type: "object", dependentRequired: { a: ["b"] } }, { $schema: d2019, type: "object" }, "DEPENDENCY_ARRAY_ADDED");
    await narrowing({ $schema: d2019, type: "object", dependentSchemas: { a: { required: ["b"] } } }, { $schema: d2019, type: "object" }, "DEPENDENCY_SCHEMA_ADDED");
  });
});

describe("jsonSchemaCompatibility: arrays and tuples", () => {
  it("compares list items", async () => {
    await narrowing({ type: "array", items: { type: "integer" } }, { type: "array", items: { type: "number" } }, "TYPE_NARROWED", "/items/type");
    await narrowing({ type: "array", items: { type: "string" } }, { type: "array" }, "ITEMS_ADDED", "/items");
  });

  it("a list and a tuple are different types", async () => {
    expect(await rules({ type: "array", items: [{ type: "integer" }] }, { type: "array", items: { type: "integer" } })).toEqual(["TYPE_CHANGED"]);
    expect(await rules({ type: "array", items: { type: "integer" } }, { type: "array", items: [{ type: "integer" }] })).toEqual(["TYPE_CHANGED"]);
  });

  it("ITEM_ADDED_TO_OPEN_CONTENT_MODEL when the reader's tuple is longer than an open writer's", async () => {
    const one = { type: "array", items: [{ type: "integer" }] };
    const two = { type: "array", items: [{ type: "integer" }, { type: "integer" }] };
    await narrowing(two, one, "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "/items/1");
    // A closed writer never writes the second item.
    expect(await rules(two, { ...one, additionalItems: false })).toEqual([]);
  });

  it("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL / ADDITIONAL_ITEMS_REMOVED when a closed reader tuple is shorter", async () => {
    const closedOne = { type: "array", items: [{ type: "integer" }], additionalItems: false };
    expect(await rules(closedOne, { type: "array", items: [{ type: "integer" }, { type: "integer" }] })).toContain("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL");
    await narrowing(closedOne, { type: "array", items: [{ type: "integer" }] }, "ADDITIONAL_ITEMS_REMOVED", "/additionalItems");
  });

  it("reads 2020-12 prefixItems like draft-7 tuples, across drafts", async () => {
    const d2020 = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "array", prefixItems: [{ type: "integer" }], items: false };
    const d7 = { type: "array", items: [{ type: "integer" }], additionalItems: false };
    expect(await rules(d2020, d7)).toEqual([]);
    expect(await rules(d7, d2020)).toEqual([]);
    expect(await rules(d2020, { type: "array", items: [{ type: "integer" }] })).toContain("ADDITIONAL_ITEMS_REMOVED");
  });
});

describe("jsonSchemaCompatibility: combinators", () => {
  it("anyOf/oneOf: adding a branch widens, removing one narrows (SUM_TYPE_NARROWED)", async () => {
    await narrowing({ oneOf: [{ type: "string" }] }, { oneOf: [{ type: "string" }, { type: "integer" }] }, "SUM_TYPE_NARROWED", "/oneOf");
  });

  it("pairs branches ignoring order", async () => {
    expect(await rules({ anyOf: [{ type: "integer" }, { type: "string" }] }, { anyOf: [{ type: "string" }, { type: "integer" }] })).toEqual([]);
  });

  it("COMBINED_TYPE_SUBSCHEMAS_CHANGED when a branch no longer matches", async () => {
    expect(await rules({ anyOf: [{ type: "string" }, { type: "boolean" }] }, { anyOf: [{ type: "string" }, { type: "integer" }] })).toEqual(["COMBINED_TYPE_SUBSCHEMAS_CHANGED"]);
  });

  it("allOf: PRODUCT_TYPE_EXTENDED when the reader adds a conjunct", async () => {
    await narrowing({ allOf: [{ type: "string" }, { type: "string", maxLength: 3 }] }, { allOf: [{ type: "string" }] }, "PRODUCT_TYPE_EXTENDED");
  });

  it("COMBINED_TYPE_CHANGED from oneOf to allOf; anyOf reads any combinator", async () => {
    expect(await rules({ allOf: [{ type: "string" }, { minLength: 0 }] }, { oneOf: [{ type: "string" }, { type: "string" }] })).toEqual(["COMBINED_TYPE_CHANGED"]);
    expect(await rules({ anyOf: [{ type: "string" }, { type: "integer" }] }, { oneOf: [{ type: "string" }, { type: "integer" }] })).toEqual([]);
  });

  it("a one-branch combinator reads like its branch", async () => {
    expect(await rules({ oneOf: [{ type: "string" }] }, { type: "string" })).toEqual([]);
    expect(await rules({ type: "string" }, { oneOf: [{ type: "string" }] })).toEqual([]);
  });

  it("a plain reader must read every branch of a writer's anyOf", async () => {
    expect(await rules({ type: "integer" }, { oneOf: [{ type: "string" }, { type: "integer" }] })).toEqual(["TYPE_CHANGED"]);
    expect(await rules({ oneOf: [{ type: "string" }, { type: "integer" }] }, { type: "integer" })).toEqual([]);
  });

  it("not is contravariant: NOT_TYPE_EXTENDED when the reader excludes more", async () => {
    const excludesIntegers = { not: { type: "integer" } };
    const excludesNumbers = { not: { type: "number" } };
    expect(await rules(excludesNumbers, excludesIntegers)).toEqual(["NOT_TYPE_EXTENDED"]);
    expect(await rules(excludesIntegers, excludesNumbers)).toEqual([]);
  });
});

describe("jsonSchemaCompatibility: $ref", () => {
  it("follows local $refs to $defs and definitions", async () => {
    const viaRef = { type: "array", items: { $ref: "#/$defs/positive" }, $defs: { positive: { type: "integer", exclusiveMinimum: 0 } } };
    const inline = { type: "array", items: { type: "integer", exclusiveMinimum: 0 } };
    expect(await rules(viaRef, inline)).toEqual([]);
    expect(await rules(inline, viaRef)).toEqual([]);
    const wider = { type: "array", items: { $ref: "#/definitions/n" }, definitions: { n: { type: "number" } } };
    expect(await rules(viaRef, wider)).toEqual(expect.arrayContaining(["TYPE_NARROWED", "EXCLUSIVE_MINIMUM_ADDED"]));
  });

  it("terminates on recursive schemas and still finds changes inside them", async () => {
    const tree = (valueType: string) => ({
      $ref: "#/$defs/node",
      $defs: { node: { type: "object", properties: { value: { type: valueType }, children: { type: "array", items: { $ref: "#/$defs/node" } } } } },
    });
    expect(await rules(tree("number"), tree("number"))).toEqual([]);
    expect(await rules(tree("number"), tree("integer"))).toEqual([]);
    expect(await rules(tree("integer"), tree("number"))).toContain("TYPE_NARROWED");
  });

  it("follows $refs into references", async () => {
    const reader = await schema({ properties: { c: { $ref: "customer.json" } } }, [{ name: "customer.json", schema: JSON.stringify({ type: "object", properties: { age: { type: "integer" } } }) }]);
    const writer = await schema({ properties: { c: { $ref: "customer.json" } } }, [{ name: "customer.json", schema: JSON.stringify({ type: "object", properties: { age: { type: "number" } } }) }]);
    expect(jsonSchemaCompatibility(reader, writer).map((v) => v.rule)).toEqual(["TYPE_NARROWED"]);
    expect(jsonSchemaCompatibility(writer, reader)).toEqual([]);
  });

  it("gives each violation the line of its path in the reader text", async () => {
    const reader = await parseJsonSchema('{\n  "type": "object",\n  "properties": {\n    "n": {\n      "type": "integer"\n    }\n  }\n}');
    const writer = await parseJsonSchema('{"type": "object", "properties": {"n": {"type": "number"}}}');
    if (!reader.ok || !writer.ok) throw new Error("parse failed");
    expect(jsonSchemaCompatibility(reader.value, writer.value)).toEqual([expect.objectContaining({ rule: "TYPE_NARROWED", path: "/properties/n/type", line: 5 })]);
  });

  it("resolves each side's references inside `not`, where the sides swap", async () => {
    const reader = await schema({ not: { $ref: "n.json" } }, [{ name: "n.json", schema: '{"type": "number"}' }]);
    const writer = await schema({ not: { $ref: "i.json" } }, [{ name: "i.json", schema: '{"type": "integer"}' }]);
    expect(jsonSchemaCompatibility(reader, writer).map((v) => v.rule)).toEqual(["NOT_TYPE_EXTENDED"]);
    expect(jsonSchemaCompatibility(writer, reader)).toEqual([]);
  });

  it("returns every violation, not just the first", async () => {
    const v = await rules(
      { type: "object", properties: { a: { type: "string", maxLength: 2 }, b: { type: "integer" } }, required: ["a"] },
      { type: "object", properties: { a: { type: "string" }, b: { type: "number" } } },
    );
    expect(v.sort()).toEqual(["MAX_LENGTH_ADDED", "REQUIRED_ATTRIBUTE_ADDED", "TYPE_NARROWED"]);
  });
});
