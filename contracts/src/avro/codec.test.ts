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

  it("names fields the schema does not declare (avsc accepts them and the encoding drops them)", async () => {
    const s = await p(user);
    const v = avroFormat.validate(s, { ...value, note: "x", address: { zip: "1", city: "Oslo" } });
    expect(v).toMatchObject([
      { rule: "UNDECLARED_FIELD", path: "/address/city", message: "com.acme.Address declares no field city (the encoding would drop it)" },
      { rule: "UNDECLARED_FIELD", path: "/note", message: "com.acme.User declares no field note (the encoding would drop it)" },
    ]);
    expect(avroFormat.encode(s, { ...value, note: "x" })).toMatchObject({ ok: false, error: { code: "PAYLOAD_INVALID", path: "/note" } });
    // Inside arrays, maps and unions too.
    const nested = await p({
      type: "record",
      name: "Outer",
      fields: [
        { name: "items", type: { type: "array", items: { type: "record", name: "Item", fields: [{ name: "k", type: "int" }] } } },
        { name: "byName", type: { type: "map", values: "Item" } },
        { name: "maybe", type: ["null", "Item"], default: null },
      ],
    });
    const found = avroFormat.validate(nested, { items: [{ k: 1 }, { k: 2, x: 1 }], byName: { a: { k: 1, y: 2 } }, maybe: { k: 3, z: 3 } });
    expect(found.map((f) => `${f.rule} ${f.path}`)).toEqual(["UNDECLARED_FIELD /items/1/x", "UNDECLARED_FIELD /byName/a/y", "UNDECLARED_FIELD /maybe/z"]);
    expect(avroFormat.validate(nested, { items: [{ k: 1 }], byName: {}, maybe: null })).toEqual([]);
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
