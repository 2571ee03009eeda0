import { describe, expect, it } from "vitest";
import type { ParsedSchema, Violation } from "../format.js";
import { AVRO_HINTS } from "./hints.js";
import { avroFormat } from "./index.js";

async function p(schema: unknown): Promise<ParsedSchema> {
  const r = await avroFormat.parse(JSON.stringify(schema));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Violations when `reader` reads data written with `writer`. */
async function check(reader: unknown, writer: unknown): Promise<readonly Violation[]> {
  return avroFormat.compatibility(await p(reader), await p(writer));
}

const rules = (vs: readonly Violation[]) => vs.map((v) => `${v.rule} ${v.path}`);
const rec = (name: string, fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: "record", name, fields, ...extra });

describe("primitive promotions (Avro spec §Schema Resolution)", () => {
  const allowed: Array<[string, string]> = [
    ["long", "int"],
    ["float", "int"],
    ["double", "int"],
    ["float", "long"],
    ["double", "long"],
    ["double", "float"],
    ["bytes", "string"],
    ["string", "bytes"],
  ];
  it.each(allowed)("%s reads %s", async (reader, writer) => {
    expect(await check(reader, writer)).toEqual([]);
  });

  const refused: Array<[string, string]> = [
    ["int", "long"],
    ["long", "float"],
    ["float", "double"],
    ["int", "string"],
    ["boolean", "int"],
    ["null", "int"],
    ["string", "int"],
  ];
  it.each(refused)("%s cannot read %s", async (reader, writer) => {
    expect(await check(reader, writer)).toEqual([{ rule: "TYPE_MISMATCH", path: "", message: `reader type: ${reader.toUpperCase()} not compatible with writer type: ${writer.toUpperCase()}`, line: 1, hint: AVRO_HINTS.TYPE_MISMATCH }]);
  });

  it("ignores logical types (Java compares underlying types)", async () => {
    expect(await check({ type: "long", logicalType: "timestamp-millis" }, { type: "long", logicalType: "timestamp-micros" })).toEqual([]);
  });
});

describe("records", () => {
  it("READER_FIELD_MISSING_DEFAULT_VALUE for a new field without default, in one direction only", async () => {
    const v1 = rec("R", [{ name: "a", type: "int" }]);
    const v2 = rec("R", [{ name: "a", type: "int" }, { name: "b", type: "string" }]);
    expect(rules(await check(v2, v1))).toEqual(["READER_FIELD_MISSING_DEFAULT_VALUE /fields/1"]);
    expect(await check(v1, v2)).toEqual([]);
    const v3 = rec("R", [{ name: "a", type: "int" }, { name: "b", type: "string", default: "x" }]);
    expect(await check(v3, v1)).toEqual([]);
  });

  it("matches reader fields to writer fields through aliases", async () => {
    const writer = rec("R", [{ name: "old", type: "int" }]);
    expect(await check(rec("R", [{ name: "new", type: "long", aliases: ["old"] }]), writer)).toEqual([]);
    expect(rules(await check(rec("R", [{ name: "new", type: "long" }]), writer))).toEqual(["READER_FIELD_MISSING_DEFAULT_VALUE /fields/0"]);
  });

  it("reports TYPE_MISMATCH at the reader field's type", async () => {
    const v = await check(rec("R", [{ name: "x", type: "int" }, { name: "a", type: "int" }]), rec("R", [{ name: "a", type: "string" }, { name: "x", type: "int" }]));
    expect(rules(v)).toEqual(["TYPE_MISMATCH /fields/1/type"]);
  });

  it("returns all violations, not just the first", async () => {
    const v = await check(
      rec("R", [{ name: "a", type: "int" }, { name: "b", type: "int" }, { name: "c", type: { type: "array", items: "int" } }]),
      rec("R", [{ name: "a", type: "string" }, { name: "c", type: { type: "array", items: "long" } }]),
    );
    expect(rules(v)).toEqual(["TYPE_MISMATCH /fields/0/type", "READER_FIELD_MISSING_DEFAULT_VALUE /fields/1", "TYPE_MISMATCH /fields/2/type/items"]);
  });

  it("NAME_MISMATCH compares unqualified names, or the writer's full name against reader aliases", async () => {
    expect(rules(await check(rec("A", []), rec("B", [])))).toEqual(["NAME_MISMATCH /name"]);
    expect(await check(rec("a.R", []), rec("b.R", []))).toEqual([]);
    expect(await check(rec("x.A", [], { aliases: ["y.B"] }), rec("y.B", []))).toEqual([]);
    // A writer alias does not help the reader.
    expect(rules(await check(rec("A", []), rec("B", [], { aliases: ["A"] })))).toEqual(["NAME_MISMATCH /name"]);
  });

  it("policy recordNames=ignore matches records by structure (Java SchemaValidatorBuilder), not enums or fixed", async () => {
    const ignore = { policy: { recordNames: "ignore" } };
    const [a, b] = [await p(rec("A", [{ name: "x", type: "int" }])), await p(rec("B", [{ name: "x", type: "long" }]))];
    expect(rules(avroFormat.compatibility(b, a))).toEqual(["NAME_MISMATCH /name"]);
    expect(avroFormat.compatibility(b, a, ignore)).toEqual([]);
    // Structure still counts: B's long cannot be read as A's int.
    expect(rules(avroFormat.compatibility(a, b, ignore))).toEqual(["TYPE_MISMATCH /fields/0/type"]);
    const [e1, e2] = [await p({ type: "enum", name: "E", symbols: ["X"] }), await p({ type: "enum", name: "F", symbols: ["X"] })];
    expect(rules(avroFormat.compatibility(e2, e1, ignore))).toEqual(["NAME_MISMATCH /name"]);
  });

  it("checks map values with the path /values", async () => {
    expect(rules(await check({ type: "map", values: "int" }, { type: "map", values: "long" }))).toEqual(["TYPE_MISMATCH /values"]);
    expect(await check({ type: "map", values: "long" }, { type: "map", values: "int" })).toEqual([]);
  });
});

describe("enums and fixed", () => {
  const e = (symbols: string[], extra: Record<string, unknown> = {}) => ({ type: "enum", name: "E", symbols, ...extra });

  it("MISSING_ENUM_SYMBOLS when the writer has symbols the reader lacks", async () => {
    expect(await check(e(["A", "B", "C"]), e(["A", "B"]))).toEqual([]);
    expect(await check(e(["A"]), e(["A", "C", "B"]))).toEqual([{ rule: "MISSING_ENUM_SYMBOLS", path: "/symbols", message: "[B, C]", line: 1, hint: AVRO_HINTS.MISSING_ENUM_SYMBOLS }]);
  });

  it("a reader enum default absorbs unknown symbols", async () => {
    expect(await check(e(["A", "U"], { default: "U" }), e(["A", "B"]))).toEqual([]);
  });

  it("FIXED_SIZE_MISMATCH and NAME_MISMATCH for fixed", async () => {
    expect(await check({ type: "fixed", name: "F", size: 4 }, { type: "fixed", name: "F", size: 8 })).toEqual([
      { rule: "FIXED_SIZE_MISMATCH", path: "/size", message: "expected: 8, found: 4", line: 1, hint: AVRO_HINTS.FIXED_SIZE_MISMATCH },
    ]);
    expect(rules(await check({ type: "fixed", name: "F", size: 4 }, { type: "fixed", name: "G", size: 4 }))).toEqual(["NAME_MISMATCH /name"]);
  });

  it("every rule carries its one-sentence fix (hint)", async () => {
    const v2 = rec("R", [{ name: "a", type: "int" }, { name: "b", type: "string" }]);
    const [missing] = await check(v2, rec("R", [{ name: "a", type: "int" }]));
    expect(missing).toMatchObject({ rule: "READER_FIELD_MISSING_DEFAULT_VALUE", hint: expect.stringMatching(/default.*alias/) });
    const [name] = await check(rec("A", []), rec("B", []));
    expect(name).toMatchObject({ rule: "NAME_MISMATCH", hint: expect.stringContaining("aliases") });
    const [symbols] = await check({ type: "enum", name: "E", symbols: ["A"] }, { type: "enum", name: "E", symbols: ["A", "B"] });
    expect(symbols!.hint).toMatch(/keep the symbol.*default/i);
  });
});

describe("unions", () => {
  it("a reader union reads a writer type when some branch does", async () => {
    expect(await check(["null", "long"], "int")).toEqual([]);
    expect(rules(await check(["null", "string"], "int"))).toEqual(["MISSING_UNION_BRANCH "]);
  });

  it("a writer union needs every branch readable", async () => {
    expect(await check(["null", "string", "long"], ["null", "int"])).toEqual([]);
    const v = await check(["null", "string"], ["null", "int", "string", "boolean"]);
    expect(v).toEqual([
      { rule: "MISSING_UNION_BRANCH", path: "/1", message: "reader union lacking writer type: INT", line: 1, hint: AVRO_HINTS.MISSING_UNION_BRANCH },
      { rule: "MISSING_UNION_BRANCH", path: "/3", message: "reader union lacking writer type: BOOLEAN", line: 1, hint: AVRO_HINTS.MISSING_UNION_BRANCH },
    ]);
  });

  it("a non-union reader reads a writer union only if it reads every branch", async () => {
    expect(await check("long", ["int", "long"])).toEqual([]);
    expect(rules(await check("int", ["int", "string"]))).toEqual(["TYPE_MISMATCH /1"]);
  });

  it("union branch paths point into the reader", async () => {
    const v = await check(rec("R", [{ name: "u", type: ["null", "int"] }]), rec("R", [{ name: "u", type: ["null", "string"] }]));
    expect(rules(v)).toEqual(["MISSING_UNION_BRANCH /fields/0/type/1"]);
  });
});

describe("recursive types", () => {
  const list = (extra: unknown[] = []) => rec("List", [{ name: "value", type: "int" }, { name: "next", type: ["null", "List"] }, ...extra]);

  it("terminate and are compatible with themselves", async () => {
    expect(await check(list(), list())).toEqual([]);
  });

  it("find violations inside the recursion", async () => {
    const v = await check(list([{ name: "extra", type: "string" }]), list());
    expect(rules(v)).toEqual(["READER_FIELD_MISSING_DEFAULT_VALUE /fields/2"]);
    expect(await check(list(), list([{ name: "extra", type: "string" }]))).toEqual([]);
  });

  it("handle mutually recursive types", async () => {
    const tree = (leaf: string) =>
      rec("Tree", [{ name: "children", type: { type: "array", items: rec("Node", [{ name: "tree", type: "Tree" }, { name: "leaf", type: leaf }]) } }]);
    expect(await check(tree("long"), tree("int"))).toEqual([]);
    expect(rules(await check(tree("int"), tree("long")))).toEqual(["TYPE_MISMATCH /fields/0/type/items/fields/1/type"]);
  });
});

describe("violation lines (the reader text's line, as the other engines give)", () => {
  it("points each violation at its line in the reader schema's text, falling back to the nearest ancestor", async () => {
    const readerText = [
      "{",
      '  "type": "record", "name": "Order",',
      '  "fields": [',
      '    {"name": "id", "type": "string"},',
      '    {"name": "qty", "type": "string"},',
      '    {"name": "currency", "type": "string"},',
      '    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW"]}}',
      "  ]",
      "}",
    ].join("\n");
    const reader = await avroFormat.parse(readerText);
    const writer = await p(rec("Order", [
      { name: "id", type: "string" },
      { name: "qty", type: "int" },
      { name: "status", type: { type: "enum", name: "Status", symbols: ["NEW", "PAID"] } },
    ]));
    if (!reader.ok) throw new Error(reader.error.message);
    const found = avroFormat.compatibility(reader.value, writer).map((v) => `${v.rule} ${v.path} line ${v.line}`);
    expect(found.sort()).toEqual([
      "MISSING_ENUM_SYMBOLS /fields/3/type/symbols line 7",
      "READER_FIELD_MISSING_DEFAULT_VALUE /fields/2 line 6",
      "TYPE_MISMATCH /fields/1/type line 5",
    ]);
  });
});
