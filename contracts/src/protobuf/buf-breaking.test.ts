import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bufCategoryRules, checkBufBreaking, FILE_RULES, PACKAGE_RULES, type BufCheckOptions, type BufFile } from "./index.js";

const file = (path: string, text: string): BufFile => ({ path, text });

function run(previous: BufFile[], current: BufFile[], rules?: string[]) {
  const r = checkBufBreaking(previous, current, rules ? { rules } : {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((a) => `${a.rule} ${a.file}:${a.line ?? "-"}`).sort();
}

describe("checkBufBreaking", () => {
  it("reports a deleted, unreserved field at the message's line in the current file", () => {
    const prev = [file("a.proto", 'syntax = "proto3";\npackage a;\nmessage M {\n  int32 x = 1;\n  int32 y = 2;\n}\n')];
    const cur = [file("a.proto", 'syntax = "proto3";\npackage a;\n\nmessage M {\n  int32 x = 1;\n}\n')];
    expect(run(prev, cur)).toEqual(["FIELD_NO_DELETE_UNLESS_NAME_RESERVED a.proto:4", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED a.proto:4"]);
    const reserved = [file("a.proto", 'syntax = "proto3";\npackage a;\nmessage M {\n  reserved 2;\n  reserved "y";\n  int32 x = 1;\n}\n')];
    expect(run(prev, reserved)).toEqual([]);
  });

  it("pairs messages by full name across files (a message may move)", () => {
    const prev = [file("a.proto", 'syntax = "proto3";\npackage a;\nmessage M { int32 x = 1; }\n'), file("b.proto", 'syntax = "proto3";\npackage a;\n')];
    const cur = [file("a.proto", 'syntax = "proto3";\npackage a;\n'), file("b.proto", 'syntax = "proto3";\npackage a;\n\nmessage M {\n  sint32 x = 1;\n}\n')];
    expect(run(prev, cur, ["FIELD_WIRE_COMPATIBLE_TYPE"])).toEqual(["FIELD_WIRE_COMPATIBLE_TYPE b.proto:5"]);
  });

  it("WIRE allows string -> bytes, WIRE_JSON does not; a changed package is reported on its line", () => {
    const prev = [file("a.proto", 'syntax = "proto3";\npackage a;\nmessage M { string s = 1; }\n')];
    const cur = [file("a.proto", 'syntax = "proto3";\npackage b;\nmessage M { bytes s = 1; }\n')];
    expect(checkBufBreaking(prev, cur, { categories: ["WIRE"] })).toMatchObject({ ok: true, value: [{ rule: "FILE_SAME_PACKAGE", file: "a.proto", line: 2 }] });
    expect(run(prev, cur)).toEqual(["FILE_SAME_PACKAGE a.proto:2"]);
    const samePkg = [file("a.proto", 'syntax = "proto3";\npackage a;\nmessage M { bytes s = 1; }\n')];
    expect(run(prev, samePkg)).toEqual(["FIELD_WIRE_JSON_COMPATIBLE_TYPE a.proto:3"]);
  });

  it("returns an error value with the file for a file that does not parse", () => {
    const r = checkBufBreaking([], [file("bad.proto", "message {")]);
    expect(r).toMatchObject({ ok: false, error: { code: "SCHEMA_SYNTAX", file: "bad.proto", line: 1 } });
  });
});

/** Findings as `RULE file:line` (`file:-` without a line; `-` alone when buf prints no path), sorted. */
function findings(previous: BufFile[], current: BufFile[], options: BufCheckOptions): string[] {
  const r = checkBufBreaking(previous, current, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((a) => `${a.rule} ${a.file === "" ? "-" : `${a.file}:${a.line ?? "-"}`}`).sort();
}

const p3 = (body: string, pkg = "a"): string => `syntax = "proto3";\npackage ${pkg};\n${body}`;

describe("checkBufBreaking: FILE and PACKAGE deletions", () => {
  it("FILE reports a deleted nested enum at its surviving parent, a deleted top-level message on the file without a line", () => {
    const prev = [file("a.proto", p3("message Outer {\n  enum E { E_ZERO = 0; }\n  message Inner {}\n}\nmessage Gone {}\n"))];
    const cur = [file("a.proto", p3("\nmessage Outer {\n  message Inner {}\n}\n"))];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["ENUM_NO_DELETE a.proto:4", "MESSAGE_NO_DELETE a.proto:-"]);
  });

  it("FILE_NO_DELETE has no current location: file is empty and againstFile names the deleted file", () => {
    const prev = [file("a.proto", p3("")), file("b/c.proto", p3(""))];
    const r = checkBufBreaking(prev, [file("a.proto", p3(""))], { rules: ["FILE_NO_DELETE"] });
    expect(r).toEqual({ ok: true, value: [{ rule: "FILE_NO_DELETE", file: "", againstFile: "b/c.proto", message: 'Previously present file "b/c.proto" was deleted.' }] });
    // buf `ignore` covers a directory and everything under it.
    expect(findings(prev, [file("a.proto", p3(""))], { rules: ["FILE_NO_DELETE"], ignore: ["b"] })).toEqual([]);
  });

  it("moving a message, enum and service to another file of the package breaks FILE but not PACKAGE", () => {
    const prev = [file("a.proto", p3("message M {}\nenum E { E_ZERO = 0; }\nservice S {}\n")), file("b.proto", p3(""))];
    const cur = [file("a.proto", p3("")), file("b.proto", p3("message M {}\nenum E { E_ZERO = 0; }\nservice S {}\n"))];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["ENUM_NO_DELETE a.proto:-", "MESSAGE_NO_DELETE a.proto:-", "SERVICE_NO_DELETE a.proto:-"]);
    expect(findings(prev, cur, { categories: ["PACKAGE"] })).toEqual([]);
  });

  it("PACKAGE reports a deleted nested message at a surviving parent in any file of the package, a deleted package without a path", () => {
    const prev = [file("a.proto", p3("message Outer {\n  message Inner {}\n}\nservice S {}\n")), file("z.proto", p3("", "z"))];
    const cur = [file("a.proto", p3("")), file("b.proto", p3("\n\nmessage Outer {}\n"))];
    expect(findings(prev, cur, { categories: ["PACKAGE"] })).toEqual(["PACKAGE_MESSAGE_NO_DELETE b.proto:5", "PACKAGE_NO_DELETE -", "PACKAGE_SERVICE_NO_DELETE a.proto:-"]);
    // The element's old file is gone too: no current location.
    expect(findings(prev, [file("b.proto", p3("message Outer {}\n"))], { rules: ["PACKAGE_SERVICE_NO_DELETE"] })).toEqual(["PACKAGE_SERVICE_NO_DELETE -"]);
  });

  it("extensions: EXTENSION_NO_DELETE (v2 FILE only) by nested name, PACKAGE_EXTENSION_NO_DELETE, EXTENSION_MESSAGE_NO_DELETE", () => {
    const p2 = (body: string): string => `syntax = "proto2";\npackage a;\n${body}`;
    const prev = [file("a.proto", p2("message M {\n  extensions 10 to 20, 30;\n  message N {\n    extend M { optional int32 n = 10; }\n  }\n}\nextend M { optional int32 top = 11; }\n"))];
    const cur = [file("a.proto", p2("message M {\n  extensions 10 to 20;\n  message N {}\n}\n"))];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["EXTENSION_MESSAGE_NO_DELETE a.proto:3", "EXTENSION_NO_DELETE a.proto:-", "EXTENSION_NO_DELETE a.proto:5"]);
    expect(findings(prev, cur, { categories: ["FILE"], version: "v1" })).toEqual(["EXTENSION_MESSAGE_NO_DELETE a.proto:3"]);
    // buf checks only packages that still declare some extension.
    expect(findings(prev, cur, { rules: ["PACKAGE_EXTENSION_NO_DELETE"] })).toEqual([]);
    const kept = [file("a.proto", p2("message M {\n  extensions 10 to 20;\n  message N {}\n}\nextend M { optional int32 kept = 12; }\n"))];
    expect(findings(prev, kept, { rules: ["PACKAGE_EXTENSION_NO_DELETE"] })).toEqual(["PACKAGE_EXTENSION_NO_DELETE a.proto:-", "PACKAGE_EXTENSION_NO_DELETE a.proto:5"]);
  });

  it("fields, oneofs, enum values and RPCs: reported at the enclosing message, enum or service", () => {
    const prev = [file("a.proto", p3("message M {\n  oneof o { int32 x = 1; }\n  optional int32 y = 2;\n}\nenum E { E_ZERO = 0; E_ONE = 1; }\nservice S {\n  rpc R(M) returns (M);\n}\n"))];
    const cur = [file("a.proto", p3("message M {\n  int32 x = 1;\n}\nenum E { E_ZERO = 0; }\nservice S {}\n"))];
    expect(findings(prev, cur, { rules: ["FIELD_NO_DELETE", "ONEOF_NO_DELETE", "ENUM_VALUE_NO_DELETE", "RPC_NO_DELETE"] })).toEqual([
      "ENUM_VALUE_NO_DELETE a.proto:6",
      "FIELD_NO_DELETE a.proto:3",
      "ONEOF_NO_DELETE a.proto:3",
      "RPC_NO_DELETE a.proto:7",
    ]);
    // The synthetic oneof of a proto3 `optional` field is no oneof to buf.
    const noOptional = [file("a.proto", p3("message M {\n  oneof o { int32 x = 1; }\n  int32 y = 2;\n}\n"))];
    expect(findings(prev.slice(0, 1), noOptional, { rules: ["ONEOF_NO_DELETE"] })).toEqual([]);
  });
});

describe("checkBufBreaking: file values and field options", () => {
  it("FILE_SAME_<option> at the option; a removed option is reported on the file without a line; unset means the descriptor default", () => {
    const prev = [file("a.proto", p3('option java_package = "x";\noption go_package = "g";\noption optimize_for = SPEED;\n'))];
    const cur = [file("a.proto", p3('option java_package = "y";\noption cc_enable_arenas = false;\n'))];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["FILE_SAME_CC_ENABLE_ARENAS a.proto:4", "FILE_SAME_GO_PACKAGE a.proto:-", "FILE_SAME_JAVA_PACKAGE a.proto:3"]);
    // cc_enable_arenas defaults to true: setting it to true changes nothing.
    expect(findings(prev.slice(0, 0).concat(file("a.proto", p3(""))), [file("a.proto", p3("option cc_enable_arenas = true;\n"))], { categories: ["FILE"] })).toEqual([]);
  });

  it("FILE_SAME_SYNTAX: an undeclared syntax is proto2; reported on the syntax statement", () => {
    const prev = [file("a.proto", "package a;\n"), file("b.proto", p3(""))];
    const cur = [file("a.proto", 'syntax = "proto2";\npackage a;\n'), file("b.proto", '\nsyntax = "proto2";\npackage a;\n')];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["FILE_SAME_SYNTAX b.proto:2"]);
  });

  it("FIELD_SAME_CPP_STRING_TYPE: ctype and (pb.cpp).string_type, string_piece -> string allowed, reported at the option", () => {
    const prev = [file("a.proto", p3("message M {\n  string a = 1 [ctype = STRING_PIECE];\n  bytes b = 2;\n  string c = 3 [ctype = CORD];\n  int32 d = 4 [ctype = CORD];\n}\n"))];
    const cur = [file("a.proto", 'edition = "2023";\npackage a;\nimport "google/protobuf/cpp_features.proto";\nmessage M {\n  string a = 1;\n  bytes b = 2 [features.(pb.cpp).string_type = CORD];\n  string c = 3;\n  int32 d = 4;\n}\n')];
    expect(findings(prev, cur, { rules: ["FIELD_SAME_CPP_STRING_TYPE"] })).toEqual(["FIELD_SAME_CPP_STRING_TYPE a.proto:6", "FIELD_SAME_CPP_STRING_TYPE a.proto:7"]);
    // The deprecated FIELD_SAME_CTYPE runs it under the new id.
    expect(findings(prev, cur, { rules: ["FIELD_SAME_CTYPE"] })).toHaveLength(2);
  });

  it("FIELD_SAME_JSTYPE on 64-bit integers only", () => {
    const prev = [file("a.proto", p3("message M {\n  int64 a = 1 [jstype = JS_STRING];\n  fixed64 b = 2;\n}\n"))];
    const cur = [file("a.proto", p3("message M {\n  int64 a = 1;\n  fixed64 b = 2 [jstype = JS_NUMBER];\n}\n"))];
    expect(findings(prev, cur, { rules: ["FIELD_SAME_JSTYPE"] })).toEqual(["FIELD_SAME_JSTYPE a.proto:4", "FIELD_SAME_JSTYPE a.proto:5"]);
    const int32 = [file("a.proto", p3("message M {\n  int32 a = 1;\n  fixed64 b = 2;\n}\n"))];
    expect(findings(int32, cur, { rules: ["FIELD_SAME_JSTYPE"] })).toEqual(["FIELD_SAME_JSTYPE a.proto:5"]);
  });

  it("FIELD_SAME_UTF8_VALIDATION follows feature inheritance; proto3 strings verify, proto2 ones do not", () => {
    const prev = [file("a.proto", p3("message M {\n  string s = 1;\n  string t = 2;\n}\n"))];
    const cur = [file("a.proto", 'edition = "2023";\npackage a;\noption features.utf8_validation = NONE;\nmessage M {\n  string s = 1;\n  string t = 2 [features.utf8_validation = VERIFY];\n}\n')];
    expect(findings(prev, cur, { rules: ["FIELD_SAME_UTF8_VALIDATION"] })).toEqual(["FIELD_SAME_UTF8_VALIDATION a.proto:5"]);
    const proto2 = [file("a.proto", 'syntax = "proto2";\npackage a;\nmessage M {\n  optional string s = 1;\n  optional string t = 2;\n}\n')];
    expect(findings(proto2, cur, { rules: ["FIELD_SAME_UTF8_VALIDATION"] })).toEqual(["FIELD_SAME_UTF8_VALIDATION a.proto:6"]);
  });

  it("FIELD_SAME_JAVA_UTF8_VALIDATION: java_string_check_utf8 in proto2, at the file option; map entries count twice", () => {
    const prev = [file("a.proto", 'syntax = "proto2";\npackage a;\nmessage M {\n  optional string s = 1;\n  map<string, string> m = 2;\n  optional bytes b = 3;\n}\n')];
    const cur = [file("a.proto", 'syntax = "proto2";\npackage a;\noption java_string_check_utf8 = true;\nmessage M {\n  optional string s = 1;\n  map<string, string> m = 2;\n  optional bytes b = 3;\n}\n')];
    const r = checkBufBreaking(prev, cur, { rules: ["FIELD_SAME_JAVA_UTF8_VALIDATION"] });
    expect(r.ok && r.value.map((a) => [a.line, a.message])).toEqual([
      [3, 'Field "1" with name "s" on message "M" changed Java string UTF8 validation from "NONE" to "VERIFY".'],
      [3, 'Field "1" with name "key" on message "MEntry" changed Java string UTF8 validation from "NONE" to "VERIFY".'],
      [3, 'Field "2" with name "value" on message "MEntry" changed Java string UTF8 validation from "NONE" to "VERIFY".'],
    ]);
  });

  it("ENUM_SAME_TYPE: open vs closed, at features.enum_type when set", () => {
    const prev = [file("a.proto", 'syntax = "proto2";\npackage a;\nenum C { C_ZERO = 0; }\nenum O { O_ZERO = 0; }\n')];
    const cur = [file("a.proto", 'edition = "2023";\npackage a;\nenum C { C_ZERO = 0; }\nenum O {\n  option features.enum_type = CLOSED;\n  O_ZERO = 0;\n}\n')];
    expect(findings(prev, cur, { rules: ["ENUM_SAME_TYPE"] })).toEqual(["ENUM_SAME_TYPE a.proto:3"]);
  });

  it("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR only for false -> true", () => {
    const prev = [file("a.proto", p3("message M {}\nmessage N {\n  option no_standard_descriptor_accessor = true;\n}\n"))];
    const cur = [file("a.proto", p3("message M {\n  option no_standard_descriptor_accessor = true;\n}\nmessage N {}\n"))];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR a.proto:4"]);
  });
});

describe("checkBufBreaking: categories and filters", () => {
  it("categories FILE/PACKAGE select buf's rule sets; ignoreUnstablePackages looks at the previous file too", () => {
    expect(FILE_RULES).toContain("MESSAGE_NO_DELETE");
    expect(PACKAGE_RULES).not.toContain("MESSAGE_NO_DELETE");
    expect(PACKAGE_RULES).toContain("PACKAGE_MESSAGE_NO_DELETE");
    expect(bufCategoryRules("FILE", "v1")).not.toContain("FIELD_SAME_DEFAULT");
    expect(bufCategoryRules("WIRE", "v1beta1")).toContain("FIELD_SAME_TYPE");
    const prev = [file("a/v1beta1/a.proto", p3("message M {}\n", "a.v1beta1"))];
    expect(findings(prev, [], { categories: ["FILE"] })).toEqual(["FILE_NO_DELETE -"]);
    expect(findings(prev, [], { categories: ["FILE"], ignoreUnstablePackages: true })).toEqual([]);
  });

  it("bufCategoryRules matches buf's rule-categories for every config version (when the shared vectors are present)", () => {
    const path = fileURLToPath(new URL("../../../../shared/vectors/buf/rule-categories.json", import.meta.url));
    if (!existsSync(path)) return;
    const specs = (JSON.parse(readFileSync(path, "utf8")) as { rule_categories: Record<string, Record<string, string[]>> }).rule_categories;
    const versions = { V1Beta1Spec: "v1beta1", V1Spec: "v1", V2Spec: "v2" } as const;
    for (const [spec, version] of Object.entries(versions)) {
      for (const category of ["FILE", "PACKAGE", "WIRE", "WIRE_JSON", "CSR"] as const) {
        const expected = Object.entries(specs[spec]!).filter(([, cats]) => cats.includes(category)).map(([rule]) => rule);
        expect([...bufCategoryRules(category, version)].sort(), `${version} ${category}`).toEqual(expected.sort());
      }
    }
  });
});
