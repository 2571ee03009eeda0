import { create, toBinary } from "@bufbuild/protobuf";
import { DescriptorProtoSchema, FieldOptions_JSType, FieldOptionsSchema, FileDescriptorProtoSchema, FileOptions_OptimizeMode, FileOptionsSchema, type FieldOptions, type FileOptions } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import type { OptionValue, ProtoOption } from "./ast.js";
import { cEscapeBytes, joinOptionName, optionsMessage, optionsText, quoteProtoString, splitOptionName } from "./descriptor-options.js";
import { decodeDescriptorBase64 } from "./serialized.js";
import { parseProtobuf } from "./index.js";

const opt = (name: string, value: OptionValue): ProtoOption => ({ name, value, pos: { line: 1, column: 1 } });
const ident = (text: string): OptionValue => ({ kind: "ident", text });
const num = (text: string): OptionValue => ({ kind: "number", text });
const str = (value: string): OptionValue => ({ kind: "string", value });

describe("option names", () => {
  it("splits and joins plain, extension and mixed names", () => {
    expect(splitOptionName("java_package")).toEqual([{ name: "java_package", extension: false }]);
    expect(splitOptionName("(a.b).c.(.d.e)")).toEqual([
      { name: "a.b", extension: true },
      { name: "c", extension: false },
      { name: ".d.e", extension: true },
    ]);
    for (const n of ["features.field_presence", "(a.b).c.(.d.e)", "(x)"]) expect(joinOptionName(splitOptionName(n))).toBe(n);
  });
});

describe("optionsMessage / optionsText", () => {
  it("sets known fields with their types (bool, string, enum, nested features) and prints them back", () => {
    const msg = optionsMessage<FileOptions>(FileOptionsSchema, [
      opt("java_package", str("com.x")),
      opt("java_multiple_files", ident("true")),
      opt("optimize_for", ident("LITE_RUNTIME")),
      opt("features.field_presence", ident("IMPLICIT")),
    ])!;
    expect(msg.javaPackage).toBe("com.x");
    expect(msg.javaMultipleFiles).toBe(true);
    expect(msg.optimizeFor).toBe(FileOptions_OptimizeMode.LITE_RUNTIME);
    expect(msg.uninterpretedOption).toEqual([]);
    expect(optionsText(FileOptionsSchema, msg)).toEqual([
      { name: "java_package", value: '"com.x"' },
      { name: "java_multiple_files", value: "true" },
      { name: "optimize_for", value: "LITE_RUNTIME" },
      { name: "features.field_presence", value: "IMPLICIT" },
    ]);
  });

  it("keeps custom options and values a field cannot take as uninterpreted options, and prints them as written", () => {
    const options = [
      opt("(my.ext).limit", num("-12")),
      opt("(big)", num("18446744073709551615")),
      opt("(ratio)", num("0.25")),
      opt("(label)", str('say "hi"')),
      opt("(agg)", { kind: "aggregate", text: "{ a : 1 b : \"x\" }" }),
      opt("(flag)", ident("true")),
      opt("jstype", ident("NO_SUCH_VALUE")),
      opt("jstype", ident("JS_STRING")),
    ];
    const msg = optionsMessage<FieldOptions>(FieldOptionsSchema, options)!;
    expect(msg.jstype).toBe(FieldOptions_JSType.JS_STRING);
    expect(msg.uninterpretedOption).toHaveLength(7);
    expect(msg.uninterpretedOption[1]!.positiveIntValue).toBe(18446744073709551615n);
    expect(optionsText(FieldOptionsSchema, msg)).toEqual([
      { name: "jstype", value: "JS_STRING" },
      { name: "(my.ext).limit", value: "-12" },
      { name: "(big)", value: "18446744073709551615" },
      { name: "(ratio)", value: "0.25" },
      { name: "(label)", value: '"say \\"hi\\""' },
      { name: "(agg)", value: '{ a : 1 b : "x" }' },
      { name: "(flag)", value: "true" },
      { name: "jstype", value: "NO_SUCH_VALUE" },
    ]);
  });

  it("returns undefined when every option is skipped or there are none", () => {
    expect(optionsMessage(FieldOptionsSchema, [])).toBeUndefined();
    expect(optionsMessage(FieldOptionsSchema, [opt("default", num("1"))], new Set(["default"]))).toBeUndefined();
  });
});

describe("string escaping", () => {
  it("quotes strings so the .proto tokenizer reads them back", () => {
    const s = 'a"b\\c\n\t\u0001é';
    const r = parseProtobuf(`syntax = "proto3";\noption java_package = ${quoteProtoString(s)};\n`);
    expect(r.ok && r.value.canonical).toContain(`option java_package = ${JSON.stringify(s)};`);
  });

  it("C-escapes bytes as protoc does", () => {
    expect(cEscapeBytes(Uint8Array.of(0x01, 0xff, 0x61, 0x22, 0x5c, 0x27))).toBe("\\001\\377a\\\"\\\\\\'");
  });
});

describe("base64 descriptor detection", () => {
  const fd = create(FileDescriptorProtoSchema, { name: "x.proto", messageType: [create(DescriptorProtoSchema, { name: "X" })] });
  const bytes = toBinary(FileDescriptorProtoSchema, fd);

  it("tolerates vendor fields (≥ 1000, e.g. buf's 8042) but not unknown low-numbered fields", () => {
    const vendor = Uint8Array.from([...bytes, 0xd2, 0xf6, 0x03, 0x00]); // field 8042, length-delimited, empty
    expect(decodeDescriptorBase64(Buffer.from(vendor).toString("base64"))?.messageType[0]?.name).toBe("X");
    const low = Uint8Array.from([...bytes, 0xa2, 0x01, 0x00]); // field 20, length-delimited, empty
    expect(decodeDescriptorBase64(Buffer.from(low).toString("base64"))).toBeUndefined();
  });

  it("refuses text that is not padded base64", () => {
    expect(decodeDescriptorBase64(Buffer.from(bytes).toString("base64url").replace(/=+$/, "") + "*")).toBeUndefined();
    expect(decodeDescriptorBase64("")).toBeUndefined();
    expect(decodeDescriptorBase64("abc")).toBeUndefined();
  });

  it("refuses a deeply nested descriptor cleanly (no crash): the parser's depth limit applies to the printed text", () => {
    let inner = create(DescriptorProtoSchema, { name: "M" });
    for (let i = 0; i < 400; i++) inner = create(DescriptorProtoSchema, { name: "M", nestedType: [inner] });
    const deep = Buffer.from(toBinary(FileDescriptorProtoSchema, create(FileDescriptorProtoSchema, { messageType: [inner] }))).toString("base64");
    const r = parseProtobuf(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("SCHEMA_TOO_DEEP");
  });
});
