/**
 * The Kafka serializers teams already run, against a real Charter registry: register Avro and JSON schemas,
 * serialize to the Confluent wire format, deserialize, fetch by id, and see an incompatible schema refused.
 */
import { SchemaRegistry, SchemaType } from "@kafkajs/confluent-schema-registry";
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  SchemaRegistryClient,
  SerdeType,
} from "@confluentinc/schemaregistry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRegistry, type TestRegistry } from "./helpers.js";

const userV1 = {
  type: "record",
  name: "User",
  namespace: "com.example.events",
  fields: [
    { name: "id", type: "string" },
    { name: "age", type: "int" },
  ],
};
// Adds a field with a default: BACKWARD compatible.
const userV2 = { ...userV1, fields: [...userV1.fields, { name: "email", type: ["null", "string"], default: null }] };
// Adds a field without a default: a reader on this schema cannot read v1 data.
const userBroken = { ...userV1, fields: [...userV1.fields, { name: "country", type: "string" }] };

const orderJson = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "OrderPlaced",
  type: "object",
  properties: { orderId: { type: "string" }, amount: { type: "number", minimum: 0 } },
  required: ["orderId", "amount"],
  additionalProperties: false,
};
// Closed content model: removing a property is not backward compatible (old data may carry it).
const orderJsonBroken = { ...orderJson, properties: { orderId: { type: "string" } }, required: ["orderId"] };

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

describe("@kafkajs/confluent-schema-registry", () => {
  it("round-trips an Avro message and fetches the schema by id", async () => {
    const client = new SchemaRegistry({ host: registry.url });
    const { id } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(userV1) }, { subject: "kafkajs-users-value" });
    expect(id).toBeGreaterThan(0);
    const encoded = await client.encode(id, { id: "u1", age: 42 });
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    // A fresh client has no cache: decode must fetch the schema from the registry by id.
    const fresh = new SchemaRegistry({ host: registry.url });
    expect(await fresh.decode(encoded)).toEqual({ id: "u1", age: 42 });
    const schema = await fresh.getSchema(id);
    expect(schema).toBeDefined();
  });

  it("registers a compatible evolution and refuses an incompatible one", async () => {
    const client = new SchemaRegistry({ host: registry.url });
    const subject = "kafkajs-users-value";
    const { id: v2 } = await client.register({ type: SchemaType.AVRO, schema: JSON.stringify(userV2) }, { subject });
    expect(await client.getLatestSchemaId(subject)).toBe(v2);
    await expect(client.register({ type: SchemaType.AVRO, schema: JSON.stringify(userBroken) }, { subject })).rejects.toThrow(/409|incompatible/i);
    expect(await client.getLatestSchemaId(subject)).toBe(v2);
  });

  it("round-trips a JSON Schema message", async () => {
    const client = new SchemaRegistry({ host: registry.url });
    const { id } = await client.register({ type: SchemaType.JSON, schema: JSON.stringify(orderJson) }, { subject: "kafkajs-orders-value" });
    const encoded = await client.encode(id, { orderId: "o-1", amount: 9.5 });
    expect(encoded.readInt32BE(1)).toBe(id);
    const fresh = new SchemaRegistry({ host: registry.url });
    expect(await fresh.decode(encoded)).toEqual({ orderId: "o-1", amount: 9.5 });
    await expect(
      client.register({ type: SchemaType.JSON, schema: JSON.stringify(orderJsonBroken) }, { subject: "kafkajs-orders-value" }),
    ).rejects.toThrow(/409|incompatible/i);
  });
});

describe("@confluentinc/schemaregistry", () => {
  it("round-trips an Avro message through the serializer and deserializer", async () => {
    const client = new SchemaRegistryClient({ baseURLs: [registry.url] });
    const topic = "cf-users";
    const id = await client.register(`${topic}-value`, { schemaType: "AVRO", schema: JSON.stringify(userV1) });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
    const bytes = await serializer.serialize(topic, { id: "u7", age: 30 });
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    const reader = new AvroDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, {});
    expect(await reader.deserialize(topic, bytes)).toEqual({ id: "u7", age: 30 });
    const fetched = await new SchemaRegistryClient({ baseURLs: [registry.url] }).getBySubjectAndId(`${topic}-value`, id);
    expect(JSON.parse(fetched.schema)).toEqual(userV1);
  });

  it("refuses an incompatible Avro schema with HTTP 409", async () => {
    const client = new SchemaRegistryClient({ baseURLs: [registry.url] });
    const subject = "cf-users-value";
    await expect(client.register(subject, { schemaType: "AVRO", schema: JSON.stringify(userBroken) })).rejects.toMatchObject({ status: 409 });
    expect(await client.testSubjectCompatibility(subject, { schemaType: "AVRO", schema: JSON.stringify(userV2) })).toBe(true);
    expect(await client.testSubjectCompatibility(subject, { schemaType: "AVRO", schema: JSON.stringify(userBroken) })).toBe(false);
    expect(await client.testCompatibility(subject, 1, { schemaType: "AVRO", schema: JSON.stringify(userV2) })).toBe(true);
  });

  it("round-trips a JSON Schema message through the serializer and deserializer", async () => {
    const client = new SchemaRegistryClient({ baseURLs: [registry.url] });
    const topic = "cf-orders";
    await client.register(`${topic}-value`, { schemaType: "JSON", schema: JSON.stringify(orderJson) });
    const serializer = new JsonSerializer(client, SerdeType.VALUE, { useLatestVersion: true, validate: true });
    const bytes = await serializer.serialize(topic, { orderId: "o-2", amount: 1 });
    const reader = new JsonDeserializer(new SchemaRegistryClient({ baseURLs: [registry.url] }), SerdeType.VALUE, { validate: true });
    expect(await reader.deserialize(topic, bytes)).toEqual({ orderId: "o-2", amount: 1 });
    await expect(client.register(`${topic}-value`, { schemaType: "JSON", schema: JSON.stringify(orderJsonBroken) })).rejects.toMatchObject({
      status: 409,
    });
  });
});
