import { decodeWireMessage, encodeWireMessage, MAGIC_BYTE, type Violation } from "@charter/contracts";
import type { EncodedRecord, OutgoingRecord, TopicBinding } from "../broker/topic-binding.js";
import { TestkitError } from "../errors.js";
import { type ContractSchema, describeViolations, type LoadedContract, violationsOf } from "./load-contract.js";

/**
 * The produce-path binding of a loaded contract to `topic`. Every key/value with a bound schema is validated
 * with the `@charter/contracts` engine of its type:
 * - registry contracts store the value in the Confluent wire format (`0x00`, int32 schema id, Protobuf message
 *   indexes, payload) with the registered id: a value produced as JSON text (or a plain string) is validated and
 *   encoded; a value already in the wire format (e.g. from `@kafkajs/confluent-schema-registry`) is decoded
 *   with the schema of its id and validated; consumers receive the decoded JSON text (or, with
 *   `consumers: "wire"`, the wire bytes);
 * - file contracts validate and store the value as produced (JSON text, or Avro/Protobuf binary, decoded to
 *   validate).
 * A violation throws `TestkitError` `CONTRACT_VIOLATION` naming the topic, the subject or file, each JSON
 * Pointer path and rule; the broker then stores nothing of the send. Tombstones (null values) pass.
 */
export function contractBinding(topic: string, contract: LoadedContract): TopicBinding {
  const registry = contract.registry;
  const wireOut = registry !== undefined;
  const toConsumer = wireOut && "consumers" in contract.source && contract.source.consumers === "wire" ? "wire" : "decoded";
  const describe = [contract.value && `value: ${contract.value.origin}`, contract.key && `key: ${contract.key.origin}`].filter(Boolean).join("; ");

  const refuse = (part: "key" | "value", schema: ContractSchema, violations: readonly Violation[]): never => {
    const first = violations[0]!;
    throw new TestkitError(
      "CONTRACT_VIOLATION",
      `topic ${topic}: the produced ${part} breaks its contract (${schema.origin}): ${describeViolations(violations)}`,
      { topic, part, origin: schema.origin, path: first.path, rule: first.rule, violations },
    );
  };

  const encodePart = async (part: "key" | "value", schema: ContractSchema | undefined, bytes: Buffer | null) => {
    if (!schema || bytes === null) return { stored: bytes, forConsumer: bytes };
    if (wireOut && isWireFormat(bytes)) {
      const decoded = await decodeWire(schema, bytes);
      if (!decoded.ok) return refuse(part, schema, [{ rule: "WIRE_FORMAT_INVALID", path: "", message: decoded.message }]);
      const violations = decoded.schema.format.validate(decoded.schema.parsed, decoded.value, decoded.schema.options);
      if (violations.length > 0) refuse(part, schema, violations);
      return { stored: bytes, forConsumer: toConsumer === "wire" ? bytes : jsonBytes(decoded.value) };
    }
    const value = readValue(schema, bytes);
    const violations = violationsOf(schema, value);
    if (violations.length > 0) refuse(part, schema, violations);
    if (!wireOut) return { stored: bytes, forConsumer: bytes };
    const encoded = schema.format.encode(schema.parsed, value, schema.options);
    if (!encoded.ok) return refuse(part, schema, [{ rule: encoded.error.code, path: encoded.error.path ?? "", message: encoded.error.message }]);
    const wire = Buffer.from(encodeWireMessage(schema.schemaId!, encoded.value, schema.parsed.type === "PROTOBUF" ? schema.messageIndexes : undefined));
    return { stored: wire, forConsumer: toConsumer === "wire" ? wire : bytes };
  };

  /** Decodes wire bytes with the schema of their id (the bound one, or fetched from the registry). */
  const decodeWire = async (bound: ContractSchema, bytes: Buffer) => {
    const frame = decodeWireMessage(bytes, { protobuf: bound.parsed.type === "PROTOBUF" });
    if (!frame.ok) return { ok: false as const, message: frame.error.message };
    let schema = bound;
    if (frame.value.schemaId !== bound.schemaId) {
      try {
        const other = await registry!.schemaById(frame.value.schemaId);
        schema = { ...bound, parsed: other.parsed, schemaId: other.id, origin: `schema id ${other.id} at ${registry!.url}` };
      } catch (e) {
        return { ok: false as const, message: `schema id ${frame.value.schemaId} in the wire header is unknown: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    const options = schema.parsed.type === "PROTOBUF" ? { message: frame.value.messageIndexes } : schema.options;
    const decoded = schema.format.decode(schema.parsed, frame.value.payload, options);
    if (!decoded.ok) return { ok: false as const, message: decoded.error.message };
    return { ok: true as const, value: decoded.value, schema: { ...schema, options } };
  };

  const decodedCache = new Map<number, ContractSchema>();
  if (contract.value?.schemaId !== undefined) decodedCache.set(contract.value.schemaId, contract.value);

  return {
    description: describe,
    async encode(record: OutgoingRecord): Promise<EncodedRecord> {
      const key = await encodePart("key", contract.key, record.key);
      const value = await encodePart("value", contract.value, record.value);
      return { key: key.stored, value: value.stored, consumerKey: key.forConsumer, consumerValue: value.forConsumer };
    },
    decodeValue(bytes: Buffer): unknown {
      const schema = contract.value;
      if (!schema) return lenientJson(bytes);
      if (wireOut && isWireFormat(bytes)) {
        const frame = decodeWireMessage(bytes, { protobuf: schema.parsed.type === "PROTOBUF" });
        const known = frame.ok ? decodedCache.get(frame.value.schemaId) : undefined;
        if (!frame.ok || !known) return bytes;
        const options = known.parsed.type === "PROTOBUF" ? { message: frame.value.messageIndexes } : known.options;
        const decoded = known.format.decode(known.parsed, frame.value.payload, options);
        return decoded.ok ? decoded.value : bytes;
      }
      return readValue(schema, bytes);
    },
  };
}

function isWireFormat(bytes: Buffer): boolean {
  return bytes.length >= 5 && bytes[0] === MAGIC_BYTE;
}

/**
 * The JS value of produced bytes: JSON text when it parses, else (Avro/Protobuf) the engine's binary decode,
 * else the UTF-8 string (a plain-string key or value).
 */
export function readValue(schema: ContractSchema, bytes: Buffer): unknown {
  const text = utf8(bytes);
  if (text !== undefined) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON: binary payload or a plain string
    }
  }
  if (schema.parsed.type === "AVRO" || schema.parsed.type === "PROTOBUF") {
    const decoded = schema.format.decode(schema.parsed, bytes, schema.options);
    if (decoded.ok) return decoded.value;
  }
  return text ?? bytes;
}

/** JSON-parsed UTF-8 text, else the string, else the bytes (how unbound values are shown to assertions). */
export function lenientJson(bytes: Buffer): unknown {
  const text = utf8(bytes);
  if (text === undefined) return bytes;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

