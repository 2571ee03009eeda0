import { describe, expect, it } from "vitest";
import type { ParseOptions } from "../format.js";
import { protobufFormat, WIRE_JSON_RULES, WIRE_RULES } from "./index.js";
import { Reservations } from "./reservations.js";

async function parseResult(text: string, options?: ParseOptions) {
  return protobufFormat.parse(text, options);
}

describe("buf rule categories", () => {
  it("the *_NO_DELETE_UNLESS_NAME_RESERVED rules are WIRE_JSON only, the number ones are in both", () => {
    for (const r of ["ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"]) {
      expect(WIRE_RULES).not.toContain(r);
      expect(WIRE_JSON_RULES).toContain(r);
    }
    for (const r of ["ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"]) {
      expect(WIRE_RULES).toContain(r);
      expect(WIRE_JSON_RULES).toContain(r);
    }
    expect(new Set(WIRE_JSON_RULES).size).toBe(WIRE_JSON_RULES.length);
  });
});

describe("no quadratic work under the size limit", () => {
  it("40k enum values parse and a duplicate is still refused", async () => {
    const values = Array.from({ length: 40000 }, (_, i) => `V${i} = ${i};`).join("\n");
    const ok = await parseResult(`syntax = "proto3";\nenum E {\n${values}\n}\n`);
    expect(ok.ok).toBe(true);
    const dup = await parseResult(`syntax = "proto3";\nenum E {\n${values}\nV7 = 40001;\n}\n`);
    expect(dup).toMatchObject({ ok: false, error: { code: "SCHEMA_INVALID", line: 40003 } });
    if (!dup.ok) expect(dup.error.message).toMatch(/enum value V7 is declared twice/);
  });

  it("40k fields against 20k reserved statements parse; reserved numbers and names are still refused", async () => {
    const reserved = Array.from({ length: 20000 }, (_, i) => `reserved ${2 * i + 1}; reserved "r${i}";`).join("\n");
    const fields = Array.from({ length: 40000 }, (_, i) => `int32 f${i} = ${2 * i + 100000};`).join("\n");
    const ok = await parseResult(`syntax = "proto3";\nmessage M {\n${reserved}\n${fields}\n}\n`);
    expect(ok.ok).toBe(true);
    const num = await parseResult(`syntax = "proto3";\nmessage M {\n${reserved}\nint32 x = 39;\n}\n`);
    expect(num).toMatchObject({ ok: false, error: { code: "SCHEMA_INVALID" } });
    if (!num.ok) expect(num.error.message).toMatch(/uses reserved number 39/);
    const name = await parseResult(`syntax = "proto3";\nmessage M {\n${reserved}\nint32 r19999 = 2;\n}\n`);
    expect(name).toMatchObject({ ok: false, error: { code: "SCHEMA_INVALID" } });
    if (!name.ok) expect(name.error.message).toMatch(/uses a reserved name/);
  });

  it("Reservations merges overlapping and adjacent ranges and looks numbers up by range", () => {
    const r = new Reservations([
      { ranges: [[10, 20], [1, 1]], names: ["a"], pos: { line: 1, column: 1 } },
      { ranges: [[21, 25], [15, 30], [100, 100]], names: ["b"], pos: { line: 1, column: 1 } },
    ] as never);
    expect([0, 1, 2, 9, 10, 25, 30, 31, 99, 100, 101].map((n) => r.hasNumber(n))).toEqual([false, true, false, false, true, true, true, false, false, true, false]);
    expect(r.hasName("a") && r.hasName("b") && !r.hasName("c")).toBe(true);
  });

  it("20k top-level messages link; a message and an enum of the same name still clash", async () => {
    const msgs = Array.from({ length: 20000 }, (_, i) => `message M${i} {}`).join("\n");
    expect((await parseResult(`syntax = "proto3";\n${msgs}\n`)).ok).toBe(true);
    const clash = await parseResult(`syntax = "proto3";\n${msgs}\nenum M5 { Z = 0; }\n`);
    expect(clash).toMatchObject({ ok: false, error: { code: "SCHEMA_INVALID", line: 7 } });
  });
});

describe("import chains", () => {
  const chain = (n: number) => {
    const references = Array.from({ length: n }, (_, i) => ({
      name: `f${i}.proto`,
      schema: `syntax = "proto3";\npackage f${i};\n${i + 1 < n ? `import "f${i + 1}.proto";\n` : ""}message T${i} {}\n`,
    }));
    return { text: 'syntax = "proto3";\nimport "f0.proto";\nmessage M { f0.T0 t = 1; }\n', references };
  };

  it("a 5000-file import chain is SCHEMA_TOO_DEEP (not a stack overflow)", async () => {
    const { text, references } = chain(5000);
    const r = await parseResult(text, { references });
    expect(r).toMatchObject({ ok: false, error: { code: "SCHEMA_TOO_DEEP" } });
    if (!r.ok) expect(r.error.message).not.toMatch(/call stack/);
  });

  it("the import depth follows maxDepth: 256 by default, dependencies first", async () => {
    const ok = chain(256);
    const r = await parseResult(ok.text, { references: ok.references });
    expect(r.ok).toBe(true);
    const deep = chain(257);
    expect(await parseResult(deep.text, { references: deep.references })).toMatchObject({ ok: false, error: { code: "SCHEMA_TOO_DEEP" } });
    const small = chain(3);
    expect(await parseResult(small.text, { references: small.references, maxDepth: 2 })).toMatchObject({ ok: false, error: { code: "SCHEMA_TOO_DEEP" } });
    expect((await parseResult(small.text, { references: small.references, maxDepth: 3 })).ok).toBe(true);
  });

  it("a long cycle is still an import cycle with the whole chain", async () => {
    const references = Array.from({ length: 100 }, (_, i) => ({ name: `c${i}.proto`, schema: `syntax = "proto3";\nimport "c${(i + 1) % 100}.proto";\n` }));
    const r = await parseResult('syntax = "proto3";\nimport "c0.proto";\n', { references });
    expect(r).toMatchObject({ ok: false, error: { code: "SCHEMA_INVALID" } });
    if (!r.ok) expect(r.error.message).toMatch(/^import cycle: c0\.proto -> c1\.proto -> .* -> c99\.proto -> c0\.proto$/);
  });
});

describe("string literals are bytes", () => {
  const schema = (lit: string, type = "bytes") => `syntax = "proto2";\nmessage M {\n  optional ${type} b = 1 [default = ${lit}];\n}\n`;
  const parsed = async (text: string) => {
    const r = await parseResult(text);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('"\\xff" / "\\377" and "ÿ" / "\\u00ff" differ; each pair shares one fingerprint', async () => {
    const [hex, oct, lit, uni, utf8] = await Promise.all([schema('"\\xff"'), schema('"\\377"'), schema('"ÿ"'), schema('"\\u00ff"'), schema('"\\303\\277"')].map(parsed));
    expect(hex!.fingerprint).toBe(oct!.fingerprint);
    expect(lit!.fingerprint).toBe(uni!.fingerprint);
    expect(lit!.fingerprint).toBe(utf8!.fingerprint);
    expect(hex!.fingerprint).not.toBe(lit!.fingerprint);
    expect(hex!.canonical).toContain('[default = "\\377"]');
    expect(lit!.canonical).toContain('[default = "ÿ"]');
    // Canonical text parses back to the same bytes.
    expect((await parsed(hex!.canonical)).fingerprint).toBe(hex!.fingerprint);
  });

  it("descriptors carry the literal's bytes C-escaped (protoc CEscape)", async () => {
    const { protobufModel, toFileDescriptorProto } = await import("./index.js");
    const field = async (lit: string) => {
      const s = await parsed(schema(lit));
      return toFileDescriptorProto(protobufModel(s)!.linked.file).messageType[0]!.field[0]!.defaultValue;
    };
    expect(await field('"\\xff"')).toBe("\\377");
    expect(await field('"ÿ"')).toBe("\\303\\277");
    expect(await field('"a\\u00e9" "b"')).toBe("a\\303\\251b");
  });

  it("buf FIELD_SAME_DEFAULT compares defaults byte-wise", async () => {
    const { checkBufBreaking } = await import("./index.js");
    const run = (prev: string, cur: string) => {
      const r = checkBufBreaking([{ path: "a.proto", text: schema(prev) }], [{ path: "a.proto", text: schema(cur) }], { rules: ["FIELD_SAME_DEFAULT"] });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.map((a) => a.rule);
    };
    expect(run('"\\xff"', '"ÿ"')).toEqual(["FIELD_SAME_DEFAULT"]);
    expect(run('"\\303\\277"', '"ÿ"')).toEqual([]);
    expect(run('"\\xff"', '"\\377"')).toEqual([]);
  });
});

describe("canonical reserved names", () => {
  it("editions print reserved names as identifiers (parseable again), proto3 as strings", async () => {
    const ed = await parseResult('edition = "2023";\npackage e;\nmessage M {\n  reserved foo, bar;\n  int32 a = 1;\n  enum E { Z = 0; reserved baz; }\n}\n');
    if (!ed.ok) throw new Error(ed.error.message);
    expect(ed.value.canonical).toContain("  reserved bar, foo;\n");
    expect(ed.value.canonical).toContain("    reserved baz;\n");
    const again = await parseResult(ed.value.canonical);
    expect(again).toMatchObject({ ok: true, value: { fingerprint: ed.value.fingerprint } });
    const p3 = await parseResult('syntax = "proto3";\nmessage M {\n  reserved "foo";\n  int32 a = 1;\n}\n');
    expect(p3).toMatchObject({ ok: true });
    if (p3.ok) expect(p3.value.canonical).toContain('  reserved "foo";\n');
  });
});

describe("shared helpers (json names, reserved ranges)", () => {
  it("one jsonName/defaultJsonName for compatibility, descriptors and buf", async () => {
    const { jsonName } = await import("./compatibility.js");
    const { defaultJsonName } = await import("./index.js");
    const names = await import("./names.js");
    expect(jsonName).toBe(names.jsonName);
    expect(defaultJsonName).toBe(names.defaultJsonName);
    expect(defaultJsonName("foo_bar_baz")).toBe("fooBarBaz");
  });

  it("mergeRanges merges adjacent ranges; coversRange and buf RESERVED_MESSAGE_NO_DELETE agree", async () => {
    const { mergeRanges } = await import("./reservations.js");
    expect(mergeRanges([[5, 6], [1, 3], [4, 4], [10, 12], [11, 11]])).toEqual([[1, 6], [10, 12]]);
    const r = new Reservations([{ ranges: [[1, 3], [4, 6]], names: [], pos: { line: 1, column: 1 } }] as never);
    expect(r.coversRange(2, 6)).toBe(true);
    expect(r.coversRange(2, 7)).toBe(false);
    const { checkBufBreaking } = await import("./index.js");
    const file = (body: string) => [{ path: "a.proto", text: `syntax = "proto3";\nmessage M {\n${body}\n}\n` }];
    const run = (prev: string, cur: string) => {
      const out = checkBufBreaking(file(prev), file(cur), { rules: ["RESERVED_MESSAGE_NO_DELETE"] });
      if (!out.ok) throw new Error(out.error.message);
      return out.value.length;
    };
    expect(run("reserved 1 to 6;", "reserved 1 to 3; reserved 4 to 6;")).toBe(0);
    expect(run("reserved 1 to 7;", "reserved 1 to 3; reserved 4 to 6;")).toBe(1);
  });
});
