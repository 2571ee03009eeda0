import { describe, expect, it } from "vitest";
import type { ParsedSchema, ParseOptions } from "../format.js";
import { avroFormat } from "./index.js";
import { asAvroModel, type AvroRecord } from "./model.js";

async function parse(schema: unknown, options?: ParseOptions) {
  return avroFormat.parse(typeof schema === "string" ? schema : JSON.stringify(schema), options);
}

async function parsed(schema: unknown, options?: ParseOptions): Promise<ParsedSchema> {
  const r = await parse(schema, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} at ${r.error.path}`);
  return r.value;
}

async function error(schema: unknown, options?: ParseOptions) {
  const r = await parse(schema, options);
  if (r.ok) throw new Error(`expected an error, got ${r.value.canonical}`);
  return r.error;
}

const rec = (fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: "record", name: "R", fields, ...extra });

describe("avroFormat.parse — syntax and depth", () => {
  it("returns SCHEMA_SYNTAX with a position for bad JSON", async () => {
    const e = await error('{"type": "record",\n "name": }');
    expect(e.code).toBe("SCHEMA_SYNTAX");
    expect(e.message).toContain("Invalid JSON");
  });

  it("returns SCHEMA_TOO_DEEP past maxDepth", async () => {
    let s: unknown = "int";
    for (let i = 0; i < 20; i++) s = { type: "array", items: s };
    expect((await error(s, { maxDepth: 10 })).code).toBe("SCHEMA_TOO_DEEP");
    expect((await parse(s, { maxDepth: 30 })).ok).toBe(true);
  });

  it("returns SCHEMA_TOO_DEEP instead of overflowing the stack when a caller raises maxDepth", async () => {
    const deep = '{"type":"array","items":'.repeat(20000) + '"int"' + "}".repeat(20000);
    expect((await error(deep, { maxDepth: 1_000_000 })).code).toBe("SCHEMA_TOO_DEEP");
  });

  it("refuses values that are not schemas", async () => {
    expect(await error(42)).toMatchObject({ code: "SCHEMA_INVALID", path: "" });
    expect(await error(rec([{ name: "a", type: true }]))).toMatchObject({ code: "SCHEMA_INVALID", path: "/fields/0/type" });
    expect(await error({ type: { type: "int" } })).toMatchObject({ code: "SCHEMA_INVALID", path: "/type" });
    expect(await error({ name: "x" })).toMatchObject({ code: "SCHEMA_INVALID", message: expect.stringContaining('no "type"') });
  });
});

describe("avroFormat.parse — names and namespaces", () => {
  it("requires a record name (unnamed records are invalid)", async () => {
    expect(await error({ type: "record", fields: [] })).toMatchObject({ code: "SCHEMA_INVALID", path: "", message: expect.stringMatching(/name/) });
  });

  it("rejects invalid names, namespaces and primitive names", async () => {
    expect(await error({ type: "record", name: "1abc", fields: [] })).toMatchObject({ path: "/name" });
    expect(await error({ type: "record", name: "a-b", fields: [] })).toMatchObject({ path: "/name" });
    expect(await error({ type: "record", name: "R", namespace: "a..b", fields: [] })).toMatchObject({ path: "/namespace" });
    expect(await error({ type: "record", name: "a.1b.R", fields: [] })).toMatchObject({ path: "/name" });
    expect(await error({ type: "fixed", name: "int", size: 1 })).toMatchObject({ path: "/name" });
    expect(await error(rec([{ name: "bad-name", type: "int" }]))).toMatchObject({ path: "/fields/0/name" });
  });

  it("resolves full names: dotted names carry their namespace, nested types inherit it", async () => {
    const s = await parsed({
      type: "record",
      name: "Outer",
      namespace: "x.y",
      fields: [
        { name: "a", type: { type: "fixed", name: "F", size: 2 } },
        { name: "b", type: { type: "enum", name: "p.q.E", symbols: ["A"] } },
        { name: "c", type: { type: "record", name: "Inner", namespace: "", fields: [] } },
        { name: "d", type: "F" },
        { name: "e", type: "x.y.F" },
        { name: "f", type: "p.q.E" },
        { name: "g", type: "Inner" },
      ],
    });
    const model = asAvroModel(s.model);
    expect([...(model?.names.keys() ?? [])].sort()).toEqual(["Inner", "p.q.E", "x.y.F", "x.y.Outer"]);
    const root = model?.root as AvroRecord;
    expect(root.fields[3]?.type).toBe(root.fields[0]?.type);
    expect(root.fields[4]?.type).toBe(root.fields[0]?.type);
    expect(root.fields[6]?.type).toBe(root.fields[2]?.type);
  });

  it("refuses redefinition of a full name", async () => {
    const e = await error(rec([{ name: "a", type: { type: "fixed", name: "F", size: 1 } }, { name: "b", type: { type: "fixed", name: "F", size: 2 } }]));
    expect(e).toMatchObject({ code: "SCHEMA_INVALID", path: "/fields/1/type/name", message: expect.stringContaining("redefine") });
    // Same simple name in different namespaces is fine.
    await parsed(rec([{ name: "a", type: { type: "fixed", name: "F", size: 1 } }, { name: "b", type: { type: "fixed", name: "o.F", size: 2 } }]));
  });

  it("returns REFERENCE_UNRESOLVED naming an unknown type", async () => {
    const e = await error(rec([{ name: "a", type: ["null", "com.acme.Missing"] }]));
    expect(e).toMatchObject({ code: "REFERENCE_UNRESOLVED", path: "/fields/0/type/1", message: expect.stringContaining("com.acme.Missing") });
  });

  it("supports recursive types", async () => {
    const s = await parsed({ type: "record", name: "Node", fields: [{ name: "next", type: ["null", "Node"], default: null }] });
    const root = asAvroModel(s.model)?.root as AvroRecord;
    const union = root.fields[0]?.type;
    expect(union?.kind === "union" && union.branches[1]).toBe(root);
    expect(s.canonical).toBe('{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"],"default":null}]}');
  });

  it("validates aliases", async () => {
    expect(await error({ type: "record", name: "R", aliases: "Old", fields: [] })).toMatchObject({ path: "/aliases" });
    expect(await error({ type: "record", name: "R", aliases: ["9x"], fields: [] })).toMatchObject({ path: "/aliases/0" });
    expect(await error(rec([{ name: "a", type: "int", aliases: ["a.b"] }]))).toMatchObject({ path: "/fields/0/aliases/0" });
    const s = await parsed({ type: "record", name: "R", namespace: "n", aliases: ["Old", "o.Older"], fields: [] });
    expect((asAvroModel(s.model)?.root as AvroRecord).aliases).toEqual(["n.Old", "o.Older"]);
  });
});

describe("avroFormat.parse — records, enums, fixed, unions", () => {
  it("checks record fields", async () => {
    expect(await error({ type: "record", name: "R" })).toMatchObject({ code: "SCHEMA_INVALID", path: "" });
    expect(await error(rec([{ name: "a", type: "int" }, { name: "a", type: "long" }]))).toMatchObject({ path: "/fields/1/name" });
    expect(await error(rec([{ name: "a" }]))).toMatchObject({ path: "/fields/0" });
    expect(await error(rec([{ name: "a", type: "int", order: "up" }]))).toMatchObject({ path: "/fields/0/order" });
    // Java reads the order case-insensitively.
    expect((await parsed(rec([{ name: "a", type: "int", order: "DESCENDING" }]))).canonical).toContain('"order":"descending"');
  });

  it("checks enum symbols and the enum default", async () => {
    expect(await error({ type: "enum", name: "E", symbols: ["A", "A"] })).toMatchObject({ path: "/symbols/1", message: expect.stringContaining("Duplicate") });
    expect(await error({ type: "enum", name: "E", symbols: ["A", "b-c"] })).toMatchObject({ path: "/symbols/1" });
    expect(await error({ type: "enum", name: "E", symbols: ["A"], default: "B" })).toMatchObject({ path: "/default" });
    await parsed({ type: "enum", name: "E", symbols: ["A", "B"], default: "B" });
  });

  it("checks the fixed size", async () => {
    expect(await error({ type: "fixed", name: "F" })).toMatchObject({ path: "" });
    expect(await error({ type: "fixed", name: "F", size: -1 })).toMatchObject({ path: "/size" });
    expect(await error({ type: "fixed", name: "F", size: "16" })).toMatchObject({ path: "/size" });
  });

  it("checks union branches", async () => {
    expect(await error(["int", ["null"]])).toMatchObject({ path: "/1", message: expect.stringContaining("unions") });
    expect(await error(["int", "string", { type: "int" }])).toMatchObject({ path: "/2", message: expect.stringContaining("Duplicate") });
    expect(await error([{ type: "array", items: "int" }, { type: "array", items: "long" }])).toMatchObject({ path: "/1" });
    await parsed([{ type: "fixed", name: "A", size: 1 }, { type: "fixed", name: "B", size: 1 }]);
  });

  it("requires items and values", async () => {
    expect(await error({ type: "array" })).toMatchObject({ path: "" });
    expect(await error({ type: "map", values: "nope" })).toMatchObject({ code: "REFERENCE_UNRESOLVED", path: "/values" });
  });
});

describe("avroFormat.parse — defaults", () => {
  const bad: ReadonlyArray<readonly [string, unknown, unknown, string]> = [
    ["int from a string", "int", "1", "/fields/0/default"],
    ["int out of range", "int", 2147483648, "/fields/0/default"],
    ["int from a fraction", "int", 1.5, "/fields/0/default"],
    ["long from a fraction", "long", 0.5, "/fields/0/default"],
    ["boolean from a string", "boolean", "true", "/fields/0/default"],
    ["null from 0", "null", 0, "/fields/0/default"],
    ["string from a number", "string", 1, "/fields/0/default"],
    ["float from a string", "float", "NaN", "/fields/0/default"],
    ["union: second branch", ["null", "string"], "x", "/fields/0/default"],
    ["array item", { type: "array", items: "int" }, [1, "2"], "/fields/0/default/1"],
    ["map value", { type: "map", values: "int" }, { a: "x" }, "/fields/0/default/a"],
    ["enum symbol", { type: "enum", name: "E", symbols: ["A"] }, "B", "/fields/0/default"],
    ["fixed from a number", { type: "fixed", name: "F", size: 1 }, 1, "/fields/0/default"],
    ["record field", { type: "record", name: "S", fields: [{ name: "x", type: "int" }] }, { x: "1" }, "/fields/0/default/x"],
    ["record missing field", { type: "record", name: "S", fields: [{ name: "x", type: "int" }] }, {}, "/fields/0/default"],
  ];
  it.each(bad)("refuses a default of the wrong type: %s", async (_, type, def, path) => {
    expect(await error(rec([{ name: "f", type, default: def }]))).toMatchObject({ code: "SCHEMA_INVALID", path });
  });

  const good: ReadonlyArray<readonly [string, unknown, unknown]> = [
    ["null", "null", null],
    ["union first branch null", ["null", "string"], null],
    ["union first branch string", ["string", "null"], "x"],
    ["long", "long", 1234567890123],
    ["double from an integer", "double", 1],
    ["bytes", "bytes", "\u00ff"],
    ["record with defaulted field", { type: "record", name: "S", fields: [{ name: "x", type: "int", default: 1 }] }, {}],
    ["map", { type: "map", values: ["null", "int"] }, { a: null }],
  ];
  it.each(good)("accepts a valid default: %s", async (_, type, def) => {
    await parsed(rec([{ name: "f", type, default: def }]));
  });
});

describe("avroFormat.parse — logical types", () => {
  const root = async (schema: unknown) => asAvroModel((await parsed(schema)).model)?.root;
  it("reads valid logical types", async () => {
    expect(await root({ type: "bytes", logicalType: "decimal", precision: 10, scale: 2 })).toMatchObject({ logical: { name: "decimal", precision: 10, scale: 2 } });
    expect(await root({ type: "fixed", name: "D", size: 12, logicalType: "duration" })).toMatchObject({ logical: { name: "duration" } });
    expect(await root({ type: "int", logicalType: "date" })).toMatchObject({ logical: { name: "date" } });
    expect(await root({ type: "long", logicalType: "local-timestamp-micros" })).toMatchObject({ logical: { name: "local-timestamp-micros" } });
    expect(await root({ type: "string", logicalType: "uuid" })).toMatchObject({ logical: { name: "uuid" } });
  });

  it("falls back to the underlying type for invalid logical types, as Java does", async () => {
    expect(await root({ type: "bytes", logicalType: "decimal", precision: 0 })).toMatchObject({ kind: "primitive", type: "bytes", logical: undefined });
    expect(await root({ type: "bytes", logicalType: "decimal", precision: 2, scale: 3 })).toMatchObject({ logical: undefined });
    expect(await root({ type: "fixed", name: "F", size: 2, logicalType: "decimal", precision: 5 })).toMatchObject({ logical: undefined });
    expect(await root({ type: "fixed", name: "F", size: 2, logicalType: "decimal", precision: 4 })).toMatchObject({ logical: { name: "decimal" } });
    expect(await root({ type: "fixed", name: "F", size: 11, logicalType: "duration" })).toMatchObject({ logical: undefined });
    expect(await root({ type: "string", logicalType: "date" })).toMatchObject({ logical: undefined });
    expect(await root({ type: "long", logicalType: "no-such-type" })).toMatchObject({ logical: undefined });
  });
});

describe("avroFormat.parse — references", () => {
  const customer = JSON.stringify({ type: "record", name: "Customer", namespace: "io.confluent.examples", fields: [{ name: "id", type: "long" }] });
  const order = { type: "record", name: "Order", namespace: "io.confluent.examples", fields: [{ name: "customer", type: "io.confluent.examples.Customer" }, { name: "other", type: "Customer" }] };

  it("resolves names defined by references", async () => {
    const s = await parsed(order, { references: [{ name: "io.confluent.examples.Customer", schema: customer }] });
    const root = asAvroModel(s.model)?.root as AvroRecord;
    expect(root.fields[0]?.type).toMatchObject({ kind: "record", name: "io.confluent.examples.Customer" });
    // Referenced types appear by name only in the canonical text.
    expect(s.canonical).toContain('"type":"io.confluent.examples.Customer"');
    expect(s.canonical).not.toContain('"fields":[{"name":"id"');
    expect(s.references).toHaveLength(1);
  });

  it("resolves transitive references, dependencies first", async () => {
    const address = JSON.stringify({ type: "record", name: "a.Address", fields: [{ name: "zip", type: "string" }] });
    const person = JSON.stringify({ type: "record", name: "a.Person", fields: [{ name: "address", type: "a.Address" }] });
    await parsed({ type: "array", items: "a.Person" }, { references: [{ name: "a.Address", schema: address }, { name: "a.Person", schema: person }] });
    expect((await error({ type: "array", items: "a.Person" }, { references: [{ name: "a.Person", schema: person }] })).message).toContain("a.Address");
  });

  it("defines a reference listed twice (a diamond) once", async () => {
    const ref = { name: "io.confluent.examples.Customer", schema: customer };
    await parsed(order, { references: [ref, ref] });
  });

  it("refuses a schema that redefines a referenced name", async () => {
    const e = await error({ type: "record", name: "io.confluent.examples.Customer", fields: [] }, { references: [{ name: "io.confluent.examples.Customer", schema: customer }] });
    expect(e).toMatchObject({ code: "SCHEMA_INVALID", path: "/name" });
  });

  it("returns REFERENCE_UNRESOLVED without the reference", async () => {
    const e = await error(order);
    expect(e).toMatchObject({ code: "REFERENCE_UNRESOLVED", path: "/fields/0/type", message: expect.stringContaining("io.confluent.examples.Customer") });
  });

  it("reports an invalid reference by name", async () => {
    const e = await error(order, { references: [{ name: "io.confluent.examples.Customer", schema: "{" }] });
    expect(e).toMatchObject({ code: "SCHEMA_SYNTAX", message: expect.stringContaining('reference "io.confluent.examples.Customer"') });
  });
});

describe("canonical form and fingerprint", () => {
  const base = { type: "record", name: "User", namespace: "com.acme", doc: "A user", fields: [{ name: "id", type: "long" }, { name: "email", type: ["null", "string"], default: null }] };

  it("is the same for whitespace, key order, type spelling and name spelling", async () => {
    const a = await parsed(base);
    const b = await parsed(`{
      "fields": [ {"type": {"type": "long"}, "name": "id"}, {"default": null, "type": ["null", {"type":"string"}], "name": "email"} ],
      "doc": "A user", "name": "com.acme.User", "type": "record"
    }`);
    expect(b.canonical).toBe(a.canonical);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.canonical).toBe(
      '{"type":"record","name":"com.acme.User","doc":"A user","fields":[{"name":"id","type":"long"},{"name":"email","type":["null","string"],"default":null}]}',
    );
  });

  it("differs for anything that matters: defaults, aliases, order, doc, logical types, field order", async () => {
    const a = await parsed(base);
    const variants = [
      { ...base, fields: [base.fields[0], { ...base.fields[1], default: undefined }] },
      { ...base, aliases: ["Person"] },
      { ...base, doc: "Another" },
      { ...base, fields: [{ name: "id", type: "long", order: "descending" }, base.fields[1]] },
      { ...base, fields: [{ name: "id", type: { type: "long", logicalType: "timestamp-millis" } }, base.fields[1]] },
      { ...base, fields: [base.fields[1], base.fields[0]] },
      { ...base, fields: [{ name: "id", type: "long", aliases: ["uid"] }, base.fields[1]] },
    ];
    const prints = new Set([a.fingerprint]);
    for (const v of variants) prints.add((await parsed(v)).fingerprint);
    expect(prints.size).toBe(variants.length + 1);
  });

  it("normalizes the key order of default values and properties, and the order of aliases", async () => {
    const s = { type: "record", name: "S", fields: [{ name: "x", type: "int" }, { name: "y", type: "int" }] };
    const a = await parsed(rec([{ name: "f", type: s, default: { x: 1, y: 2 } }], { aliases: ["B", "A"], "x-b": 1, "x-a": { q: 1, p: 2 } }));
    const b = await parsed(rec([{ name: "f", type: s, default: { y: 2, x: 1 } }], { "x-a": { p: 2, q: 1 }, "x-b": 1, aliases: ["A", "B"] }));
    expect(b.canonical).toBe(a.canonical);
  });

  it("keeps a null namespace inside a namespaced type, so re-parsing gives the same names", async () => {
    const s = await parsed({ type: "record", name: "R", namespace: "n", fields: [{ name: "i", type: { type: "record", name: "I", namespace: "", fields: [] } }] });
    const again = await parsed(s.canonical);
    expect(again.canonical).toBe(s.canonical);
    expect([...(asAvroModel(again.model)?.names.keys() ?? [])].sort()).toEqual(["I", "n.R"]);
  });
});
