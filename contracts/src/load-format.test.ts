import { describe, expect, it, vi } from "vitest";
import { isFormatLoaded, lazyFormat, loadFormat, supportedSchemaTypes, warmUpFormat } from "./load-format.js";

const record = (fields: string) => `{"type": "record", "name": "R", "fields": [${fields}]}`;

describe("loading engines on use", () => {
  it("knows the four engines, and nothing else", async () => {
    expect(supportedSchemaTypes()).toEqual(["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"]);
    expect(lazyFormat("XML")).toBeUndefined();
    expect(await loadFormat("XML")).toBeUndefined();
    expect(await warmUpFormat("XML")).toBeUndefined();
  });

  it("warms every engine up with a schema it accepts", async () => {
    for (const type of supportedSchemaTypes()) {
      const format = await warmUpFormat(type);
      expect(format?.type).toBe(type);
      expect(isFormatLoaded(type)).toBe(true);
      expect(await loadFormat(type)).toBe(format);
    }
  });

  it("a lazy format parses, checks and encodes like the engine, and is one object per type", async () => {
    const lazy = lazyFormat("AVRO")!;
    expect(lazyFormat("AVRO")).toBe(lazy);
    const engine = (await loadFormat("AVRO"))!;
    const reader = await lazy.parse(record('{"name": "a", "type": "int"}, {"name": "b", "type": "string"}'));
    const writer = await lazy.parse(record('{"name": "a", "type": "int"}'));
    if (!reader.ok || !writer.ok) throw new Error("parse failed");
    expect(lazy.compatibility(reader.value, writer.value)).toEqual(engine.compatibility(reader.value, writer.value));
    expect(lazy.compatibility(reader.value, writer.value).length).toBeGreaterThan(0);
    expect(lazy.validate(writer.value, { a: "x" })).toEqual(engine.validate(writer.value, { a: "x" }));
    const encoded = lazy.encode(writer.value, { a: 7 });
    expect(encoded).toEqual(engine.encode(writer.value, { a: 7 }));
    if (!encoded.ok) throw new Error("encode failed");
    expect(lazy.decode(writer.value, encoded.value)).toEqual({ ok: true, value: { a: 7 } });
  });

  it("imports nothing until the first parse; before it, a schema from elsewhere gets a clear error", async () => {
    vi.resetModules();
    const fresh = (await import("./load-format.js")) as typeof import("./load-format.js");
    const lazy = fresh.lazyFormat("AVRO")!;
    expect(fresh.isFormatLoaded("AVRO")).toBe(false);
    const elsewhere = await (await loadFormat("AVRO"))!.parse('"int"');
    if (!elsewhere.ok) throw new Error("parse failed");
    expect(() => lazy.validate(elsewhere.value, 1)).toThrow(/AVRO engine is not loaded yet/);
    expect((await lazy.parse('"long"')).ok).toBe(true);
    expect(fresh.isFormatLoaded("AVRO")).toBe(true);
    expect(lazy.validate(elsewhere.value, 1)).toEqual([]);
  });
});
