import { describe, expect, it } from "vitest";
import { decodeWireMessage, encodeMessageIndexes, encodeWireMessage } from "./wire-format.js";

describe("Confluent wire format", () => {
  it("frames a payload as 0x00 + big-endian int32 id + payload", () => {
    const framed = encodeWireMessage(258, Uint8Array.of(7, 8));
    expect([...framed]).toEqual([0, 0, 0, 1, 2, 7, 8]);
    const decoded = decodeWireMessage(framed);
    expect(decoded.ok && decoded.value.schemaId).toBe(258);
    expect(decoded.ok && [...decoded.value.payload]).toEqual([7, 8]);
  });

  it("writes the Protobuf message index [0] as the single byte 0x00", () => {
    expect([...encodeMessageIndexes([0])]).toEqual([0]);
    const framed = encodeWireMessage(1, Uint8Array.of(42), [0]);
    expect([...framed]).toEqual([0, 0, 0, 0, 1, 0, 42]);
    const decoded = decodeWireMessage(framed, { protobuf: true });
    expect(decoded.ok && decoded.value.messageIndexes).toEqual([0]);
    expect(decoded.ok && [...decoded.value.payload]).toEqual([42]);
  });

  it("zig-zag encodes count and indexes for other paths", () => {
    // [1, 0]: count 2 → 4, 1 → 2, 0 → 0
    expect([...encodeMessageIndexes([1, 0])]).toEqual([4, 2, 0]);
    // a large index needs a multi-byte varint: 100 → zig-zag 200 → 0xc8 0x01
    expect([...encodeMessageIndexes([100])]).toEqual([2, 0xc8, 0x01]);
    const framed = encodeWireMessage(9, Uint8Array.of(1), [3, 100, 2]);
    const decoded = decodeWireMessage(framed, { protobuf: true });
    expect(decoded.ok && decoded.value.messageIndexes).toEqual([3, 100, 2]);
    expect(decoded.ok && [...decoded.value.payload]).toEqual([1]);
  });

  it("returns WIRE_FORMAT_INVALID values for bad input", () => {
    const short = decodeWireMessage(Uint8Array.of(0, 0, 1));
    expect(!short.ok && short.error.code).toBe("WIRE_FORMAT_INVALID");
    const magic = decodeWireMessage(Uint8Array.of(1, 0, 0, 0, 1));
    expect(!magic.ok && magic.error.message).toMatch(/magic byte 0x1/);
    const truncated = decodeWireMessage(Uint8Array.of(0, 0, 0, 0, 1, 4, 2), { protobuf: true });
    expect(!truncated.ok && truncated.error.message).toMatch(/truncated/);
  });

  it("refuses ids outside int32 as a programming error", () => {
    expect(() => encodeWireMessage(2 ** 31, Uint8Array.of())).toThrow(RangeError);
  });
});
