import { describe, expect, it } from "vitest";
import type { ParsedSchema } from "../format.js";
import { decodeWireMessage, encodeWireMessage } from "../wire-format.js";
import { messageIndexesOf, messageNameAt, protobufFormat, protobufModel } from "./index.js";

const SCHEMA = `syntax = "proto3";
package shop;
enum Status { STATUS_UNSPECIFIED = 0; PAID = 1; }
message Order {
  string id = 1;
  int64 total_cents = 2;
  Status status = 3;
  repeated Line lines = 4;
  map<string, string> tags = 5;
  bytes blob = 6;
  message Line { string sku = 1; int32 qty = 2; }
}
message Refund {
  string order_id = 1;
  message Reason { string text = 1; }
  message Audit { Reason reason = 1; sint32 delta = 2; }
}
`;

async function schema(): Promise<ParsedSchema> {
  const r = await protobufFormat.parse(SCHEMA);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("protobuf serde", () => {
  it("round-trips the first message by default", async () => {
    const s = await schema();
    const value = { id: "o-1", total_cents: "9007199254740993", status: "PAID", lines: [{ sku: "A", qty: 2 }], tags: { k: "v" }, blob: "AQID" };
    const bytes = protobufFormat.encode(s, value);
    if (!bytes.ok) throw new Error(bytes.error.message);
    expect(bytes.value.length).toBeGreaterThan(10);
    const back = protobufFormat.decode(s, bytes.value);
    expect(back).toEqual({ ok: true, value });
  });

  it("picks another message by full name or by Confluent message indexes", async () => {
    const s = await schema();
    const audit = { reason: { text: "damaged" }, delta: -3 };
    const byName = protobufFormat.encode(s, audit, { message: "shop.Refund.Audit" });
    const byIndexes = protobufFormat.encode(s, audit, { message: [1, 1] });
    if (!byName.ok || !byIndexes.ok) throw new Error("encode failed");
    expect(byIndexes.value).toEqual(byName.value);
    expect(protobufFormat.decode(s, byName.value, { message: [1, 1] })).toEqual({ ok: true, value: audit });
  });

  it("maps full names to message indexes and back (enums do not count)", async () => {
    const file = protobufModel(await schema())!.linked.file;
    expect(messageIndexesOf(file, "shop.Order")).toEqual([0]);
    expect(messageIndexesOf(file, ".shop.Order.Line")).toEqual([0, 0]);
    expect(messageIndexesOf(file, "shop.Refund.Audit")).toEqual([1, 1]);
    expect(messageIndexesOf(file, "shop.Status")).toBeUndefined();
    expect(messageNameAt(file, [1, 0])).toBe("shop.Refund.Reason");
    expect(messageNameAt(file, [])).toBe("shop.Order");
    expect(messageNameAt(file, [2])).toBeUndefined();
  });

  it("frames a payload in the Confluent wire format with message indexes", async () => {
    const s = await schema();
    const file = protobufModel(s)!.linked.file;
    const payload = protobufFormat.encode(s, { order_id: "o-1" }, { message: "shop.Refund" });
    if (!payload.ok) throw new Error(payload.error.message);
    const framed = encodeWireMessage(42, payload.value, messageIndexesOf(file, "shop.Refund"));
    const split = decodeWireMessage(framed, { protobuf: true });
    if (!split.ok) throw new Error(split.error.message);
    expect(split.value.schemaId).toBe(42);
    expect(split.value.messageIndexes).toEqual([1]);
    expect(protobufFormat.decode(s, split.value.payload, { message: split.value.messageIndexes })).toEqual({ ok: true, value: { order_id: "o-1" } });
  });

  it("validates values: unknown fields and wrong types are violations, not exceptions", async () => {
    const s = await schema();
    expect(protobufFormat.validate(s, { id: "x" })).toEqual([]);
    expect(protobufFormat.validate(s, { nope: 1 })).toMatchObject([{ rule: "UNKNOWN_FIELD", path: "/nope" }]);
    expect(protobufFormat.validate(s, { lines: [{ sku: "a", bad: 1 }] })).toMatchObject([{ rule: "UNKNOWN_FIELD", path: "/lines/0/bad" }]);
    expect(protobufFormat.validate(s, "not an object")).toMatchObject([{ rule: "PAYLOAD_INVALID" }]);
    expect(protobufFormat.encode(s, { nope: 1 })).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
    expect(protobufFormat.encode(s, {}, { message: [7] })).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
  });

  it("refuses values a field's type cannot hold instead of letting protobufjs coerce them", async () => {
    const s = await schema();
    const rules = (value: unknown) => protobufFormat.validate(s, value).map((v) => `${v.rule} ${v.path}`);
    // protobufjs' fromObject turns "two" into 0 and any value into a string: each was accepted before.
    expect(rules({ lines: [{ sku: "a", qty: "two" }] })).toEqual(["PAYLOAD_INVALID /lines/0/qty"]);
    expect(protobufFormat.validate(s, { lines: [{ qty: "two" }] })[0]!.message).toBe('qty must be a int32 (an integer from -2147483648 to 2147483647); got "two"');
    expect(rules({ id: 5 })).toEqual(["PAYLOAD_INVALID /id"]);
    expect(rules({ id: { nested: true } })).toEqual(["PAYLOAD_INVALID /id"]);
    expect(rules({ total_cents: 1.5 })).toEqual(["PAYLOAD_INVALID /total_cents"]);
    expect(rules({ status: "SHIPPED" })).toEqual(["PAYLOAD_INVALID /status"]);
    expect(rules({ lines: { sku: "a" } })).toEqual(["PAYLOAD_INVALID /lines"]);
    expect(rules({ tags: { a: 1 } })).toEqual(["PAYLOAD_INVALID /tags/a"]);
    expect(rules({ lines: [{ qty: 2 ** 31 }] })).toEqual(["PAYLOAD_INVALID /lines/0/qty"]);
    // What the proto3 JSON mapping and protobufjs accept stays valid.
    expect(rules({ id: "o-1", total_cents: "9007199254740993", status: "PAID", lines: [{ sku: "a", qty: "3" }], tags: { a: "b" }, blob: "AAE=" })).toEqual([]);
    expect(rules({ total_cents: 12n, status: 1, blob: Uint8Array.of(1), lines: [], id: null })).toEqual([]);
  });

  it("returns PAYLOAD_INVALID for truncated bytes", async () => {
    const s = await schema();
    const r = protobufFormat.decode(s, Uint8Array.of(0x0a, 0x05, 0x61));
    expect(r).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
  });
});
