import { describe, expect, it } from "vitest";
import { checkBufBreaking, type BufFile } from "./index.js";

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
