import { fail, ok, type Result } from "./errors.js";

/** Confluent wire format, version 0: magic byte 0x00. */
export const MAGIC_BYTE = 0x00;

/** A message in the Confluent wire format, split into its parts. */
export interface WireMessage {
  /** Schema id (int32, big-endian on the wire). */
  readonly schemaId: number;
  /**
   * Protobuf only: the path of message indexes from the file root to the message type; `[0]` is the first
   * message. Empty for Avro and JSON.
   */
  readonly messageIndexes: readonly number[];
  /** The format's own payload bytes (a view into the input, not a copy). */
  readonly payload: Uint8Array;
}

/**
 * Frames `payload` in the Confluent wire format: `0x00`, int32 big-endian schema id, then (Protobuf only) the
 * message-index array, then the payload. Source: Confluent `AbstractKafkaSchemaSerDe`, `MessageIndexes.java`.
 * @param messageIndexes pass `undefined` for Avro/JSON; for Protobuf `[0]` is written as the single byte 0x00.
 * @throws RangeError when `schemaId` is not an int32 (a programming error, not bad input).
 */
export function encodeWireMessage(schemaId: number, payload: Uint8Array, messageIndexes?: readonly number[]): Uint8Array {
  if (!Number.isInteger(schemaId) || schemaId < -0x80000000 || schemaId > 0x7fffffff) {
    throw new RangeError(`schema id ${schemaId} is not an int32`);
  }
  const indexBytes = messageIndexes === undefined ? new Uint8Array(0) : encodeMessageIndexes(messageIndexes);
  const out = new Uint8Array(5 + indexBytes.length + payload.length);
  out[0] = MAGIC_BYTE;
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(indexBytes, 5);
  out.set(payload, 5 + indexBytes.length);
  return out;
}

/**
 * Splits a Confluent wire-format message. Set `protobuf` to read the message-index array after the id.
 * Errors: `WIRE_FORMAT_INVALID` when the magic byte is not 0x00, the message is shorter than 5 bytes, or the
 * index array is truncated.
 */
export function decodeWireMessage(bytes: Uint8Array, options: { protobuf?: boolean } = {}): Result<WireMessage> {
  if (bytes.length < 5) return fail("WIRE_FORMAT_INVALID", `message of ${bytes.length} bytes is shorter than the 5-byte header`);
  if (bytes[0] !== MAGIC_BYTE) return fail("WIRE_FORMAT_INVALID", `unknown magic byte 0x${(bytes[0] ?? 0).toString(16)}`);
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1, false);
  if (!options.protobuf) return ok({ schemaId, messageIndexes: [], payload: bytes.subarray(5) });
  const reader = { bytes, pos: 5 };
  const count = readZigZag(reader);
  if (count === undefined) return fail("WIRE_FORMAT_INVALID", "truncated message-index count");
  if (count === 0) return ok({ schemaId, messageIndexes: [0], payload: bytes.subarray(reader.pos) });
  if (count < 0 || count > bytes.length) return fail("WIRE_FORMAT_INVALID", `invalid message-index count ${count}`);
  const messageIndexes: number[] = [];
  for (let i = 0; i < count; i++) {
    const index = readZigZag(reader);
    if (index === undefined) return fail("WIRE_FORMAT_INVALID", "truncated message-index array");
    messageIndexes.push(index);
  }
  return ok({ schemaId, messageIndexes, payload: bytes.subarray(reader.pos) });
}

/** Encodes a Protobuf message-index array: zig-zag varint count then indexes; `[0]` as the single byte 0x00. */
export function encodeMessageIndexes(indexes: readonly number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return Uint8Array.of(0);
  const out: number[] = [];
  writeZigZag(out, indexes.length);
  for (const index of indexes) writeZigZag(out, index);
  return Uint8Array.from(out);
}

function writeZigZag(out: number[], value: number): void {
  let n = ((value << 1) ^ (value >> 31)) >>> 0;
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
}

function readZigZag(reader: { bytes: Uint8Array; pos: number }): number | undefined {
  let result = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = reader.bytes[reader.pos++];
    if (byte === undefined) return undefined;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
  }
  return undefined;
}
