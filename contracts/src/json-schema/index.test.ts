import { describe, expect, it } from "vitest";
import { getFormat } from "../formats.js";
import { supportedSchemaTypes } from "../load-format.js";
import { jsonSchemaFormat } from "./index.js";

describe("jsonSchemaFormat", () => {
  it("is the engine the registry gets for JSON", () => {
    expect(jsonSchemaFormat.type).toBe("JSON");
    expect(getFormat("JSON")).toBe(jsonSchemaFormat);
    expect(supportedSchemaTypes()).toContain("JSON");
  });

  it("parses, checks, validates, encodes and decodes through the Format interface", async () => {
    const v1 = await jsonSchemaFormat.parse('{"type": "object", "properties": {"n": {"type": "integer"}}}');
    const v2 = await jsonSchemaFormat.parse('{"type": "object", "properties": {"n": {"type": "number"}}}');
    if (!v1.ok || !v2.ok) throw new Error("parse failed");
    expect(jsonSchemaFormat.compatibility(v2.value, v1.value)).toEqual([]);
    expect(jsonSchemaFormat.compatibility(v1.value, v2.value).map((v) => v.rule)).toEqual(["TYPE_NARROWED"]);
    expect(jsonSchemaFormat.validate(v1.value, { n: 1.5 })).toHaveLength(1);
    const bytes = jsonSchemaFormat.encode(v1.value, { n: 1 });
    expect(bytes.ok).toBe(true);
    if (bytes.ok) expect(jsonSchemaFormat.decode(v1.value, bytes.value)).toEqual({ ok: true, value: { n: 1 } });
  });

  it("refuses to compare with another engine's schema", async () => {
    const json = await jsonSchemaFormat.parse("{}");
    if (!json.ok) throw new Error("parse failed");
    const foreign = { ...json.value, type: "AVRO" as const, model: { kind: "avro" } };
    expect(jsonSchemaFormat.compatibility(json.value, foreign)[0]?.rule).toBe("TYPE_CHANGED");
  });
});
