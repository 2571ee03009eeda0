import { describe, expect, it } from "vitest";
import type { ParsedSchema } from "../format.js";
import { avroFormat } from "./index.js";

async function p(schema: unknown): Promise<ParsedSchema> {
  const r = await avroFormat.parse(JSON.stringify(schema));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const user = {
  type: "record",
  name: "User",
  namespace: "com.acme",
  fields: [
    { name: "id", type: "long" },
    { name: "email", type: ["null", "string"], default: null },
    { name: "created", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "tags", type: { type: "array", items: "string" } },
    { name: "address", type: { type: "record", name: "Address", fields: [{ name: "zip", type: "string" }] } },
  ],
};

describe("validate / encode / decode (avsc)", () => {
  const value = { id: 7, email: "a@b.c", created: 1700000000000, tags: ["x"], address: { zip: "12345" } };

  it("round-trips a value; logical types stay raw", async () => {
    const s = await p(user);
    expect(avroFormat.validate(s, value)).toEqual([]);
    const bytes = avroFormat.encode(s, value);
    if (!bytes.ok) throw new Error(bytes.error.message);
    // id=7 zig-zag → 0x0e; union branch 1 → 0x02, then "a@b.c".
    expect([...bytes.value.slice(0, 3)]).toEqual([0x0e, 0x02, 0x0a]);
    const back = avroFormat.decode(s, bytes.value);
    if (!back.ok) throw new Error(back.error.message);
    expect(JSON.parse(JSON.stringify(back.value))).toEqual(value);
  });

  it("names the path of each invalid value", async () => {
    const s = await p(user);
    const v = avroFormat.validate(s, { ...value, id: "7", address: { zip: 5 } });
    expect(v.map((x) => x.path)).toEqual(["/id", "/address/zip"]);
    expect(v.every((x) => x.rule === "PAYLOAD_INVALID")).toBe(true);
  });

  it("returns PAYLOAD_INVALID instead of throwing", async () => {
    const s = await p(user);
    const enc = avroFormat.encode(s, { ...value, tags: [1] });
    expect(enc).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID", path: "/tags/0" } });
    expect(avroFormat.decode(s, Uint8Array.of(0x0e))).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
    const good = avroFormat.encode(s, value);
    if (!good.ok) throw new Error(good.error.message);
    expect(avroFormat.decode(s, Uint8Array.from([...good.value, 0]))).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID" } });
  });

  it("works with referenced types", async () => {
    const r = await avroFormat.parse(JSON.stringify({ type: "array", items: "a.Point" }), {
      references: [{ name: "a.Point", schema: JSON.stringify({ type: "record", name: "a.Point", fields: [{ name: "x", type: "int" }] }) }],
    });
    if (!r.ok) throw new Error(r.error.message);
    const bytes = avroFormat.encode(r.value, [{ x: 1 }, { x: -1 }]);
    expect(bytes).toMatchObject({ ok: true });
    if (bytes.ok) expect([...bytes.value]).toEqual([0x04, 0x02, 0x01, 0x00]);
  });

  it("handles recursive schemas", async () => {
    const s = await p({ type: "record", name: "Node", fields: [{ name: "v", type: "int" }, { name: "next", type: ["null", "Node"], default: null }] });
    const value = { v: 1, next: { v: 2, next: null } };
    const bytes = avroFormat.encode(s, value);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const back = avroFormat.decode(s, bytes.value);
    expect(back.ok && JSON.parse(JSON.stringify(back.value))).toEqual(value);
  });
});
