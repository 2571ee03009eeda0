import { getFormat, type JsonValue } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { jsonSchemaType } from "../model/json-schema-types.js";
import { avroPayloadType } from "../model/avro-types.js";
import { asAvroModel } from "@charter/contracts";
import { NameTable } from "../naming.js";
import { TypeSet } from "../model/type-ir.js";
import { planStep } from "./derive-step.js";

async function jsonStep(from: JsonValue, to: JsonValue) {
  const set = new TypeSet(new NameTable());
  const f = jsonSchemaType({ set, root: from, names: {}, suffix: "V1", rootId: "v1" }, "Event");
  const t = jsonSchemaType({ set, root: to, names: {}, suffix: "", rootId: "v2" }, "Event");
  const parse = async (s: JsonValue) => {
    const r = await getFormat("JSON")!.parse(JSON.stringify(s));
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  return planStep(set, { type: f, parsed: await parse(from) }, { type: t, parsed: await parse(to) });
}

async function avroStep(from: unknown, to: unknown) {
  const set = new TypeSet(new NameTable());
  const parse = async (s: unknown) => {
    const r = await getFormat("AVRO")!.parse(JSON.stringify(s));
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const pf = await parse(from);
  const pt = await parse(to);
  const options = { longs: "bigint", timestamps: "number" } as const;
  const f = avroPayloadType({ set, options, suffix: "V1" }, asAvroModel(pf.model)!.root, "Payment");
  const t = avroPayloadType({ set, options, suffix: "" }, asAvroModel(pt.model)!.root, "Payment");
  return planStep(set, { type: f, parsed: pf }, { type: t, parsed: pt });
}

const base = { type: "object", required: ["id", "status"], properties: { id: { type: "string" }, status: { enum: ["open", "paid"] }, old: { type: "string" } } };

describe("upcaster steps derived from two versions", () => {
  it("JSON: a field added with a default or optional, a field removed, an enum extended → a complete step", async () => {
    const plan = await jsonStep(base, {
      type: "object",
      required: ["id", "status", "channel"],
      properties: { id: { type: "string" }, status: { enum: ["open", "paid", "shipped"] }, channel: { type: "string", default: "web" }, note: { type: "string" } },
    });
    expect(plan.reasons).toEqual([]);
    expect(plan.expression).toBe('{\n    id: value.id,\n    status: value.status,\n    channel: "web",\n  }');
    expect(plan.changes).toEqual(['status: now also "shipped"', '`channel` added with default "web"', "`note` added (optional)", "`old` removed"]);
  });

  it("JSON: a required field without a default, or an enum value dropped, needs a hand", async () => {
    const required = await jsonStep(base, { ...base, required: ["id", "status", "reason"], properties: { ...base.properties, reason: { type: "string" } } });
    expect(required.expression).toBeUndefined();
    expect(required.reasons).toEqual(["`reason` was added without a default"]);
    const narrowed = await jsonStep(base, { ...base, properties: { ...base.properties, status: { enum: ["open"] } } });
    expect(narrowed.expression).toBeUndefined();
    expect(narrowed.reasons.join()).toMatch(/status/);
  });

  it("Avro: promotions, aliases and defaults are schema resolution — complete; a field without default is not", async () => {
    const v1 = { type: "record", name: "Payment", fields: [{ name: "amount", type: "int" }, { name: "txId", type: "string" }] };
    const v2 = {
      type: "record",
      name: "Payment",
      fields: [
        { name: "amount", type: "long" },
        { name: "transactionId", type: "string", aliases: ["txId"] },
        { name: "provider", type: "string", default: "stripe" },
        { name: "fee", type: "long", default: 0 },
      ],
    };
    const plan = await avroStep(v1, v2);
    expect(plan.reasons).toEqual([]);
    expect(plan.expression).toBe('{\n    amount: BigInt(value.amount),\n    transactionId: value.txId,\n    provider: "stripe",\n    fee: 0n,\n  }');
    const stub = await avroStep(v1, { ...v2, fields: [...v2.fields, { name: "country", type: "string" }] });
    expect(stub.expression).toBeUndefined();
    expect(stub.reasons.join()).toMatch(/READER_FIELD_MISSING_DEFAULT|country/);
  });
});
