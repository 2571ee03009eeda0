import { describe, expect, it } from "vitest";
import { frame, isFramed, unframe } from "./wire-format.js";

describe("Confluent wire format", () => {
  it("frames and unframes Avro/JSON and Protobuf (message indexes) payloads", () => {
    const payload = Uint8Array.from([7, 8, 9]);
    const avro = frame(42, payload);
    expect([...avro]).toEqual([0, 0, 0, 0, 42, 7, 8, 9]);
    expect(unframe(avro, false)).toMatchObject({ schemaId: 42, messageIndexes: [] });
    expect([...unframe(avro, false).payload]).toEqual([7, 8, 9]);
    expect([...frame(1, payload, [0])].slice(5)).toEqual([0, 7, 8, 9]);
    const nested = frame(1, payload, [1, 0]);
    expect(unframe(nested, true)).toMatchObject({ schemaId: 1, messageIndexes: [1, 0] });
    expect([...unframe(nested, true).payload]).toEqual([7, 8, 9]);
  });

  it("refuses bytes that are not framed", () => {
    expect(isFramed(Buffer.from("{}"))).toBe(false);
    expect(() => unframe(Buffer.from("{}"), false)).toThrow(expect.objectContaining({ code: "WIRE_FORMAT_INVALID" }));
    expect(() => unframe(Uint8Array.from([0, 0, 0, 0, 1, 0x80]), true)).toThrow(expect.objectContaining({ code: "WIRE_FORMAT_INVALID" }));
  });
});
