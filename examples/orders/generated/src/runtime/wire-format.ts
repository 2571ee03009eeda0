/**
 * Confluent wire format, version 0: magic byte `0x00`, the schema id as a big-endian int32, then (Protobuf
 * only) the message-index array, then the payload. Source: Confluent `AbstractKafkaSchemaSerDe`,
 * `MessageIndexes.java`. A standalone copy of `@charter/contracts`' framing so generated packages carry no
 * dependency on Charter.
 */
import { MessagingError } from "./errors.js";

/** A framed message split into its parts. */
export interface WireMessage {
  readonly schemaId: number;
  /** Protobuf message indexes (`[0]` = first top-level message); empty for Avro and JSON. */
  readonly messageIndexes: readonly number[];
  /** The payload bytes (a view into the input). */
  readonly payload: Uint8Array;
}

/** Frames `payload`; pass `messageIndexes` for Protobuf only (`[0]` is written as the single byte 0). */
export function frame(schemaId: number, payload: Uint8Array, messageIndexes?: readonly number[]): Uint8Array {
  const indexes = messageIndexes === undefined ? [] : encodeIndexes(messageIndexes);
  const out = new Uint8Array(5 + indexes.length + payload.length);
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(indexes, 5);
  out.set(payload, 5 + indexes.length);
  return out;
}

/** True when `bytes` starts like a wire-format message (magic byte and room for an id). */
export function isFramed(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0;
}

/**
 * Splits a framed message; set `protobuf` to read the message-index array.
 * @throws MessagingError `WIRE_FORMAT_INVALID` for a bad magic byte or truncated header.
 */
export function unframe(bytes: Uint8Array, protobuf: boolean): WireMessage {
  if (!isFramed(bytes)) throw new MessagingError("WIRE_FORMAT_INVALID", "not in the Confluent wire format (magic byte 0 and a 4-byte schema id)");
  const schemaId = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(1, false);
  if (!protobuf) return { schemaId, messageIndexes: [], payload: bytes.subarray(5) };
  const reader = { bytes, pos: 5 };
  const count = readZigZag(reader);
  if (count === 0) return { schemaId, messageIndexes: [0], payload: bytes.subarray(reader.pos) };
  if (count < 0 || count > bytes.length) throw new MessagingError("WIRE_FORMAT_INVALID", `invalid message-index count ${count}`);
  const messageIndexes: number[] = [];
  for (let i = 0; i < count; i++) messageIndexes.push(readZigZag(reader));
  return { schemaId, messageIndexes, payload: bytes.subarray(reader.pos) };
}

function encodeIndexes(indexes: readonly number[]): number[] {
  if (indexes.length === 1 && indexes[0] === 0) return [0];
  const out: number[] = [];
  for (const n of [indexes.length, ...indexes]) {
    let v = ((n << 1) ^ (n >> 31)) >>> 0;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  }
  return out;
}

function readZigZag(reader: { bytes: Uint8Array; pos: number }): number {
  let result = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = reader.bytes[reader.pos++];
    if (byte === undefined) break;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
  }
  throw new MessagingError("WIRE_FORMAT_INVALID", "truncated message-index array");
}
