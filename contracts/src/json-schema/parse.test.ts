import { describe, expect, it } from "vitest";
import type { ParsedSchema, ResolvedReference } from "../format.js";
import { parseJsonSchema } from "./parse.js";
import { asJsonSchemaModel } from "./model.js";
import { validateJsonPayload } from "./payload.js";

async function parseOk(text: string, references: ResolvedReference[] = []): Promise<ParsedSchema> {
  const result = await parseJsonSchema(text, { references });
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function parseError(text: string, references: ResolvedReference[] = [], maxDepth?: number) {
  const result = await parseJsonSchema(text, { references, maxDepth });
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.error;
}

describe("parseJsonSchema: syntax", () => {
  it("reports JSON syntax errors with line and column", async () => {
    const error = await parseError('{\n  "type": "string",\n  "maxLength": }');
    expect(error.code).toBe("SCHEMA_SYNTAX");
    expect(error).toMatchObject({ line: 3, column: 16 });
  });

  it("reports a trailing comma where it is", async () => {
    expect(await parseError('{"type": "string",}')).toMatchObject({ code: "SCHEMA_SYNTAX", line: 1, column: 19 });
  });

  it("refuses nesting deeper than maxDepth", async () => {
    const deep = '{"items":'.repeat(20) + "{}" + "}".repeat(20);
    expect((await parseError(deep, [], 10)).code).toBe("SCHEMA_TOO_DEEP");
    await expect(parseJsonSchema(deep, { maxDepth: 30 })).resolves.toMatchObject({ ok: true });
  });

  it("refuses JSON that is neither an object nor a boolean", async () => {
    for (const text of ["[]", "1", '"string"', "null"]) expect((await parseError(text)).code).toBe("SCHEMA_INVALID");
  });
});

describe("parseJsonSchema: drafts", () => {
  it("accepts boolean schemas", async () => {
    expect((await parseOk("true")).canonical).toBe("true");
    expect((await parseOk("false")).canonical).toBe("false");
  });

  it.each([
    ["draft-04", '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "number", "maximum": 3, "exclusiveMaximum": true}'],
    ["draft-06", '{"$schema": "http://json-schema.org/draft-06/schema#", "type": "number", "exclusiveMaximum": 3}'],
    ["draft-07", '{"$schema": "http://json-schema.org/draft-07/schema#", "if": {"type": "string"}, "then": {"minLength": 1}}'],
    ["2019-09", '{"$schema": "https://json-schema.org/draft/2019-09/schema", "dependentRequired": {"a": ["b"]}}'],
    ["2020-12", '{"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": [{"type": "string"}], "items": false}'],
  ])("parses %s and compiles with that draft's vocabulary", async (draft, text) => {
    const schema = await parseOk(text);
    expect(asJsonSchemaModel(schema.model)?.main.draft).toBe(draft);
  });

  it("defaults to draft-07 when $schema is absent", async () => {
    expect(asJsonSchemaModel((await parseOk('{"type": "string"}')).model)?.main.draft).toBe("draft-07");
  });

  it("accepts https and fragment-less spellings of the official URIs", async () => {
    const schema = await parseOk('{"$schema": "https://json-schema.org/draft-07/schema", "type": "string"}');
    expect(asJsonSchemaModel(schema.model)?.main.draft).toBe("draft-07");
  });

  it("refuses an unknown $schema", async () => {
    expect(await parseError('{"$schema": "https://example.com/my-meta", "type": "string"}')).toMatchObject({ code: "SCHEMA_INVALID", path: "/$schema" });
  });

  it("refuses a schema that breaks its meta-schema, naming the place", async () => {
    const error = await parseError('{"type": "object", "properties": {"a": {"type": "strin"}}}');
    expect(error).toMatchObject({ code: "SCHEMA_INVALID", path: "/properties/a/type" });
    expect((await parseError('{"minLength": -1}')).path).toBe("/minLength");
  });

  it("accepts a legacy `id` and other unknown keywords in draft-07+ (the specification ignores unknown keywords)", async () => {
    for (const meta of [undefined, "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2020-12/schema"]) {
      const schema = { ...(meta ? { $schema: meta } : {}), id: "urn:legacy:order", javaType: "com.example.Order", "x-owner": "team", type: "object", properties: { qty: { id: "#qty", type: "integer" } } };
      const parsed = await parseOk(JSON.stringify(schema));
      expect(validateJsonPayload(parsed, { qty: 1 })).toEqual([]);
      expect(validateJsonPayload(parsed, { qty: "one" }).map((v) => v.path)).toEqual(["/qty"]);
    }
  });

  it("keeps `id`-based resolution in draft-04", async () => {
    const text = JSON.stringify({
      $schema: "http://json-schema.org/draft-04/schema#",
      id: "http://example.com/root.json",
      properties: { a: { $ref: "item.json" } },
      definitions: { item: { id: "item.json", type: "string" } },
    });
    const parsed = await parseOk(text);
    expect(validateJsonPayload(parsed, { a: "x" })).toEqual([]);
    expect(validateJsonPayload(parsed, { a: 1 })).not.toEqual([]);
  });

  it("refuses draft-04 boolean exclusiveMaximum under draft-07 and numeric under draft-04", async () => {
    expect((await parseError('{"maximum": 3, "exclusiveMaximum": true}')).path).toBe("/exclusiveMaximum");
    expect((await parseError('{"$schema": "http://json-schema.org/draft-04/schema#", "exclusiveMaximum": 3}')).path).toBe("/exclusiveMaximum");
  });

  it("treats unknown keywords and formats as annotations", async () => {
    await parseOk('{"type": "string", "format": "my-format", "x-extension": {"any": 1}}');
  });

  it("accepts patterns written for non-Unicode regular expressions", async () => {
    await parseOk('{"type": "string", "pattern": "^[\\\\w\\\\-]+$"}');
  });

  it("refuses a pattern that is no regular expression at all", async () => {
    expect((await parseError('{"type": "string", "pattern": "(("}')).code).toBe("SCHEMA_INVALID");
  });
});

describe("parseJsonSchema: references", () => {
  const customer = '{"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}';

  it("resolves a $ref by reference name", async () => {
    const schema = await parseOk('{"properties": {"customer": {"$ref": "customer.json"}}}', [{ name: "customer.json", schema: customer }]);
    expect(schema.references).toHaveLength(1);
  });

  it("resolves a $ref relative to the schema's $id", async () => {
    await parseOk('{"$id": "https://example.com/schemas/order.json", "properties": {"customer": {"$ref": "customer.json"}}}', [{ name: "customer.json", schema: customer }]);
  });

  it("resolves an absolute $ref through the reference's own $id", async () => {
    const ref = '{"$id": "https://example.com/customer.schema.json", "type": "object"}';
    await parseOk('{"properties": {"c": {"$ref": "https://example.com/customer.schema.json"}}}', [{ name: "https://example.com/customer.schema.json", schema: ref }]);
    // The name need not equal the $id: ajv also finds it under the $id.
    await parseOk('{"properties": {"c": {"$ref": "https://example.com/customer.schema.json"}}}', [{ name: "customer", schema: ref }]);
  });

  it("resolves a fragment inside a reference", async () => {
    const defs = '{"$defs": {"money": {"type": "number", "multipleOf": 0.01}}}';
    await parseOk('{"properties": {"price": {"$ref": "defs.json#/$defs/money"}}}', [{ name: "defs.json", schema: defs }]);
  });

  it("returns REFERENCE_UNRESOLVED naming a $ref no reference provides, never fetching it", async () => {
    const error = await parseError('{"properties": {"customer": {"$ref": "https://example.com/customer.json"}}}');
    expect(error.code).toBe("REFERENCE_UNRESOLVED");
    expect(error.message).toContain("https://example.com/customer.json");
    expect(error.path).toBe("/properties/customer/$ref");
  });

  it("returns REFERENCE_UNRESOLVED for a local $ref to nowhere", async () => {
    expect((await parseError('{"properties": {"a": {"$ref": "#/$defs/missing"}}}')).code).toBe("REFERENCE_UNRESOLVED");
  });

  it("refuses an invalid reference, naming it", async () => {
    const error = await parseError('{"$ref": "bad.json"}', [{ name: "bad.json", schema: '{"type": 5}' }]);
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.message).toContain('reference "bad.json"');
    const syntax = await parseError('{"$ref": "bad.json"}', [{ name: "bad.json", schema: "{" }]);
    expect(syntax.code).toBe("SCHEMA_SYNTAX");
  });

  it("reads a reference of another draft", async () => {
    const draft4 = '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer", "minimum": 0, "exclusiveMinimum": true}';
    await parseOk('{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "positive.json"}', [{ name: "positive.json", schema: draft4 }]);
  });
});

describe("parseJsonSchema: canonical form and fingerprint", () => {
  it("gives whitespace and key-order variants one canonical text and fingerprint", async () => {
    const a = await parseOk('{"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "integer"}}, "required": ["b", "a"]}');
    const b = await parseOk('{\n  "required": ["a", "b"],\n  "properties": {\n    "a": {"type": "integer"},\n    "b": {"type": "string"}\n  },\n  "type": "object"\n}');
    expect(a.canonical).toBe(b.canonical);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.canonical).toBe('{"properties":{"a":{"type":"integer"},"b":{"type":"string"}},"required":["a","b"],"type":"object"}');
  });

  it("sorts a type array but keeps enum, tuple and combinator order", async () => {
    const s = await parseOk('{"type": ["string", "null"], "enum": ["b", "a", null], "allOf": [{"minLength": 2}, {"maxLength": 3}]}');
    expect(s.canonical).toBe('{"allOf":[{"minLength":2},{"maxLength":3}],"enum":["b","a",null],"type":["null","string"]}');
    const t1 = await parseOk('{"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}');
    const t2 = await parseOk('{"type": "array", "items": [{"type": "integer"}, {"type": "string"}]}');
    expect(t1.fingerprint).not.toBe(t2.fingerprint);
  });

  it("leaves a property named `required` alone", async () => {
    const s = await parseOk('{"properties": {"required": {"enum": ["z", "a"]}}}');
    expect(s.canonical).toBe('{"properties":{"required":{"enum":["z","a"]}}}');
  });

  it("tells apart schemas that validate differently", async () => {
    const a = await parseOk('{"type": "string", "maxLength": 3}');
    const b = await parseOk('{"type": "string", "maxLength": 4}');
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it("keeps the text as given", async () => {
    const text = '{ "type" : "string" }';
    expect((await parseOk(text)).text).toBe(text);
  });
});
