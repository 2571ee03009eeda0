import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { protobufSerde } from "./serde-protobuf.js";

const PROTO = `syntax = "proto3";
package t;
message Order {
  string id = 1;
  int64 total = 2;
  enum Status { OPEN = 0; PAID = 1; }
  Status status = 3;
  repeated Line lines = 4;
  map<string, int32> counts = 5;
  optional string note = 6;
  oneof payment { string card = 7; string iban = 8; }
  bytes raw = 9;
}
message Line { string sku = 1; uint32 quantity = 2; }
`;
const root = protobuf.parse(PROTO, { keepCase: true }).root.toJSON();
const required = { "t.Order": ["id", "total", "status", "lines", "counts", "raw"], "t.Line": ["sku", "quantity"] };

describe("Protobuf serde", () => {
  it("round-trips values in the generated types' shape, 64-bit integers as bigint", () => {
    const serde = protobufSerde(root, "t.Order", required, { longs: "bigint" });
    const value = { id: "o1", total: 2n ** 62n, status: "PAID", lines: [{ sku: "A", quantity: 2 }], counts: { a: 1 }, note: "n", card: "4242", raw: Buffer.from("x") };
    expect(serde.validate(value)).toEqual([]);
    expect(serde.decode(serde.encode(value))).toEqual(value);
  });

  it("names the path of every problem: missing, wrong type, unknown enum, unknown field, two oneof members", () => {
    const serde = protobufSerde(root, "t.Order", required, { longs: "number" });
    const issues = serde.validate({ id: 1, total: 1.5, status: "LOST", lines: [{ sku: "A" }], counts: { a: "x" }, raw: "no", card: "c", iban: "i", extra: true });
    expect(issues.map((i) => i.path).sort()).toEqual(["/counts/a", "/extra", "/iban", "/id", "/lines/0/quantity", "/raw", "/status", "/total"]);
    expect(serde.validate(null)[0]).toMatchObject({ path: "", message: expect.stringContaining("Order") });
  });
});
