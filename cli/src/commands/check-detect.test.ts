import { describe, expect, it } from "vitest";
import { classifyJson, combineDetections, detectFormat } from "./check-detect.js";

describe("detectFormat", () => {
  it("goes by extension for .proto and .avsc", () => {
    expect(detectFormat("a.proto", "anything").candidates).toEqual(["PROTOBUF"]);
    expect(detectFormat("a.AVSC", '{"type": "string"}').candidates).toEqual(["AVRO"]);
  });

  it("needs a top-level asyncapi key in YAML", () => {
    expect(detectFormat("doc.yml", "asyncapi: 3.0.0\ninfo: {}\n").candidates).toEqual(["ASYNCAPI"]);
    expect(detectFormat("doc.yaml", "openapi: 3.0.0\n").candidates).toEqual([]);
    expect(detectFormat("doc.yaml", "info:\n  asyncapi: nested\n").candidates).toEqual([]);
  });

  it("classifies JSON by content", () => {
    expect(detectFormat("a.json", '{"asyncapi": "2.6.0", "info": {}}').candidates).toEqual(["ASYNCAPI"]);
    expect(detectFormat("a.json", '{"$schema": "https://json-schema.org/draft/2020-12/schema"}').candidates).toEqual(["JSON"]);
    expect(detectFormat("a.json", '{"type": "record", "name": "R", "fields": []}').candidates).toEqual(["AVRO"]);
    expect(detectFormat("a.json", '{"type": "string"}').candidates).toEqual(["AVRO", "JSON"]);
    expect(detectFormat("schema", '{"type": "object", "properties": {}}').candidates).toEqual(["JSON"]);
  });

  it("reports a .json syntax error with its position, and recognizes non-JSON content by its look", () => {
    const broken = detectFormat("a.json", '{\n  "type": \n}');
    expect(broken.candidates).toEqual([]);
    expect(broken.syntax).toMatchObject({ code: "SCHEMA_SYNTAX", line: 3, column: 1 });
    expect(detectFormat("a.json", "asyncapi: 3.0.0\n").candidates).toEqual(["ASYNCAPI"]);
    expect(detectFormat("schema.txt", 'syntax = "proto3";\nmessage A {}\n').candidates).toEqual(["PROTOBUF"]);
    expect(detectFormat("schema.txt", "hello").candidates).toEqual([]);
  });
});

describe("classifyJson", () => {
  it("reads Avro-only and JSON-Schema-only signals", () => {
    expect(classifyJson("string").candidates).toEqual(["AVRO"]);
    expect(classifyJson(["null", "string"]).candidates).toEqual(["AVRO"]);
    expect(classifyJson(true).candidates).toEqual(["JSON"]);
    expect(classifyJson({ type: "enum", name: "E", symbols: ["A"] }).candidates).toEqual(["AVRO"]);
    expect(classifyJson({ type: "array", items: "long" }).candidates).toEqual(["AVRO"]);
    expect(classifyJson({ type: "integer" }).candidates).toEqual(["JSON"]);
    expect(classifyJson({ type: "string", enum: ["a"] }).candidates).toEqual(["JSON"]);
    expect(classifyJson({ type: "record", fields: [], required: [] }).candidates).toEqual(["AVRO", "JSON"]);
    expect(classifyJson(42).candidates).toEqual([]);
  });
});

describe("combineDetections", () => {
  const d = (name: string, ...candidates: Array<"AVRO" | "JSON" | "PROTOBUF" | "ASYNCAPI">) => ({ name, detection: { candidates, reason: "test" } });

  it("takes the one type both files allow", () => {
    expect(combineDetections([d("new", "JSON"), d("old", "AVRO", "JSON")])).toEqual({ ok: true, type: "JSON" });
  });

  it("asks for --format when the files disagree, are ambiguous or unknown", () => {
    const disagree = combineDetections([d("new", "JSON"), d("old", "AVRO")]);
    expect(disagree).toMatchObject({ ok: false, message: expect.stringMatching(/disagree.*new looks like JSON.*old looks like AVRO.*--format/) });
    expect(combineDetections([d("new", "AVRO", "JSON"), d("old", "AVRO", "JSON")])).toMatchObject({ ok: false, message: expect.stringMatching(/ambiguous/) });
    expect(combineDetections([d("new"), d("old", "AVRO")])).toMatchObject({ ok: false, message: expect.stringMatching(/cannot detect the format of new/) });
  });
});
