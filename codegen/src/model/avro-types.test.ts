import { getFormat, asAvroModel } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { NameTable } from "../naming.js";
import { GeneratedFile } from "../printer.js";
import { avroSerde } from "../runtime/serde-avro.js";
import { avroPayloadType, type AvroTypeOptions } from "./avro-types.js";
import { printDeclaration, TypeSet } from "./type-ir.js";

async function declarations(schema: unknown, options: AvroTypeOptions = { longs: "number", timestamps: "number" }): Promise<string> {
  const parsed = await getFormat("AVRO")!.parse(JSON.stringify(schema));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const set = new TypeSet(new NameTable());
  avroPayloadType({ set, options, suffix: "" }, asAvroModel(parsed.value.model)!.root, "Payment");
  const file = new GeneratedFile("x.ts", "");
  for (const t of set.all()) printDeclaration(file, t);
  return file.toString();
}

const PAYMENT = {
  type: "record",
  name: "Payment",
  namespace: "com.example",
  fields: [
    { name: "id", type: "string" },
    { name: "amount", type: "long" },
    { name: "at", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "method", type: { type: "enum", name: "Method", symbols: ["CARD", "CASH"] } },
    { name: "note", type: ["null", "string"], default: null },
    { name: "source", type: ["int", "long"] },
    { name: "tags", type: { type: "map", values: "string" } },
    { name: "raw", type: "bytes" },
  ],
};

describe("Avro → TypeScript", () => {
  it("types records, enums, logical types, maps and unions the way avsc reads them (wrapped only when ambiguous)", async () => {
    const out = await declarations(PAYMENT);
    expect(out).toContain("  amount: number;\n  at: number;\n  method: Method;\n  /** @default null */\n  note: null | string;\n  source: { int: number } | { long: number };");
    const serde = avroSerde(PAYMENT, { longs: "number", timestamps: "number" });
    const value = { id: "p", amount: 5, at: 1, method: "CASH", note: "n", source: { long: 3 }, tags: { a: "b" }, raw: Buffer.from("x") };
    expect(serde.validate(value)).toEqual([]);
    expect(serde.decode(serde.encode(value))).toEqual(value);
    expect(out).toContain('export type Method = "CARD" | "CASH";');
    expect(out).toContain("  tags: Record<string, string>;\n  raw: Buffer;");
  });

  it("types long as bigint and timestamp-millis as Date by option, matching the runtime serde", async () => {
    const options: AvroTypeOptions = { longs: "bigint", timestamps: "date" };
    const out = await declarations(PAYMENT, options);
    expect(out).toContain("  amount: bigint;\n  at: Date;");
    // With bigint longs avsc tells int and long apart: the union is unwrapped.
    expect(out).toContain("  source: number | bigint;");
    const serde = avroSerde<Record<string, unknown>>(PAYMENT, options);
    const value = { id: "p", amount: 2n ** 60n, at: new Date(1_700_000_000_000), method: "CARD", note: null, source: 5n, tags: {}, raw: Buffer.from("x") };
    expect(serde.validate(value)).toEqual([]);
    expect(serde.decode(serde.encode(value))).toEqual(value);
    expect(serde.validate({ ...value, amount: 5 })[0]).toMatchObject({ path: "/amount" });
  });
});
