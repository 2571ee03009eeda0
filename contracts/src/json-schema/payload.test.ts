import { describe, expect, it } from "vitest";
import type { ParsedSchema } from "../format.js";
import { parseJsonSchema } from "./parse.js";
import { decodeJsonPayload, encodeJsonPayload, validateJsonPayload } from "./payload.js";

async function schema(value: unknown): Promise<ParsedSchema> {
  const result = await parseJsonSchema(JSON.stringify(value));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const order = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" }, qty: { type: "integer", minimum: 1 }, tags: { type: "array", items: { type: "string" } } },
  required: ["id", "qty"],
  additionalProperties: false,
};
const good = { id: "3f0e4f8e-9c1d-4b8a-9f3e-2a1b5c6d7e8f", qty: 2, tags: ["a"] };

describe("validateJsonPayload", () => {
  it("accepts a valid payload", async () => {
    expect(validateJsonPayload(await schema(order), good)).toEqual([]);
  });

  it("names each violation by keyword and JSON Pointer", async () => {
    const v = validateJsonPayload(await schema(order), { id: "not-a-uuid", tags: ["a", 3], extra: true });
    const byRule = Object.fromEntries(v.map((x) => [x.rule, x.path]));
    expect(byRule).toMatchObject({ format: "/id", required: "/qty", type: "/tags/1", additionalProperties: "" });
  });

  it("refuses values JSON cannot carry", async () => {
    const s = await schema({});
    expect(validateJsonPayload(s, { n: Number.NaN })).toEqual([expect.objectContaining({ rule: "PAYLOAD_INVALID", path: "/n" })]);
    expect(validateJsonPayload(s, { d: new Date(0) })[0]?.rule).toBe("PAYLOAD_INVALID");
    expect(validateJsonPayload(s, undefined)[0]?.rule).toBe("PAYLOAD_INVALID");
  });

  it("follows the schema's draft: draft-04 boolean exclusiveMaximum", async () => {
    const s = await schema({ $schema: "http://json-schema.org/draft-04/schema#", type: "number", maximum: 3, exclusiveMaximum: true });
    expect(validateJsonPayload(s, 2.9)).toEqual([]);
    // ajv-draft-04 reports the draft-4 pair under `maximum`.
    expect(validateJsonPayload(s, 3)).toEqual([expect.objectContaining({ rule: "maximum", path: "" })]);
  });
});

describe("encodeJsonPayload / decodeJsonPayload", () => {
  it("round-trips a valid payload as UTF-8 JSON", async () => {
    const s = await schema(order);
    const bytes = encodeJsonPayload(s, good);
    expect(bytes.ok).toBe(true);
    if (!bytes.ok) return;
    expect(new TextDecoder().decode(bytes.value)).toBe(JSON.stringify(good));
    expect(decodeJsonPayload(s, bytes.value)).toEqual({ ok: true, value: good });
  });

  it("encodes non-ASCII text as UTF-8", async () => {
    const bytes = encodeJsonPayload(await schema({ type: "string" }), "é");
    expect(bytes.ok && [...bytes.value]).toEqual([0x22, 0xc3, 0xa9, 0x22]);
  });

  it("refuses to encode an invalid payload with PAYLOAD_INVALID at its path", async () => {
    const result = encodeJsonPayload(await schema(order), { id: good.id, qty: 0 });
    expect(result).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID", path: "/qty" } });
  });

  it("returns PAYLOAD_INVALID for bytes that are not UTF-8 or not JSON", async () => {
    const s = await schema(order);
    expect(decodeJsonPayload(s, new TextEncoder().encode("{not json"))).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
    expect(decodeJsonPayload(s, Uint8Array.of(0xff, 0xfe))).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
  });
});
