import { describe, expect, it } from "vitest";
import { jsonDepth, lineColumn, parseJson, pointer, sha256Hex, sortedJson } from "./json-text.js";

describe("parseJson", () => {
  it("parses valid JSON", () => {
    const r = parseJson('{"a": [1, {"b": null}]}');
    expect(r.ok && r.value).toEqual({ a: [1, { b: null }] });
  });

  it("reports syntax errors with line and column when V8 gives a position", () => {
    const r = parseJson('{\n  "a": 1,\n  }');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("SCHEMA_SYNTAX");
      expect(r.error.line).toBe(3);
      expect(r.error.column).toBe(3);
    }
    const end = parseJson('{"a": ');
    expect(!end.ok && end.error.line).toBe(1);
  });

  it("refuses nesting deeper than maxDepth", () => {
    const deep = "[".repeat(257) + "]".repeat(257);
    const r = parseJson(deep);
    expect(!r.ok && r.error.code).toBe("SCHEMA_TOO_DEEP");
    expect(parseJson("[".repeat(256) + "]".repeat(256)).ok).toBe(true);
    expect(parseJson('{"a":{"b":{}}}', { maxDepth: 2 }).ok).toBe(false);
  });

  it("survives hostile nesting without recursion", () => {
    const n = 100_000;
    const r = parseJson("[".repeat(n) + "]".repeat(n));
    expect(!r.ok && r.error.code).toBe("SCHEMA_TOO_DEEP");
  });
});

describe("helpers", () => {
  it("jsonDepth counts containers", () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }] })).toBe(3);
  });
  it("lineColumn is 1-based", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
  it("pointer escapes tokens per RFC 6901", () => {
    expect(pointer("/a", "b/c", "~d", 0)).toBe("/a/b~1c/~0d/0");
  });
  it("sha256Hex matches a known digest", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("sortedJson", () => {
  it("sorts keys at every level by code unit, keeps array order, and writes compact JSON", () => {
    expect(sortedJson({ b: [3, { z: 1, a: null }], a: "x", 10: true, 9: false })).toBe('{"10":true,"9":false,"a":"x","b":[3,{"a":null,"z":1}]}');
    expect(sortedJson({ y: 1, x: 2 })).toBe(sortedJson({ x: 2, y: 1 }));
    expect(sortedJson("s")).toBe('"s"');
  });
});
