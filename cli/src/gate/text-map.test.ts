import { describe, expect, it } from "vitest";
import { TextMap } from "./text-map.js";

const OLD = `{
  "type": "record",
  "name": "Song",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "title", "type": "string"},
    {"name": "genre", "type": {"type": "enum", "name": "Genre", "symbols": ["ROCK", "JAZZ"]}}
  ]
}`;
const NEW = `{
  "type": "record",
  "name": "Song",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "genre", "type": {"type": "enum", "name": "Genre", "symbols": ["JAZZ"]}}
  ]
}`;

describe("TextMap", () => {
  it("locates JSON Pointers in JSON, at the key of a member and the start of an element", () => {
    const map = new TextMap(NEW);
    expect(map.locate("/fields/1/type/symbols")).toEqual({ line: 6, column: 65, exact: true });
    expect(map.locate("/fields/0")).toEqual({ line: 5, column: 5, exact: true });
    expect(map.locate("")).toEqual({ line: 1, column: 1, exact: true });
    expect(map.locate("/fields/7/type")).toEqual({ line: 4, column: 3, exact: false });
  });

  it("locates in YAML and follows local $refs", () => {
    const map = new TextMap("channels:\n  c:\n    messages:\n      m:\n        $ref: '#/components/messages/m'\ncomponents:\n  messages:\n    m:\n      payload:\n        type: string\n");
    expect(map.locate("/channels/c/messages/m/payload/type")).toEqual({ line: 10, column: 9, exact: true });
  });

  it("translates a place of one version into another by element identity, not index", () => {
    const old = new TextMap(OLD);
    const next = new TextMap(NEW);
    expect(old.translate("/fields/2/type/symbols", next)).toEqual({ line: 6, column: 65, exact: true });
    expect(old.translate("/fields/1", next)).toBeUndefined(); // "title" is gone: a removal
    expect(old.translate("/fields/2/type/symbols/0", next)).toBeUndefined(); // ROCK is gone
  });

  it("answers nothing for text that is not YAML or JSON", () => {
    const proto = new TextMap('syntax = "proto3";\nmessage A { string id = 1; }\n');
    expect(proto.usable).toBe(false);
    expect(proto.locate("/A/id")).toBeUndefined();
  });
});
