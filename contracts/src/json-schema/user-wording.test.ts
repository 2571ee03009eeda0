import { describe, expect, it } from "vitest";
import type { ParsedSchema, Violation } from "../format.js";
import { jsonSchemaCompatibility } from "./compatibility.js";
import { parseJsonSchema } from "./parse.js";

async function schema(value: unknown): Promise<ParsedSchema> {
  const result = await parseJsonSchema(JSON.stringify(value));
  if (!result.ok) throw new Error(`${JSON.stringify(value)}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** The FORWARD check of `next` replacing `old`, as `checkLevel` runs it: the old schema reads the new one's data. */
async function forward(old: unknown, next: unknown, policy?: string): Promise<readonly Violation[]> {
  return jsonSchemaCompatibility(await schema(old), await schema(next), { readerIs: "old", ...(policy ? { policy: { compatibilityPolicy: policy } } : {}) });
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: "object", properties, ...extra });

/** Pairs (old, new) where the new schema removes or widens what the old one had: each breaks FORWARD. */
const WIDENINGS: ReadonlyArray<readonly [string, unknown, unknown]> = [
  ["minimum removed", obj({ n: { type: "integer", minimum: 0 } }), obj({ n: { type: "integer" } })],
  ["maximum raised", obj({ n: { type: "integer", maximum: 5 } }), obj({ n: { type: "integer", maximum: 9 } })],
  ["maxLength removed", obj({ s: { type: "string", maxLength: 3 } }), obj({ s: { type: "string" } })],
  ["maxLength raised", obj({ s: { type: "string", maxLength: 3 } }), obj({ s: { type: "string", maxLength: 8 } })],
  ["minItems lowered", obj({ a: { type: "array", minItems: 3 } }), obj({ a: { type: "array", minItems: 1 } })],
  ["pattern removed", obj({ s: { type: "string", pattern: "^a" } }), obj({ s: { type: "string" } })],
  ["format removed", obj({ s: { type: "string", format: "email" } }), obj({ s: { type: "string" } })],
  ["enum value added", obj({ e: { type: "string", enum: ["a"] } }), obj({ e: { type: "string", enum: ["a", "b"] } })],
  ["enum removed", obj({ e: { type: "string", enum: ["a"] } }), obj({ e: { type: "string" } })],
  ["required dropped", obj({ a: { type: "string" } }, { required: ["a"] }), obj({ a: { type: "string" } })],
  ["property added to a closed model", obj({ a: { type: "string" } }, { additionalProperties: false }), obj({ a: { type: "string" }, b: { type: "string" } }, { additionalProperties: false })],
  ["additionalProperties opened", obj({ a: { type: "string" } }, { additionalProperties: false }), obj({ a: { type: "string" } })],
  ["integer widened to number", obj({ n: { type: "integer" } }), obj({ n: { type: "number" } })],
  ["type changed", obj({ n: { type: "integer" } }), obj({ n: { type: "string" } })],
  ["uniqueItems dropped", obj({ a: { type: "array", uniqueItems: true } }), obj({ a: { type: "array" } })],
  ["anyOf member added", obj({ v: { anyOf: [{ type: "string" }] } }), obj({ v: { anyOf: [{ type: "string" }, { type: "integer" }] } })],
];

const flat = (vs: readonly Violation[]): Violation[] => vs.flatMap((v) => [v, ...flat(v.causes ?? [])]);

describe("JSON Schema violations in the user's terms when the reader is the old schema (FORWARD)", () => {
  it("say what the new schema did to the old one, in old → new order", async () => {
    expect((await forward(obj({ n: { type: "integer", minimum: 0 } }), obj({ n: { type: "integer" } })))[0]).toMatchObject({
      rule: "MINIMUM_ADDED",
      message: "minimum 0 removed: consumers on the old schema reject smaller values",
      hint: "keep the constraint until every consumer reads the wider values",
    });
    expect((await forward(obj({ s: { type: "string", maxLength: 3 } }), obj({ s: { type: "string", maxLength: 8 } })))[0]!.message).toBe(
      "maxLength increased from 3 to 8: consumers on the old schema reject the larger values",
    );
    expect((await forward(obj({ e: { type: "string", enum: ["a"] } }), obj({ e: { type: "string", enum: ["a", "b"] } })))[0]!.message).toBe(
      'enum now accepts "b": consumers on the old schema reject it',
    );
    expect((await forward(obj({ a: { type: "string" } }, { required: ["a"] }), obj({ a: { type: "string" } })))[0]!.message).toBe(
      "property a is no longer required: consumers on the old schema require it",
    );
    expect((await forward(obj({ n: { type: "integer" } }), obj({ n: { type: "string" } })))[0]!.message).toBe("type changed from integer to string: consumers on the old schema cannot read it");
  });

  it.each(WIDENINGS)("%s: breaks FORWARD, worded as a change from old to new, never as reader and writer", async (_name, old, next) => {
    const found = flat(await forward(old, next, "LENIENT")).concat(flat(await forward(old, next)));
    expect(found.length).toBeGreaterThan(0);
    for (const v of found) {
      expect(v.message).not.toMatch(/\b(reader|writer)\b/);
      // The walk's own backward phrasings must not survive: the new schema removed or widened, it did not add.
      expect(v.message).not.toMatch(/ added: (larger|smaller) values were valid|no longer accepts|became required|now restricted|narrowed from/);
      expect(v.hint ?? "").not.toMatch(/\bdrop the new\b/);
    }
  });

  it("leaves BACKWARD wording as it was", async () => {
    const [v] = jsonSchemaCompatibility(await schema(obj({ n: { type: "integer", minimum: 0 } })), await schema(obj({ n: { type: "integer" } })), { readerIs: "new" });
    expect(v).toMatchObject({ message: "minimum 0 added: smaller values were valid", hint: "drop the new minimum" });
  });
});
