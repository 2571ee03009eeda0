import { describe, expect, it } from "vitest";
import type { ParsedSchema, ParseOptions } from "../format.js";
import { protobufFormat, protobufImports, protobufModel } from "./index.js";

async function parse(text: string, options?: ParseOptions): Promise<ParsedSchema> {
  const r = await protobufFormat.parse(text, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function error(text: string, options?: ParseOptions) {
  const r = await protobufFormat.parse(text, options);
  if (r.ok) throw new Error("expected a parse error");
  return r.error;
}

describe("protobuf parse errors", () => {
  it("gives line and column of a syntax error", async () => {
    const e = await error('syntax = "proto3";\nmessage M {\n  int32 x = 1\n}\n');
    expect(e.code).toBe("SCHEMA_SYNTAX");
    expect(e.line).toBe(4);
    expect(e.column).toBe(1);
  });

  it("reports an unterminated string where it starts", async () => {
    const e = await error('syntax = "proto3";\nmessage M {\n  string x = 1 [json_name = "abc];\n}\n');
    expect(e).toMatchObject({ code: "SCHEMA_SYNTAX", line: 3, column: 29 });
  });

  it("refuses duplicate field numbers with the line of the second field", async () => {
    const e = await error('syntax = "proto3";\nmessage M {\n  int32 a = 1;\n  int32 b = 1;\n}\n');
    expect(e).toMatchObject({ code: "SCHEMA_INVALID", line: 4 });
    expect(e.message).toContain("field number 1");
  });

  it("refuses a field that reuses a reserved number", async () => {
    const e = await error('syntax = "proto3";\nmessage M {\n  reserved 2 to 4;\n  int32 a = 3;\n}\n');
    expect(e).toMatchObject({ code: "SCHEMA_INVALID", line: 4 });
  });

  it("names an unknown type as REFERENCE_UNRESOLVED with its line", async () => {
    const e = await error('syntax = "proto3";\nmessage M {\n  Missing a = 1;\n}\n');
    expect(e).toMatchObject({ code: "REFERENCE_UNRESOLVED", line: 3, column: 3 });
  });

  it("names an import no reference provides", async () => {
    const e = await error('syntax = "proto3";\nimport "other.proto";\nmessage M {}\n');
    expect(e).toMatchObject({ code: "REFERENCE_UNRESOLVED", line: 2 });
    expect(e.message).toContain("other.proto");
  });

  it("detects import cycles among references", async () => {
    const a = 'syntax = "proto3";\nimport "b.proto";\nmessage A {}\n';
    const b = 'syntax = "proto3";\nimport "a.proto";\nmessage B {}\n';
    const e = await error('syntax = "proto3";\nimport "a.proto";\nmessage M {}\n', { references: [{ name: "b.proto", schema: b }, { name: "a.proto", schema: a }] });
    expect(e.code).toBe("SCHEMA_INVALID");
    expect(e.message).toMatch(/import cycle: a\.proto -> b\.proto -> a\.proto/);
  });

  it("refuses proto3 enums whose first value is not zero", async () => {
    expect((await error('syntax = "proto3";\nenum E {\n  A = 1;\n}\n')).code).toBe("SCHEMA_INVALID");
  });

  it("refuses nesting deeper than maxDepth", async () => {
    const e = await error('syntax = "proto3";\nmessage A { message B { message C {} } }\n', { maxDepth: 2 });
    expect(e.code).toBe("SCHEMA_TOO_DEEP");
  });

  it("returns UNSUPPORTED for editions other than 2023", async () => {
    const e = await error('edition = "2024";\nmessage M { int32 a = 1; }\n');
    expect(e.code).toBe("UNSUPPORTED");
    expect(e.message).toMatch(/editions are not supported yet/);
  });
});

describe("protobuf parse", () => {
  it("parses proto2 with groups, extensions, defaults and services", async () => {
    const s = await parse(`syntax = "proto2";
package p;
message M {
  optional int32 a = 1 [default = 7];
  repeated group G = 2 { optional string s = 3; }
  extensions 100 to max;
}
extend M { optional string ext = 100; }
service S { rpc Call (M) returns (stream M); }
`);
    const model = protobufModel(s)!;
    expect(model.linked.file.messages[0]!.fields.map((f) => f.name)).toEqual(["a", "g"]);
    expect(s.canonical).toContain("repeated group G = 2 {");
    expect(s.canonical).toContain("rpc Call(.p.M) returns (stream .p.M);");
  });

  it("parses editions 2023", async () => {
    const s = await parse('edition = "2023";\npackage e;\nmessage M {\n  int32 a = 1 [features.field_presence = IMPLICIT];\n}\n');
    expect(s.canonical.startsWith('edition = "2023";')).toBe(true);
  });

  it("resolves imports through references, dependencies first", async () => {
    const base = 'syntax = "proto3";\npackage base;\nmessage Id { string value = 1; }\n';
    const mid = 'syntax = "proto3";\npackage mid;\nimport "base.proto";\nmessage Ref { base.Id id = 1; }\n';
    const s = await parse('syntax = "proto3";\npackage top;\nimport "mid.proto";\nmessage M { mid.Ref ref = 1; }\n', {
      references: [
        { name: "base.proto", schema: base },
        { name: "mid.proto", schema: mid },
      ],
    });
    expect(s.canonical).toContain(".mid.Ref ref = 1;");
    expect(s.references).toHaveLength(2);
  });

  it("has the well-known types and confluent/meta.proto built in", async () => {
    const s = await parse(`syntax = "proto3";
import "google/protobuf/timestamp.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/descriptor.proto";
import "confluent/meta.proto";
message M {
  google.protobuf.Timestamp at = 1 [(confluent.field_meta) = { doc: "when" }];
  google.protobuf.Struct extra = 2;
  google.protobuf.StringValue name = 3;
  google.protobuf.Any any = 4;
  google.protobuf.Duration took = 5;
  google.protobuf.FieldMask mask = 6;
}
`);
    expect(s.canonical).toContain(".google.protobuf.Timestamp at = 1 [(confluent.field_meta) = { doc : \"when\" }];");
  });

  it("parses a 10,000-field message", async () => {
    const fields = Array.from({ length: 10_000 }, (_, i) => `  int32 f${i + 1} = ${i + 1};`).join("\n");
    const s = await parse(`syntax = "proto3";\nmessage Big {\n${fields}\n}\n`);
    expect(protobufModel(s)!.linked.file.messages[0]!.fields).toHaveLength(10_000);
  });
});

describe("protobuf canonical form", () => {
  it("is the same for semantically identical files", async () => {
    const a = await parse(`syntax = "proto3";
package p;
import "google/protobuf/timestamp.proto";
import "google/protobuf/any.proto";
option java_package = "x";
option go_package = "y";
message M {
  // a comment
  string b = 2;
  google.protobuf.Timestamp a = 1 [deprecated = true, json_name = "A"];
  reserved 5, 4, 3;
}
`);
    const b = await parse(`syntax="proto3"; package p;
import "google/protobuf/any.proto"; import "google/protobuf/timestamp.proto";
option go_package = "y"; option java_package = "x";
message M { .google.protobuf.Timestamp a = 1 [json_name = "A", deprecated = true]; reserved 3 to 5; string b = 2; }
`);
    expect(b.canonical).toBe(a.canonical);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it("differs when a field number, the message order or a label differs", async () => {
    const base = await parse('syntax = "proto3";\nmessage A { int32 x = 1; }\nmessage B {}\n');
    const number = await parse('syntax = "proto3";\nmessage A { int32 x = 2; }\nmessage B {}\n');
    const order = await parse('syntax = "proto3";\nmessage B {}\nmessage A { int32 x = 1; }\n');
    const label = await parse('syntax = "proto3";\nmessage A { optional int32 x = 1; }\nmessage B {}\n');
    expect(new Set([base.fingerprint, number.fingerprint, order.fingerprint, label.fingerprint]).size).toBe(4);
  });
});

describe("protobufImports", () => {
  it("lists imports, public and weak ones too, ignoring comments (for finding files before linking)", () => {
    const proto = [
      'syntax = "proto3";',
      'import "a/b.proto";',
      'import public "c.proto";',
      "import weak 'd.proto';",
      '// import "commented.proto";',
      '/* import "block.proto"; */',
      'import "a/b.proto";',
    ].join("\n");
    expect(protobufImports(proto)).toEqual(["a/b.proto", "c.proto", "d.proto"]);
  });
});
