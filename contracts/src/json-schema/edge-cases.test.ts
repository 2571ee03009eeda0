import { describe, expect, it } from "vitest";
import type { ParsedSchema, Violation } from "../format.js";
import { jsonSchemaCompatibility } from "./compatibility.js";
import { parseJsonSchema } from "./parse.js";

async function schema(value: unknown): Promise<ParsedSchema> {
  const result = await parseJsonSchema(JSON.stringify(value), { references: [] });
  if (!result.ok) throw new Error(`${JSON.stringify(value)}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function check(reader: unknown, writer: unknown): Promise<readonly Violation[]> {
  return jsonSchemaCompatibility(await schema(reader), await schema(writer));
}

async function rules(reader: unknown, writer: unknown): Promise<string[]> {
  return (await check(reader, writer)).map((v) => v.rule);
}

describe("review fix 1: keywords beside allOf/anyOf/oneOf/not", () => {
  it("compares `type` beside `not`", async () => {
    const reader = { type: "string", not: { enum: ["x"] } };
    const writer = { type: "integer", not: { enum: ["x"] } };
    expect(await rules(reader, writer)).toEqual(["TYPE_CHANGED"]);
    expect(await rules(reader, reader)).toEqual([]);
  });

  it("compares `properties` beside `anyOf`", async () => {
    const reader = { type: "object", properties: { a: { type: "integer" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] };
    const writer = { type: "object", properties: { a: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] };
    const violations = await check(reader, writer);
    expect(violations.map((v) => v.rule)).toEqual(["TYPE_CHANGED"]);
    expect(violations[0]?.path).toBe("/properties/a");
    expect(await rules(reader, reader)).toEqual([]);
  });

  it("still accepts a writer whose siblings alone are readable", async () => {
    const reader = { type: "string", maxLength: 10 };
    const writer = { type: "string", maxLength: 5, anyOf: [{ minLength: 1 }, { pattern: "^x" }] };
    expect(await rules(reader, writer)).toEqual([]);
    expect(await rules({ type: "string", maxLength: 3, oneOf: [{ minLength: 1 }] }, { type: "string", maxLength: 10 })).toContain("MAX_LENGTH_DECREASED");
  });
});

describe("review fix 2: $ref with sibling keywords", () => {
  it("2019-09+: the reader's own keywords apply together with the target's", async () => {
    const reader = { $schema: "https://json-schema.org/draft/2020-12/schema", $defs: { s: { type: "string", maxLength: 10 } }, $ref: "#/$defs/s", maxLength: 3 };
    const writer = { $schema: "https://json-schema.org/draft/2020-12/schema", type: "string", maxLength: 10 };
    expect(await rules(reader, writer)).toContain("MAX_LENGTH_DECREASED");
    expect(await rules(writer, reader)).toEqual([]);
    expect(await rules(reader, reader)).toEqual([]);
  });

  it("2019-09+: siblings that do not clash merge with the target", async () => {
    const base = { $schema: "https://json-schema.org/draft/2019-09/schema", $defs: { s: { type: "string", maxLength: 10 } }, $ref: "#/$defs/s" };
    expect(await rules({ ...base, minLength: 2 }, { type: "string", maxLength: 10 })).toEqual(["MIN_LENGTH_ADDED"]);
    expect(await rules({ type: "string", maxLength: 10 }, { ...base, minLength: 2 })).toEqual([]);
  });

  it("draft-07: siblings of $ref are ignored, as the draft specifies", async () => {
    const reader = { $schema: "http://json-schema.org/draft-07/schema#", definitions: { s: { type: "string", maxLength: 10 } }, $ref: "#/definitions/s", maxLength: 3 };
    expect(await rules(reader, { type: "string", maxLength: 10 })).toEqual([]);
  });
});

describe("review fix 3: `__proto__` keys and prototype lookups", () => {
  it("keeps a property named __proto__ in the canonical form and fingerprint", async () => {
    const a = await schema(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"integer"}}}'));
    const b = await schema(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}'));
    expect(a.canonical).toContain('"__proto__":{"type":"integer"}');
    expect(a.canonical).not.toBe(b.canonical);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it("compares a property named __proto__", async () => {
    const a = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"integer"}}}');
    const b = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}');
    expect(await rules(a, b)).toEqual(["TYPE_CHANGED"]);
  });

  it("does not resolve a $ref into Object.prototype", async () => {
    const result = await parseJsonSchema(JSON.stringify({ $ref: "#/constructor" }), { references: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("REFERENCE_UNRESOLVED");
  });
});

describe("review fix 7: dependentRequired arrays are sets in the canonical form", () => {
  it("sorts dependentRequired arrays like dependencies arrays", async () => {
    const draft = "https://json-schema.org/draft/2020-12/schema";
    const a = await schema({ $schema: draft, dependentRequired: { a: ["c", "b"] } });
    const b = await schema({ $schema: draft, dependentRequired: { a: ["b", "c"] } });
    expect(a.canonical).toBe(b.canonical);
    expect(a.canonical).toContain('"dependentRequired":{"a":["b","c"]}');
  });
});

describe("review fix 4: shared $ref targets are compared once; a step budget bounds the rest", () => {
  function diamond(n: number, leaf: string): unknown {
    const $defs: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) $defs[`d${i}`] = { type: "object", properties: { a: { $ref: `#/$defs/d${i + 1}` }, b: { $ref: `#/$defs/d${i + 1}` } } };
    $defs[`d${n}`] = { type: leaf };
    return { $schema: "https://json-schema.org/draft/2020-12/schema", $defs, $ref: "#/$defs/d0" };
  }

  it("checks a 40-level diamond of shared $refs (2^40 paths: only memoization finishes), with correct paths", async () => {
    expect(await rules(diamond(40, "string"), diamond(40, "string"))).toEqual([]);
    const violations = await check(diamond(3, "string"), diamond(3, "integer"));
    expect(violations.map((v) => v.path).sort()).toEqual(["/properties/a/properties/a/properties/a", "/properties/a/properties/a/properties/b", "/properties/a/properties/b/properties/a", "/properties/a/properties/b/properties/b", "/properties/b/properties/a/properties/a", "/properties/b/properties/a/properties/b", "/properties/b/properties/b/properties/a", "/properties/b/properties/b/properties/b"]);
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(["TYPE_CHANGED"]));
  });

  it("gives up with COMPATIBILITY_CHECK_TOO_COMPLEX past the step budget", async () => {
    const branches = (tag: string) => Array.from({ length: 400 }, (_, i) => ({ type: "object", properties: { [`${tag}${i}`]: { type: "string" } }, required: [`${tag}${i}`] }));
    const violations = await check({ anyOf: branches("r") }, { anyOf: branches("w") });
    expect(violations.map((v) => v.rule)).toEqual(["COMPATIBILITY_CHECK_TOO_COMPLEX"]);
    expect(violations[0]?.path).toBe("");
  });
});

describe("review fix 5 (issue 7): patternProperties regexes never backtrack catastrophically", () => {
  it("evaluates ^(a+)+$ and ^a*a*a*a*a*a*a*a*$ in linear time, exactly", async () => {
    for (const pattern of ["^(a+)+$", "^a*a*a*a*a*a*a*a*$"]) {
      const name = "a".repeat(58) + "!";
      const reader = { type: "object", patternProperties: { [pattern]: { type: "string" } }, additionalProperties: false };
      const writer = { type: "object", properties: { [name]: { type: "string" } }, additionalProperties: false };
      const started = Date.now();
      // The name does not match: additionalProperties: false governs it, so the property is no longer accepted.
      expect(await rules(reader, writer)).toEqual(["PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"]);
      expect(await rules(reader, { ...writer, properties: { ["a".repeat(58)]: { type: "string" } } })).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it("evaluates safe patterns on long names, and reports a backtracking pattern on an overlong name as not evaluated", async () => {
    const reader = { type: "object", patternProperties: { "^x_[a-z]+$": { type: "string" } }, additionalProperties: false };
    expect(await rules(reader, { type: "object", properties: { x_ok: { type: "string" } }, additionalProperties: false })).toEqual([]);
    expect(await rules(reader, { type: "object", properties: { ["x_" + "a".repeat(3000)]: { type: "string" } }, additionalProperties: false })).toEqual([]);
    // A lookahead needs V8's engine, which only runs on names up to 1000 characters.
    const lookahead = { type: "object", patternProperties: { "^(?=x)x_[a-z]+$": { type: "string" } }, additionalProperties: false };
    expect(await rules(lookahead, { type: "object", properties: { x_ok: { type: "string" } }, additionalProperties: false })).toEqual([]);
    const violations = await check(lookahead, { type: "object", properties: { ["x_" + "a".repeat(1000)]: { type: "string" } }, additionalProperties: false });
    expect(violations.map((v) => v.rule)).toEqual(["PATTERN_NOT_EVALUATED"]);
    expect(violations[0]?.path).toBe("/patternProperties/^(?=x)x_[a-z]+$");
  });
});

describe("review fix 6: $ref anchors in documents with huge arrays", () => {
  it("finds an anchor past a 300k-element examples array without a RangeError", async () => {
    // `examples` last: the anchor search visits it first.
    const big = { $schema: "https://json-schema.org/draft/2020-12/schema", $defs: { s: { $anchor: "s", type: "string" } }, type: "object", properties: { a: { $ref: "#s" } }, examples: Array.from({ length: 300_000 }, (_, i) => i) };
    const writer = { type: "object", properties: { a: { type: "integer" } } };
    expect(await rules(big, writer)).toEqual(["TYPE_CHANGED"]);
  });
});

describe("review fix 8: violations of a `type` array point at /type", () => {
  it("points at /type, which exists in the reader, not at /anyOf", async () => {
    const violations = await check({ type: ["string", "null"] }, { type: "integer" });
    expect(violations.map((v) => v.rule)).toEqual(["TYPE_CHANGED"]);
    expect(violations[0]?.path).toBe("/type");
  });
});

describe("review fix 9: enum inclusion by a keyed set", () => {
  it("compares large enums with JSON equality (key order, 1 vs 1.0)", async () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `v${i}`);
    const [all, reversed, fewer] = await Promise.all([schema({ enum: values }), schema({ enum: [...values].reverse() }), schema({ enum: values.slice(1) })]);
    expect(jsonSchemaCompatibility(all, reversed)).toEqual([]);
    expect(jsonSchemaCompatibility(fewer, all).map((v) => v.rule)).toEqual(["ENUM_ARRAY_NARROWED"]);
    expect(await rules({ enum: [{ a: 1, b: [2] }, 1] }, { enum: [{ b: [2], a: 1.0 }, 1.0] })).toEqual([]);
  });
});
