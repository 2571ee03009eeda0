import { describe, expect, it } from "vitest";
import { lineOf, pointerLines } from "./pointer-lines.js";

describe("pointerLines", () => {
  const text = ['{', '  "type": "object",', '  "properties": {', '    "a/b": {"type": "string"},', '    "list": {', '      "enum": [1,', '        2, {"x": []}]', "    }", "  }", "}"].join("\n");

  it("maps every pointer to the line of its key or element", () => {
    const lines = pointerLines(text);
    expect(lines.get("")).toBe(1);
    expect(lines.get("/type")).toBe(2);
    expect(lines.get("/properties")).toBe(3);
    expect(lines.get("/properties/a~1b")).toBe(4);
    expect(lines.get("/properties/a~1b/type")).toBe(4);
    expect(lines.get("/properties/list/enum/0")).toBe(6);
    expect(lines.get("/properties/list/enum/1")).toBe(7);
    expect(lines.get("/properties/list/enum/2/x")).toBe(7);
  });

  it("falls back to the nearest ancestor for paths the text does not have", () => {
    const lines = pointerLines(text);
    expect(lineOf(lines, "/properties/list/maxLength")).toBe(5);
    expect(lineOf(lines, "/nowhere/at/all")).toBe(1);
  });

  it("handles escaped quotes in keys and scalars at the top", () => {
    expect(pointerLines('{"a\\"b":\n "x\\"y"}').get('/a"b')).toBe(1);
    expect(pointerLines("true").get("")).toBe(1);
  });
});
