/**
 * Behaviours where `checkBufBreaking` once disagreed with the real buf binary (`bench/buf-side-by-side.ts`): each
 * expectation below is what `buf breaking` (1.74) reports for the same files.
 */
import { describe, expect, it } from "vitest";
import { checkBufBreaking, type BufCheckOptions, type BufFile } from "./index.js";

const file = (path: string, text: string): BufFile => ({ path, text });
const p2 = (body: string): string => `syntax = "proto2";\npackage a;\n${body}`;
const p3 = (body: string): string => `syntax = "proto3";\npackage a;\n${body}`;
const ed = (body: string): string => `edition = "2023";\npackage a;\n${body}`;

/** `RULE file:line`, `-` for a missing line, `RULE -` for a finding without a current file. */
function findings(previous: BufFile[], current: BufFile[], options: BufCheckOptions): string[] {
  const r = checkBufBreaking(previous, current, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((a) => `${a.rule} ${a.file === "" ? "-" : `${a.file}:${a.line ?? "-"}`}`).sort();
}

describe("buf parity: map fields and their entry messages", () => {
  it("a map field's type is its entry message: map → scalar changes the kind, map → repeated Entry keeps the type", () => {
    const prev = [file("a.proto", p3("message One {}\nmessage M {\n  map<int32, int32> five = 5;\n  map<int32, One> six = 6;\n}\n"))];
    const cur = [file("a.proto", p3("message One {}\nmessage M {\n  int32 five = 5;\n  repeated SixEntry six = 6;\n  message SixEntry {\n    int32 key = 1;\n    One value = 2;\n  }\n}\n"))];
    expect(findings(prev, cur, { categories: ["WIRE_JSON"] })).toEqual(["FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY a.proto:5", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY a.proto:6", "FIELD_WIRE_JSON_COMPATIBLE_TYPE a.proto:5"]);
    expect(findings(prev, cur, { rules: ["FIELD_SAME_TYPE"] })).toEqual(["FIELD_SAME_TYPE a.proto:5"]);
  });

  it("a changed key or value type is reported on the entry's key/value field, at the map field", () => {
    const prev = [file("a.proto", p3("message M {\n  map<int32, int32> a = 1;\n  map<int32, int32> b = 2;\n  map<string, M> c = 3;\n}\n"))];
    const cur = [file("a.proto", p3("message M {\n  map<int32, int64> a = 1;\n  map<int64, int32> b = 2;\n  map<string, string> c = 3;\n}\n"))];
    const r = checkBufBreaking(prev, cur, { rules: ["FIELD_SAME_TYPE"] });
    expect(r.ok && r.value.map((a) => [a.line, a.message]).sort()).toEqual([
      [4, 'Field "2" with name "value" on message "AEntry" changed type from "int32" to "int64".'],
      [5, 'Field "1" with name "key" on message "BEntry" changed type from "int32" to "int64".'],
      [6, 'Field "2" with name "value" on message "CEntry" changed type from "message" to "string".'],
    ]);
  });

  it("entry messages get MESSAGE_SAME_JSON_FORMAT but no cardinality findings (proto3 → proto2 map)", () => {
    const prev = [file("a.proto", p3("message M {\n  map<string, string> a = 1;\n}\n"))];
    const cur = [file("a.proto", p2("message M {\n  map<string, string> a = 1;\n}\n"))];
    expect(findings(prev, cur, { categories: ["WIRE_JSON"] })).toEqual(["MESSAGE_SAME_JSON_FORMAT a.proto:3", "MESSAGE_SAME_JSON_FORMAT a.proto:4"]);
    expect(findings(prev, cur, { rules: ["FIELD_SAME_CARDINALITY"] })).toEqual([]);
  });

  it("a file-wide DELIMITED message encoding does not make a map value a group", () => {
    const prev = [file("a.proto", p3("message V {}\nmessage M {\n  map<string, V> a = 1;\n  V b = 2;\n}\n"))];
    const cur = [file("a.proto", ed("option features.message_encoding = DELIMITED;\nmessage V {}\nmessage M {\n  map<string, V> a = 1;\n  V b = 2;\n}\n"))];
    expect(findings(prev, cur, { rules: ["FIELD_SAME_TYPE"] })).toEqual(["FIELD_SAME_TYPE a.proto:7"]);
  });
});

describe("buf parity: required fields and presence", () => {
  it("MESSAGE_SAME_REQUIRED_FIELDS compares the `required` label: LEGACY_REQUIRED fields do not count", () => {
    const prev = [file("a.proto", p2("message M {\n  required int32 a = 1;\n  optional int32 b = 2;\n}\n"))];
    const cur = [file("a.proto", ed("message M {\n  int32 a = 1 [features.field_presence = LEGACY_REQUIRED];\n  int32 b = 2 [features.field_presence = LEGACY_REQUIRED];\n}\n"))];
    const r = checkBufBreaking(prev, cur, { rules: ["MESSAGE_SAME_REQUIRED_FIELDS"] });
    // The proto2 `required` is "deleted"; the added LEGACY_REQUIRED field is not reported.
    expect(r.ok && r.value.map((a) => `${a.file}:${a.line} ${a.message.split(".")[0]}`)).toEqual(['a.proto:3 Message "M" had required field "1" deleted']);
    // The cardinality rules still see LEGACY_REQUIRED as required (field 2: optional → required).
    expect(findings(prev, cur, { rules: ["FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"] })).toEqual(["FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY a.proto:5"]);
  });

  it("extensions always have explicit presence, even in proto3 files", () => {
    const desc = 'import "google/protobuf/descriptor.proto";\n';
    const prev = [file("a.proto", p3(`${desc}extend google.protobuf.FieldOptions {\n  int32 x = 50001;\n  repeated int32 y = 50002;\n}\n`))];
    const cur = [file("a.proto", p2(`${desc}extend google.protobuf.FieldOptions {\n  optional int32 x = 50001;\n  optional int32 y = 50002;\n}\n`))];
    expect(findings(prev, cur, { rules: ["FIELD_SAME_CARDINALITY"] })).toEqual(["FIELD_SAME_CARDINALITY a.proto:6"]);
  });
});

describe("buf parity: locations of file-level findings", () => {
  it("a value the current file no longer sets is reported on that file, without a line", () => {
    const prev = [file("a.proto", p3('option go_package = "x/y";\nmessage M {}\n'))];
    const cur = [file("a.proto", "message M {}\n")];
    expect(findings(prev, cur, { categories: ["FILE"] })).toEqual(["FILE_SAME_GO_PACKAGE a.proto:-", "FILE_SAME_PACKAGE a.proto:-", "FILE_SAME_SYNTAX a.proto:-"]);
  });

  it("PACKAGE_{MESSAGE,ENUM,EXTENSION}_NO_DELETE only for packages that still hold an element of that kind; services need only the package", () => {
    const prev = [file("a.proto", p3("message A {\n  message B {\n    enum E { E0 = 0; }\n  }\n}\nenum Top { T0 = 0; }\n"))];
    const noEnums = [file("a.proto", p3("message A {\n}\n"))];
    expect(findings(prev, noEnums, { categories: ["PACKAGE"] })).toEqual(["PACKAGE_MESSAGE_NO_DELETE a.proto:3"]);
    const oneEnum = [file("a.proto", p3("message A {\n}\nenum Top { T0 = 0; }\n"))];
    expect(findings(prev, oneEnum, { categories: ["PACKAGE"] })).toEqual(["PACKAGE_ENUM_NO_DELETE a.proto:3", "PACKAGE_MESSAGE_NO_DELETE a.proto:3"]);
    const withService = [file("a.proto", p3("message A {}\nservice S {}\n")), file("b.proto", p3("message B {}\n"))];
    expect(findings(withService, [file("a.proto", p3("message A {}\n")), file("b.proto", p3("message B {}\n"))], { categories: ["PACKAGE"] })).toEqual(["PACKAGE_SERVICE_NO_DELETE a.proto:-"]);
  });
});
