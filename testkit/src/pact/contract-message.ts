import type { EachMessagePayload } from "kafkajs";
import { describeViolations, type ContractSchema, type LoadedContract, violationsOf } from "../contracts/load-contract.js";
import { TestkitError } from "../errors.js";
import { exampleFromSchema } from "./example-from-schema.js";
import { reifyExample } from "./pact-matchers-in-example.js";
import { avroToJsonSchema } from "./schema-view.js";

/** A message as a consumer handler sees it in a contract test: topic, key, decoded value and headers. */
export interface ContractMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly value: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The JSON Schema a loaded contract's value is described by (Avro converted with `avroToJsonSchema`);
 * `undefined` for Protobuf, which has no JSON Schema form here.
 */
export function valueJsonSchema(contract: LoadedContract): unknown {
  const value = contract.value;
  if (!value) return undefined;
  if (value.parsed.type === "AVRO") return avroToJsonSchema(value.schemaJson);
  if (value.parsed.type === "JSON") return value.schemaJson;
  return undefined;
}

/**
 * The example the contract gives for its value: `override` when given (Pact matchers in it reified, as pact-js
 * hands the consumer a reified message), else the AsyncAPI message's first example payload, else the schema's
 * `examples[0]`, else one generated from the schema. Throws `TestkitError` `INVALID_ARGUMENT` when the result
 * does not validate against the contract (the violations say where), the contract has no value schema, or it
 * is Protobuf (no JSON Schema form to generate from) and neither `override` nor an AsyncAPI example is given.
 */
export function contractExample(contract: LoadedContract, override?: unknown): unknown {
  const schema = contract.value;
  if (!schema) throw new TestkitError("INVALID_ARGUMENT", "the contract binds no value schema, so there is no example to build");
  const fromMessage = contract.message?.examples
    .map((e) => (e !== null && typeof e === "object" && !Array.isArray(e) && "payload" in e ? e["payload"] : undefined))
    .find((p) => p !== undefined);
  if (override === undefined && fromMessage === undefined && valueJsonSchema(contract) === undefined) {
    // Protobuf has no JSON Schema form here, so no example can be generated from it.
    throw new TestkitError("INVALID_ARGUMENT", `${schema.origin} is a ${schema.parsed.type} contract, from which no example can be generated: pass \`example\` (the decoded message as JSON, e.g. { "field": value })`);
  }
  const example = (override === undefined ? undefined : reifyExample(override)) ?? fromMessage ?? exampleFromSchema(valueJsonSchema(contract) ?? {});
  assertValid(schema, example, override !== undefined ? "the example given" : fromMessage !== undefined ? "the AsyncAPI message example" : "the generated example");
  return example;
}

/** The example headers of an AsyncAPI message (its first example's `headers`), as strings. */
export function contractExampleHeaders(contract: LoadedContract): Record<string, string> {
  const headers = contract.message?.examples
    .map((e) => (e !== null && typeof e === "object" && !Array.isArray(e) && "headers" in e ? e["headers"] : undefined))
    .find((h) => h !== undefined && h !== null && typeof h === "object");
  return Object.fromEntries(Object.entries((headers ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** The Kafka topic an AsyncAPI message travels on (`bindings.kafka.topic`, else the channel address). */
export function contractTopic(contract: LoadedContract): string | undefined {
  const message = contract.message;
  if (!message) return undefined;
  const channel = contract.asyncapi?.channels.find((c) => c.id === message.channelId);
  return channel?.kafkaTopic ?? channel?.address ?? undefined;
}

function assertValid(schema: ContractSchema, example: unknown, what: string): void {
  const violations = violationsOf(schema, example);
  if (violations.length > 0) {
    throw new TestkitError("INVALID_ARGUMENT", `${what} does not match ${schema.origin}: ${describeViolations(violations)}`, { violations });
  }
}

/**
 * A kafkajs `EachMessagePayload` carrying a {@link ContractMessage} (value as JSON text bytes, key and header
 * values as Buffers, offset 0), to run a service's real `eachMessage` handler in a contract test.
 */
export function toEachMessagePayload(message: ContractMessage, options: { partition?: number; offset?: number } = {}): EachMessagePayload {
  const value = typeof message.value === "string" ? message.value : JSON.stringify(message.value);
  return {
    topic: message.topic,
    partition: options.partition ?? 0,
    message: {
      key: message.key === null ? null : Buffer.from(message.key),
      value: Buffer.from(value),
      timestamp: String(Date.now()),
      attributes: 0,
      offset: String(options.offset ?? 0),
      headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v)])),
    },
    heartbeat: async () => {},
    pause: () => () => {},
  };
}
