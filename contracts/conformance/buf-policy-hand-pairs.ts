/**
 * Small hand-written (previous, current) pairs for the `BUF` policy parity test: one change each to maps, oneofs,
 * enums, reserved ranges and names, json_name, proto2/proto3/editions, `optional`, packages, services and
 * references. `checkBufBreaking` agrees with the buf binary (1.74, WIRE_JSON, v2 buf.yaml) on each, both ways;
 * `buf-policy-parity.test.ts` reruns that check under CI=true or CHARTER_BUF_ORACLE=1.
 */
import type { BufFile } from "../src/protobuf/index.js";
import type { BufFilePair } from "./buf-policy-pairs.js";

const p3 = (body: string, pkg = "a"): string => `syntax = "proto3";\npackage ${pkg};\n${body}`;
const p2 = (body: string, pkg = "a"): string => `syntax = "proto2";\npackage ${pkg};\n${body}`;
const ed = (body: string, pkg = "a"): string => `edition = "2023";\npackage ${pkg};\n${body}`;

/** A one-file pair (the file is the registry schema itself, so lines are compared too). */
const one = (name: string, previous: string, current: string): BufFilePair => ({ name: `hand/${name}`, previous: [{ path: "a.proto", text: previous }], current: [{ path: "a.proto", text: current }] });
const many = (name: string, previous: BufFile[], current: BufFile[]): BufFilePair => ({ name: `hand/${name}`, previous, current });

/** The hand-written pairs. */
export const HAND_PAIRS: readonly BufFilePair[] = [
  // Fields.
  one("field-added", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n")),
  one("field-deleted", p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n"), p3("message M {\n  int32 a = 1;\n}\n")),
  one("field-deleted-number-reserved", p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n"), p3("message M {\n  reserved 2;\n  int32 a = 1;\n}\n")),
  one("field-deleted-all-reserved", p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n"), p3('message M {\n  reserved 2;\n  reserved "b";\n  int32 a = 1;\n}\n')),
  one("field-renumbered", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  int32 a = 2;\n}\n")),
  one("field-renumbered-reserved", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  reserved 1;\n  int32 a = 2;\n}\n")),
  one("field-renamed", p3("message M {\n  int32 user_id = 1;\n}\n"), p3("message M {\n  int32 account_id = 1;\n}\n")),
  one("field-renamed-same-json", p3("message M {\n  int32 user_id = 1;\n}\n"), p3('message M {\n  int32 account_id = 1 [json_name = "userId"];\n}\n')),
  one("field-renamed-case-only-json", p3("message M {\n  int32 user_id = 1;\n}\n"), p3("message M {\n  int32 userId = 1;\n}\n")),
  one("json-name-added", p3("message M {\n  int32 a = 1;\n}\n"), p3('message M {\n  int32 a = 1 [json_name = "b"];\n}\n')),
  // Types.
  one("int32-int64", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  int64 a = 1;\n}\n")),
  one("int32-uint32", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  uint32 a = 1;\n}\n")),
  one("int32-sint32", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  sint32 a = 1;\n}\n")),
  one("int64-bool", p3("message M {\n  int64 a = 1;\n}\n"), p3("message M {\n  bool a = 1;\n}\n")),
  one("fixed32-sfixed32", p3("message M {\n  fixed32 a = 1;\n}\n"), p3("message M {\n  sfixed32 a = 1;\n}\n")),
  one("string-bytes", p3("message M {\n  string a = 1;\n}\n"), p3("message M {\n  bytes a = 1;\n}\n")),
  one("bytes-string", p3("message M {\n  bytes a = 1;\n}\n"), p3("message M {\n  string a = 1;\n}\n")),
  one("int32-string", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  string a = 1;\n}\n")),
  one("enum-int32", p3("enum E {\n  E0 = 0;\n}\nmessage M {\n  E a = 1;\n}\n"), p3("enum E {\n  E0 = 0;\n}\nmessage M {\n  int32 a = 1;\n}\n")),
  one("message-to-other-message", p3("message A {}\nmessage B {}\nmessage M {\n  A a = 1;\n}\n"), p3("message A {}\nmessage B {}\nmessage M {\n  B a = 1;\n}\n")),
  one("message-to-scalar", p3("message A {}\nmessage M {\n  A a = 1;\n}\n"), p3("message A {}\nmessage M {\n  string a = 1;\n}\n")),
  one("nested-field-type", p3("message Outer {\n  message Inner {\n    int32 x = 1;\n  }\n  Inner i = 1;\n}\n"), p3("message Outer {\n  message Inner {\n    string x = 1;\n  }\n  Inner i = 1;\n}\n")),
  one("referenced-message-breaks", p3("message A {\n  int32 x = 1;\n}\nmessage M {\n  A a = 1;\n}\n"), p3("message A {\n  string x = 1;\n}\nmessage M {\n  A a = 1;\n}\n")),
  one("recursive-message", p3("message Node {\n  int32 v = 1;\n  repeated Node kids = 2;\n}\n"), p3("message Node {\n  int64 v = 1;\n  repeated Node kids = 2;\n}\n")),
  one("message-moved-into-outer", p3("message A {}\nmessage M {\n  A a = 1;\n}\n"), p3("message M {\n  message A {}\n  A a = 1;\n}\n")),
  // Cardinality and presence.
  one("int32-repeated", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  repeated int32 a = 1;\n}\n")),
  one("string-repeated", p3("message M {\n  string a = 1;\n}\n"), p3("message M {\n  repeated string a = 1;\n}\n")),
  one("message-repeated", p3("message A {}\nmessage M {\n  A a = 1;\n}\n"), p3("message A {}\nmessage M {\n  repeated A a = 1;\n}\n")),
  one("proto3-optional-added", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  optional int32 a = 1;\n}\n")),
  one("proto3-optional-removed", p3("message M {\n  optional int32 a = 1;\n}\n"), p3("message M {\n  int32 a = 1;\n}\n")),
  one("proto2-optional-required", p2("message M {\n  optional int32 a = 1;\n}\n"), p2("message M {\n  required int32 a = 1;\n}\n")),
  one("proto2-required-optional", p2("message M {\n  required int32 a = 1;\n}\n"), p2("message M {\n  optional int32 a = 1;\n}\n")),
  one("proto2-required-added", p2("message M {\n  optional int32 a = 1;\n}\n"), p2("message M {\n  optional int32 a = 1;\n  required int32 b = 2;\n}\n")),
  one("proto2-required-removed", p2("message M {\n  optional int32 a = 1;\n  required int32 b = 2;\n}\n"), p2("message M {\n  optional int32 a = 1;\n}\n")),
  one("proto2-default-changed", p2("message M {\n  optional int32 a = 1 [default = 5];\n}\n"), p2("message M {\n  optional int32 a = 1 [default = 6];\n}\n")),
  one("proto2-default-removed", p2("message M {\n  optional int32 a = 1 [default = 5];\n}\n"), p2("message M {\n  optional int32 a = 1;\n}\n")),
  // Maps.
  one("map-value-type", p3("message M {\n  map<string, int32> a = 1;\n}\n"), p3("message M {\n  map<string, int64> a = 1;\n}\n")),
  one("map-key-type", p3("message M {\n  map<int32, string> a = 1;\n}\n"), p3("message M {\n  map<int64, string> a = 1;\n}\n")),
  one("map-to-repeated-entry", p3("message M {\n  map<string, int32> a = 1;\n}\n"), p3("message M {\n  message AEntry {\n    string key = 1;\n    int32 value = 2;\n  }\n  repeated AEntry a = 1;\n}\n")),
  one("repeated-to-map", p3("message M {\n  repeated int32 a = 1;\n}\n"), p3("message M {\n  map<int32, int32> a = 1;\n}\n")),
  one("map-value-message-changes", p3("message V {\n  int32 x = 1;\n}\nmessage M {\n  map<string, V> a = 1;\n}\n"), p3("message V {\n  uint64 x = 1;\n}\nmessage M {\n  map<string, V> a = 1;\n}\n")),
  // Oneofs.
  one("field-into-new-oneof", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  oneof o {\n    int32 a = 1;\n  }\n}\n")),
  one("fields-into-new-oneof", p3("message M {\n  int32 a = 1;\n  string b = 2;\n}\n"), p3("message M {\n  oneof o {\n    int32 a = 1;\n    string b = 2;\n  }\n}\n")),
  one("field-out-of-oneof", p3("message M {\n  oneof o {\n    int32 a = 1;\n    string b = 2;\n  }\n}\n"), p3("message M {\n  int32 a = 1;\n  oneof o {\n    string b = 2;\n  }\n}\n")),
  one("oneof-member-added", p3("message M {\n  oneof o {\n    int32 a = 1;\n  }\n}\n"), p3("message M {\n  oneof o {\n    int32 a = 1;\n    string b = 2;\n  }\n}\n")),
  one("oneof-member-deleted", p3("message M {\n  oneof o {\n    int32 a = 1;\n    string b = 2;\n  }\n}\n"), p3("message M {\n  oneof o {\n    int32 a = 1;\n  }\n}\n")),
  one("oneof-renamed", p3("message M {\n  oneof o {\n    int32 a = 1;\n  }\n}\n"), p3("message M {\n  oneof p {\n    int32 a = 1;\n  }\n}\n")),
  one("oneof-deleted-fields-reserved", p3("message M {\n  oneof o {\n    int32 a = 1;\n  }\n}\n"), p3('message M {\n  reserved 1;\n  reserved "a";\n}\n')),
  // Enums.
  one("enum-value-added", p3("enum E {\n  E0 = 0;\n}\n"), p3("enum E {\n  E0 = 0;\n  E1 = 1;\n}\n")),
  one("enum-value-deleted", p3("enum E {\n  E0 = 0;\n  E1 = 1;\n}\n"), p3("enum E {\n  E0 = 0;\n}\n")),
  one("enum-value-deleted-reserved", p3("enum E {\n  E0 = 0;\n  E1 = 1;\n}\n"), p3('enum E {\n  reserved 1;\n  reserved "E1";\n  E0 = 0;\n}\n')),
  one("enum-value-renamed", p3("enum E {\n  E0 = 0;\n  E1 = 1;\n}\n"), p3("enum E {\n  E0 = 0;\n  E_ONE = 1;\n}\n")),
  one("enum-alias-added", p3("enum E {\n  E0 = 0;\n  E1 = 1;\n}\n"), p3("enum E {\n  option allow_alias = true;\n  E0 = 0;\n  E1 = 1;\n  E_ONE = 1;\n}\n")),
  one("enum-deleted", p3("enum E {\n  E0 = 0;\n}\nmessage M {}\n"), p3("message M {}\n")),
  one("nested-enum-value-deleted", p3("message M {\n  enum E {\n    E0 = 0;\n    E1 = 1;\n  }\n  E e = 1;\n}\n"), p3("message M {\n  enum E {\n    E0 = 0;\n  }\n  E e = 1;\n}\n")),
  one("enum-to-other-enum-superset", p3("enum E {\n  E0 = 0;\n}\nenum F {\n  F0 = 0;\n}\nmessage M {\n  E e = 1;\n}\n"), p3("enum E {\n  E0 = 0;\n}\nenum F {\n  F0 = 0;\n}\nmessage M {\n  F e = 1;\n}\n")),
  // Messages and reserved ranges.
  one("message-deleted", p3("message A {\n  int32 x = 1;\n}\nmessage M {}\n"), p3("message M {}\n")),
  one("message-renamed", p3("message A {\n  int32 x = 1;\n}\n"), p3("message B {\n  int32 x = 1;\n}\n")),
  one("reserved-range-deleted", p3("message M {\n  reserved 2 to 4;\n  int32 a = 1;\n}\n"), p3("message M {\n  int32 a = 1;\n}\n")),
  one("reserved-name-deleted", p3('message M {\n  reserved "old";\n  int32 a = 1;\n}\n'), p3("message M {\n  int32 a = 1;\n}\n")),
  one("reserved-number-reused", p3("message M {\n  reserved 2;\n  int32 a = 1;\n}\n"), p3("message M {\n  int32 a = 1;\n  int32 b = 2;\n}\n")),
  one("reserved-range-shrunk", p3("message M {\n  reserved 2 to 4;\n}\n"), p3("message M {\n  reserved 2, 3;\n}\n")),
  one("reserved-range-widened", p3("message M {\n  reserved 2 to 4;\n}\n"), p3("message M {\n  reserved 1 to 10;\n}\n")),
  one("enum-reserved-deleted", p3("enum E {\n  reserved 2;\n  E0 = 0;\n}\n"), p3("enum E {\n  E0 = 0;\n}\n")),
  one("enum-reserved-reused", p3('enum E {\n  reserved 2;\n  reserved "E2";\n  E0 = 0;\n}\n'), p3("enum E {\n  E0 = 0;\n  E2 = 2;\n}\n")),
  // Syntax, editions, packages.
  one("package-changed", p3("message M {\n  int32 a = 1;\n}\n"), p3("message M {\n  int32 a = 1;\n}\n", "b")),
  one("package-added", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n}\n", p3("message M {\n  int32 a = 1;\n}\n")),
  one("proto3-to-proto2", p3("enum E {\n  E0 = 0;\n}\nmessage M {\n  int32 a = 1;\n  E e = 2;\n}\n"), p2("enum E {\n  E0 = 0;\n}\nmessage M {\n  optional int32 a = 1;\n  optional E e = 2;\n}\n")),
  one("proto2-to-proto3", p2("message M {\n  optional int32 a = 1;\n  repeated int32 b = 2;\n}\n"), p3("message M {\n  optional int32 a = 1;\n  repeated int32 b = 2;\n}\n")),
  one("proto3-to-editions", p3("message M {\n  int32 a = 1;\n  string s = 2;\n}\n"), ed("message M {\n  int32 a = 1 [features.field_presence = IMPLICIT];\n  string s = 2;\n}\n")),
  one("editions-legacy-required", ed("message M {\n  int32 a = 1;\n}\n"), ed("message M {\n  int32 a = 1 [features.field_presence = LEGACY_REQUIRED];\n}\n")),
  one("editions-json-format", ed("message M {\n  int32 a = 1;\n}\n"), ed("message M {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  int32 a = 1;\n}\n")),
  one("editions-delimited", ed("message A {}\nmessage M {\n  A a = 1;\n}\n"), ed("message A {}\nmessage M {\n  A a = 1 [features.message_encoding = DELIMITED];\n}\n")),
  one("proto2-group", p2("message M {\n  optional group G = 1 {\n    optional int32 x = 2;\n  }\n}\n"), p2("message M {\n  message G {\n    optional int32 x = 2;\n  }\n  optional G g = 1;\n}\n")),
  one("proto2-extension-type", p2("message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional int32 x = 100;\n}\n"), p2("message M {\n  extensions 100 to 200;\n}\nextend M {\n  optional string x = 100;\n}\n")),
  // Services.
  one("rpc-request-type", p3("message A {}\nmessage B {}\nservice S {\n  rpc Do(A) returns (A);\n}\n"), p3("message A {}\nmessage B {}\nservice S {\n  rpc Do(B) returns (A);\n}\n")),
  one("rpc-deleted", p3("message A {}\nservice S {\n  rpc Do(A) returns (A);\n  rpc Undo(A) returns (A);\n}\n"), p3("message A {}\nservice S {\n  rpc Do(A) returns (A);\n}\n")),
  one("rpc-streaming", p3("message A {}\nservice S {\n  rpc Do(A) returns (A);\n}\n"), p3("message A {}\nservice S {\n  rpc Do(stream A) returns (A);\n}\n")),
  one("rpc-idempotency", p3("message A {}\nservice S {\n  rpc Do(A) returns (A);\n}\n"), p3("message A {}\nservice S {\n  rpc Do(A) returns (A) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\n")),
  // References: the schema imports a file given as a reference.
  many(
    "reference-changes",
    [
      { path: "dep.proto", text: p3("message Money {\n  int64 units = 1;\n  int32 nanos = 2;\n}\n", "dep") },
      { path: "main.proto", text: p3('import "dep.proto";\nmessage Order {\n  dep.Money total = 1;\n}\n') },
    ],
    [
      { path: "dep.proto", text: p3("message Money {\n  int64 units = 1;\n}\n", "dep") },
      { path: "main.proto", text: p3('import "dep.proto";\nmessage Order {\n  dep.Money total = 1;\n}\n') },
    ],
  ),
  many(
    "reference-unused-message-changes",
    [
      { path: "dep.proto", text: p3("message Money {\n  int64 units = 1;\n}\nmessage Other {\n  int32 x = 1;\n}\n", "dep") },
      { path: "main.proto", text: p3('import "dep.proto";\nmessage Order {\n  dep.Money total = 1;\n}\n') },
    ],
    [
      { path: "dep.proto", text: p3("message Money {\n  int64 units = 1;\n}\nmessage Other {\n  string x = 1;\n}\n", "dep") },
      { path: "main.proto", text: p3('import "dep.proto";\nmessage Order {\n  dep.Money total = 1;\n}\n') },
    ],
  ),
  many(
    "message-moved-to-reference",
    [{ path: "main.proto", text: p3("message Money {\n  int64 units = 1;\n}\nmessage Order {\n  Money total = 1;\n}\n") }],
    [
      { path: "dep.proto", text: p3("message Money {\n  int64 units = 1;\n}\n") },
      { path: "main.proto", text: p3('import "dep.proto";\nmessage Order {\n  Money total = 1;\n}\n') },
    ],
  ),
];
