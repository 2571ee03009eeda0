import { describe, expect, it } from "vitest";
import type { ParsedSchema, ParseOptions } from "../format.js";
import { AVRO_HINTS } from "./hints.js";
import { avroFormat } from "./index.js";
import { asAvroModel, type AvroRecord } from "./model.js";

async function parsed(text: string, options?: ParseOptions): Promise<ParsedSchema> {
  const r = await avroFormat.parse(text, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} at ${r.error.path ?? ""}`);
  return r.value;
}

describe("custom properties named __proto__", () => {
  it("keeps a __proto__ property in the canonical form and never reads a logical type through it", async () => {
    const s = await parsed('{"type":"string","__proto__":{"logicalType":"uuid"}}');
    const plain = await parsed('"string"');
    expect(s.canonical).toBe('{"type":"string","__proto__":{"logicalType":"uuid"}}');
    expect(s.fingerprint).not.toBe(plain.fingerprint);
    const root = asAvroModel(s.model)?.root;
    expect(root).toMatchObject({ kind: "primitive", type: "string", logical: undefined });
    if (root?.kind !== "primitive") throw new Error("expected a primitive");
    expect(Object.hasOwn(root.props, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(root.props)).toBe(Object.prototype);
    // Re-parsing the canonical text gives the same canonical text.
    expect((await parsed(s.canonical)).canonical).toBe(s.canonical);
  });

  it("keeps a field-level __proto__ property so the field does not collide with the plain one", async () => {
    const withProto = await parsed('{"type":"record","name":"R","fields":[{"name":"a","type":"int","__proto__":{"x":1}}]}');
    const plain = await parsed('{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}');
    expect(withProto.canonical).toBe('{"type":"record","name":"R","fields":[{"name":"a","type":"int","__proto__":{"x":1}}]}');
    expect(withProto.fingerprint).not.toBe(plain.fingerprint);
    const field = (asAvroModel(withProto.model)?.root as AvroRecord).fields[0];
    expect(Object.keys(field?.props ?? {})).toEqual(["__proto__"]);
    expect((field?.props as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("does not take a named type's attributes from __proto__", async () => {
    const r = await avroFormat.parse('{"__proto__":{"type":"int"}}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("SCHEMA_INVALID");
  });
});

describe("references to null-namespace types from inside a namespace", () => {
  const repoA = {
    type: "record",
    name: "R",
    namespace: "x",
    fields: [
      { name: "a", type: { type: "record", name: "Foo", namespace: "", fields: [{ name: "i", type: "int" }] } },
      { name: "b", type: "Foo" },
    ],
  };
  const repoB = {
    type: "record",
    name: "R",
    namespace: "x",
    fields: [
      { name: "a", type: { type: "record", name: "Foo", fields: [{ name: "s", type: "string" }] } },
      { name: "b", type: { type: "record", name: "Foo", namespace: "", fields: [{ name: "i", type: "int" }] } },
      { name: "c", type: ".Foo" },
    ],
  };

  it("writes the reference as .Foo so the canonical text re-parses to itself and validate/encode work (repro A)", async () => {
    const s = await parsed(JSON.stringify(repoA));
    expect(s.canonical).toBe('{"type":"record","name":"x.R","fields":[{"name":"a","type":{"type":"record","name":"Foo","namespace":"","fields":[{"name":"i","type":"int"}]}},{"name":"b","type":".Foo"}]}');
    expect((await parsed(s.canonical)).canonical).toBe(s.canonical);
    const value = { a: { i: 1 }, b: { i: 2 } };
    expect(avroFormat.validate(s, value)).toEqual([]);
    const bytes = avroFormat.encode(s, value);
    expect(bytes.ok).toBe(true);
    if (bytes.ok) expect(avroFormat.decode(s, bytes.value)).toMatchObject({ ok: true, value });
  });

  it("keeps x.Foo and Foo apart in the canonical text and the codec (repro B)", async () => {
    const s = await parsed(JSON.stringify(repoB));
    const model = asAvroModel(s.model);
    const fields = (model?.root as AvroRecord).fields;
    expect(fields.map((f) => (f.type as AvroRecord).name)).toEqual(["x.Foo", "Foo", "Foo"]);
    expect(s.canonical).toContain('{"name":"c","type":".Foo"}');
    const again = await parsed(s.canonical);
    expect(again.canonical).toBe(s.canonical);
    expect(again.fingerprint).toBe(s.fingerprint);
    const value = { a: { s: "x" }, b: { i: 1 }, c: { i: 2 } };
    expect(avroFormat.validate(s, value)).toEqual([]);
    expect(avroFormat.validate(s, { a: { s: "x" }, b: { i: 1 }, c: { s: "y" } }).length).toBeGreaterThan(0);
    expect(avroFormat.encode(s, value).ok).toBe(true);
  });

  it("keeps plain full names in the Parsing Canonical Form", async () => {
    const { parsingCanonicalForm } = await import("./index.js");
    expect(parsingCanonicalForm(await parsed(JSON.stringify(repoA)))).toBe(
      '{"name":"x.R","type":"record","fields":[{"name":"a","type":{"name":"Foo","type":"record","fields":[{"name":"i","type":"int"}]}},{"name":"b","type":"Foo"}]}',
    );
  });
});

describe("long reference chains", () => {
  /** References A_0 = record{n:int}, A_i = record{n: A_(i-1)}; root record{x: A_(n-1)}. */
  function chain(n: number) {
    const references = Array.from({ length: n }, (_, i) => ({
      name: `A${i}`,
      schema: JSON.stringify({ type: "record", name: `A${i}`, fields: [{ name: "n", type: i === 0 ? "int" : `A${i - 1}` }] }),
    }));
    const root = JSON.stringify({ type: "record", name: "Root", fields: [{ name: "x", type: `A${n - 1}` }] });
    return { root, references };
  }

  it("refuses at parse time a schema whose types nest past maxDepth through references", async () => {
    const { root, references } = chain(2000);
    const r = await avroFormat.parse(root, { references });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("SCHEMA_TOO_DEEP");
      expect(r.error.message).toContain('In reference "A256"');
    }
    // Within the limit the same construction parses.
    const small = chain(200);
    expect((await avroFormat.parse(small.root, { references: small.references })).ok).toBe(true);
    expect((await avroFormat.parse(small.root, { references: small.references, maxDepth: 100 })).ok).toBe(false);
  });

  it("never throws from compatibility() or parsingCanonicalForm() when a raised maxDepth lets a huge chain in", async () => {
    const { parsingCanonicalForm } = await import("./index.js");
    const { root, references } = chain(20000);
    const s = await parsed(root, { references, maxDepth: 1_000_000 });
    let violations: ReturnType<typeof avroFormat.compatibility> = [];
    expect(() => (violations = avroFormat.compatibility(s, s))).not.toThrow();
    expect(violations).toEqual([{ rule: "SCHEMA_TOO_DEEP", path: "", message: expect.stringContaining("too deeply"), line: 1 }]);
    expect(() => parsingCanonicalForm(s)).not.toThrow();
    expect(parsingCanonicalForm(s)).toBeUndefined();
    expect(avroFormat.validate(s, {}).length).toBeGreaterThan(0);
  });
});

describe("maxDecimalPrecision", () => {
  it("equals the exact digit count of 2^(8·size−1) − 1 for small sizes", async () => {
    const { maxDecimalPrecision } = await import("./logical-types.js");
    for (let size = 1; size <= 512; size++) {
      expect(maxDecimalPrecision(size)).toBe((2n ** BigInt(8 * size - 1) - 1n).toString().length - 1);
    }
    expect(maxDecimalPrecision(0)).toBe(0);
    expect(maxDecimalPrecision(16)).toBe(38);
  });

  it("handles huge fixed sizes without SCHEMA_TOO_DEEP", async () => {
    const cases: Array<[number, number]> = [
      [1_000_000, 2_408_239],
      [2147483647, 2147483647],
    ];
    for (const [size, precision] of cases) {
      const s = await parsed(JSON.stringify({ type: "fixed", name: "D", size, logicalType: "decimal", precision, scale: 2 }));
      expect(asAvroModel(s.model)?.root).toMatchObject({ kind: "fixed", size, logical: { name: "decimal", precision, scale: 2 } });
    }
    const over = await parsed(JSON.stringify({ type: "fixed", name: "D", size: 1_000_000, logicalType: "decimal", precision: 2_408_240 }));
    expect(asAvroModel(over.model)?.root).toMatchObject({ kind: "fixed", logical: undefined });
    // Still refused (ignored) when the precision exceeds what the size holds.
    const small = await parsed(JSON.stringify({ type: "fixed", name: "D", size: 2, logicalType: "decimal", precision: 5 }));
    expect(asAvroModel(small.model)?.root).toMatchObject({ kind: "fixed", logical: undefined });
  });
});

describe("large enums", () => {
  // Speed is not asserted here (benchmarks own timing); a quadratic implementation shows up as a slow test.
  it("parses and checks a 60,000-symbol enum", async () => {
    const symbols = Array.from({ length: 60_000 }, (_, i) => `S${i}`);
    const reader = await parsed(JSON.stringify({ type: "enum", name: "E", symbols, default: "S59999" }));
    const writer = await parsed(JSON.stringify({ type: "enum", name: "E", symbols: [...symbols.slice(1), "Extra"] }));
    const strict = await parsed(JSON.stringify({ type: "enum", name: "E", symbols }));
    expect(avroFormat.compatibility(writer, reader)).toEqual([{ rule: "MISSING_ENUM_SYMBOLS", path: "/symbols", message: "[S0]", line: 1, hint: AVRO_HINTS.MISSING_ENUM_SYMBOLS }]);
    expect(avroFormat.compatibility(reader, writer)).toEqual([]);
    expect(avroFormat.compatibility(strict, writer)).toEqual([{ rule: "MISSING_ENUM_SYMBOLS", path: "/symbols", message: "[Extra]", line: 1, hint: AVRO_HINTS.MISSING_ENUM_SYMBOLS }]);
    const dup = await avroFormat.parse(JSON.stringify({ type: "enum", name: "E", symbols: [...symbols, "S7"] }));
    expect(dup).toMatchObject({ ok: false, error: { code: "SCHEMA_INVALID", path: "/symbols/60000" } });
  });
});

describe("sha256Fingerprint", () => {
  it("is the shared sha256Hex of the PCF text", async () => {
    const { sha256Fingerprint } = await import("./fingerprint.js");
    const { sha256Hex } = await import("../json-text.js");
    for (const pcf of ['"int"', '{"name":"é","type":"fixed","size":1}', ""]) expect(sha256Fingerprint(pcf)).toBe(sha256Hex(pcf));
    expect(sha256Fingerprint('"int"')).toBe("3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45");
  });
});
