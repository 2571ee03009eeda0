/**
 * Pact message tests written the way Pact's documentation shows them (docs.pact.io "Message Pact", pact-js
 * README "Asynchronous API testing" and examples/v4/messages), through `@charter/testkit/pact`, plus our
 * README's promise that every message is checked against the contract.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MatchersV3 } from "@pact-foundation/pact";
import { startRegistry, type RunningRegistry } from "@charter/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPactFileV4, consumeContractMessage, verifyContractMessages, type ProducerContext, type ProviderStateHandler } from "../src/pact/index.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);
const customerContract = { file: fixture("customer.asyncapi.yaml"), message: "CustomerRegistered" };
const dirs: string[] = [];
/** A fresh pact directory, removed after the file's tests. */
const pactDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "testkit-pact-doc-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface PactInteraction {
  type: string;
  description: string;
  providerStates?: Array<{ name: string; params?: Record<string, unknown> }>;
  contents: { content: unknown; contentType: string };
  metadata?: Record<string, unknown>;
  matchingRules?: Record<string, Record<string, { matchers: Array<Record<string, unknown>> }>>;
}
interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  metadata: { pactSpecification: { version: string } };
  interactions: PactInteraction[];
}
const readPact = (dir: string, consumer: string, provider: string) => JSON.parse(readFileSync(join(dir, `${consumer}-${provider}.json`), "utf8")) as PactFile;

const customer = {
  customerId: "9d2b7c1e-5f3a-4c8b-a1d2-3e4f5a6b7c8d",
  email: "ada@example.org",
  registeredAt: "2025-02-03T04:05:06.789Z",
  tier: "GOLD",
  addresses: [{ city: "Leuven", zip: "3000" }, { city: "Gent" }],
};

describe("consumer: a message body written with Pact matchers (pact-js withJSONContent(like(…), eachLike(…), …))", () => {
  it("hands the handler the reified example and writes the user's matching rules", async () => {
    const dir = pactDir();
    const seen: unknown[] = [];
    await consumeContractMessage({
      consumer: "crm-matchers",
      provider: "customers",
      contract: customerContract,
      dir,
      example: {
        customerId: MatchersV3.uuid(customer.customerId),
        email: MatchersV3.regex("^[^@]+@[^@]+$", customer.email),
        registeredAt: MatchersV3.datetime("yyyy-MM-dd'T'HH:mm:ss.SSSX", customer.registeredAt),
        tier: MatchersV3.regex("^(BRONZE|SILVER|GOLD)$", "GOLD"),
        score: MatchersV3.integer(12),
        addresses: MatchersV3.eachLike({ city: MatchersV3.like("Leuven") }, 2),
      },
      handler: (m) => void seen.push(m.value),
    });
    // pact-js hands the consumer the reified message: plain values, never matcher objects.
    expect(seen).toEqual([
      {
        customerId: customer.customerId,
        email: customer.email,
        registeredAt: customer.registeredAt,
        tier: "GOLD",
        score: 12,
        addresses: [{ city: "Leuven" }, { city: "Leuven" }],
      },
    ]);
    const body = readPact(dir, "crm-matchers", "customers").interactions[0]!.matchingRules!["body"]!;
    expect(body["$.customerId"]!.matchers[0]).toMatchObject({ match: "regex" });
    expect(body["$.registeredAt"]!.matchers[0]).toMatchObject({ match: "datetime", format: "yyyy-MM-dd'T'HH:mm:ss.SSSX" });
    expect(body["$.score"]!.matchers[0]).toMatchObject({ match: "integer" });
    expect(body["$.addresses"]!.matchers[0]).toMatchObject({ match: "type", min: 2 });
    expect(body["$.addresses[*].city"]!.matchers[0]).toMatchObject({ match: "type" });
  });

  it("rejects an example (matchers reified) that breaks the contract, naming the field and the contract", async () => {
    const dir = pactDir();
    const failure = await consumeContractMessage({
      consumer: "crm-bad-example",
      provider: "customers",
      contract: customerContract,
      dir,
      example: { ...customer, tier: MatchersV3.like("PLATINUM"), score: MatchersV3.integer(99) },
      handler: () => {},
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "INVALID_ARGUMENT" });
    const text = (failure as Error).message;
    expect(text).toMatch(/\/tier: /);
    expect(text).toMatch(/\/score: /);
    expect(text).toContain("customer.asyncapi.yaml");
    // Nothing was run, so nothing is written.
    expect(existsSync(join(dir, "crm-bad-example-customers.json"))).toBe(false);
  });
});

describe("consumer: provider states, metadata, pact file", () => {
  it("writes given(name, params) provider states, in order, as V4 providerStates", async () => {
    const dir = pactDir();
    await consumeContractMessage({
      consumer: "crm-states",
      provider: "customers",
      contract: customerContract,
      dir,
      providerState: [{ name: "a customer exists", params: { customerId: customer.customerId } }, "marketing is enabled"],
      handler: () => {},
    });
    expect(readPact(dir, "crm-states", "customers").interactions[0]!.providerStates).toEqual([
      { name: "a customer exists", params: { customerId: customer.customerId } },
      { name: "marketing is enabled" },
    ]);
  });

  it("writes Kafka key, content type and CloudEvents headers as metadata, with matchers where given", async () => {
    const dir = pactDir();
    const message = await consumeContractMessage({
      consumer: "crm-meta",
      provider: "customers",
      contract: customerContract,
      dir,
      key: customer.customerId,
      headers: {
        "content-type": "application/json",
        ce_specversion: "1.0",
        ce_type: "com.example.CustomerRegistered",
        ce_id: MatchersV3.uuid("3f1c9a52-8d47-4e2b-9b1e-5a7c2d4e6f80"),
      },
      handler: () => {},
    });
    // The handler sees header values as Kafka would carry them: strings, reified.
    expect(message).toMatchObject({
      topic: "customer-events",
      key: customer.customerId,
      headers: { "content-type": "application/json", ce_specversion: "1.0", ce_type: "com.example.CustomerRegistered", ce_id: "3f1c9a52-8d47-4e2b-9b1e-5a7c2d4e6f80" },
    });
    const interaction = readPact(dir, "crm-meta", "customers").interactions[0]!;
    expect(interaction.metadata).toMatchObject({
      topic: "customer-events",
      key: customer.customerId,
      "content-type": "application/json",
      ce_type: "com.example.CustomerRegistered",
      ce_id: "3f1c9a52-8d47-4e2b-9b1e-5a7c2d4e6f80",
    });
    expect(interaction.matchingRules!["metadata"]!["ce_id"]!.matchers[0]).toMatchObject({ match: "regex" });
    expect(interaction.contents.contentType).toBe("application/json");
  });

  it("takes a Pact matcher for the Kafka key, as pact-js withMetadata does", async () => {
    const dir = pactDir();
    const message = await consumeContractMessage({ consumer: "crm-key", provider: "customers", contract: customerContract, dir, key: MatchersV3.uuid(customer.customerId), handler: () => {} });
    expect(message.key).toBe(customer.customerId);
    const interaction = readPact(dir, "crm-key", "customers").interactions[0]!;
    expect(interaction.metadata).toMatchObject({ key: customer.customerId });
    expect(interaction.matchingRules!["metadata"]!["key"]!.matchers).toEqual([expect.objectContaining({ match: "regex" })]);
  });

  it("writes <consumer>-<provider>.json in dir, spec 4.0, merging interactions across runs and replacing same ones", async () => {
    const dir = pactDir();
    const run = (description: string, email: string) =>
      consumeContractMessage({ consumer: "crm-multi", provider: "customers", contract: customerContract, dir, description, example: { ...customer, email }, handler: () => {} });
    await run("a customer registered", "ada@example.org");
    await run("a customer registered again", "bob@example.org");
    // The same interaction (description + states) written again replaces the earlier one (pact-js merges by key).
    await run("a customer registered", "cy@example.org");
    const pact = readPact(dir, "crm-multi", "customers");
    expect(checkPactFileV4(pact)).toEqual([]);
    expect(pact).toMatchObject({ consumer: { name: "crm-multi" }, provider: { name: "customers" }, metadata: { pactSpecification: { version: "4.0" } } });
    expect(pact.interactions.map((i) => i.description).sort()).toEqual(["a customer registered", "a customer registered again"]);
    expect(pact.interactions.find((i) => i.description === "a customer registered")!.contents.content).toMatchObject({ email: "cy@example.org" });
  });

  it("an existing pact file that is not JSON fails before the handler runs, saying to delete it", async () => {
    const dir = pactDir();
    writeFileSync(join(dir, "crm-corrupt-customers.json"), "{ half a pact");
    const ran: unknown[] = [];
    const failure = await consumeContractMessage({ consumer: "crm-corrupt", provider: "customers", contract: customerContract, dir, handler: (m) => void ran.push(m) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((failure as Error).message).toMatch(/crm-corrupt-customers\.json is not valid JSON.*delete it/);
    expect(ran).toEqual([]);
  });

  it("a consumer handler that throws fails the test with that error and writes no interaction", async () => {
    const dir = pactDir();
    const boom = new Error("handler could not process the message");
    await expect(
      consumeContractMessage({
        consumer: "crm-throws",
        provider: "customers",
        contract: customerContract,
        dir,
        handler: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(existsSync(join(dir, "crm-throws-customers.json"))).toBe(false);
  });

  it("a bare JSON Schema or Avro file (no topic, key or headers) writes a message without metadata", async () => {
    const dir = pactDir();
    for (const [provider, file] of [["orders", "order.schema.json"], ["payments", "payment.avsc"]] as const) {
      const seen: unknown[] = [];
      const message = await consumeContractMessage({ consumer: "ledger", provider, contract: { file: fixture(file) }, dir, handler: (m) => void seen.push(m.value) });
      expect(seen).toEqual([message.value]);
      const pact = readPact(dir, "ledger", provider);
      expect(checkPactFileV4(pact)).toEqual([]);
      expect(pact.interactions[0]!.contents.content).toEqual(message.value);
    }
  });

  it("a Protobuf contract takes an example (checked against the .proto); without one it says to pass one", async () => {
    const dir = pactDir();
    const contract = { file: fixture("shipment.proto"), message: "shop.shipping.Shipment" };
    const failure = await consumeContractMessage({ consumer: "crm-proto", provider: "shipping", contract, dir, handler: () => {} }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((failure as Error).message).toMatch(/shipment\.proto is a PROTOBUF contract.*pass `example`/);

    const wrong = await consumeContractMessage({ consumer: "crm-proto", provider: "shipping", contract, dir, example: { shipment_id: "s-1", weight: 3 }, handler: () => {} }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((wrong as Error).message).toContain("weight");

    const shipment = { shipment_id: "s-1", parcels: 2, to: { city: "Gent" } };
    const message = await consumeContractMessage({ consumer: "crm-proto", provider: "shipping", contract, dir, topic: "shipments", example: shipment, handler: () => {} });
    expect(message).toMatchObject({ topic: "shipments", value: shipment });
    expect(readPact(dir, "crm-proto", "shipping").interactions[0]!.metadata).toEqual({ topic: "shipments" });
  });
});

describe("provider: verification with messageProviders by description and stateHandlers", () => {
  const dir = pactDir();
  const write = () =>
    consumeContractMessage({
      consumer: "crm-provider",
      provider: "customers-verified",
      contract: customerContract,
      dir,
      description: "a customer registered",
      providerState: { name: "a customer exists", params: { customerId: customer.customerId } },
      key: customer.customerId,
      headers: { ce_type: "com.example.CustomerRegistered" },
      handler: () => {},
    });

  const verify = (value: unknown, stateParams: unknown[] = []) =>
    verifyContractMessages({
      provider: "customers-verified",
      pactDir: dir,
      contracts: { "customer-events": customerContract },
      stateHandlers: { "a customer exists": (params) => void stateParams.push(params) },
      messages: {
        "a customer registered": async ({ kafka, states }) => {
          const producer = kafka.producer();
          await producer.connect();
          const id = states[0]?.params?.["customerId"];
          await producer.send({
            topic: "customer-events",
            messages: [{ key: String(id), value: JSON.stringify(value), headers: { ce_type: "com.example.CustomerRegistered" } }],
          });
          await producer.disconnect();
        },
      },
    });

  it("runs the state handler with the params and passes when the real message honours pact and contract", async () => {
    await write();
    const stateParams: unknown[] = [];
    const report = await verify(customer, stateParams);
    expect(report.interactions).toEqual(["a customer registered"]);
    expect(stateParams).toEqual([{ customerId: customer.customerId }]);
  });

  it("takes pact-js's other state handler shapes: { setup, teardown }, and MessageProviderPact's (stateName, params)", async () => {
    await write();
    const calls: string[] = [];
    const produce = async ({ kafka }: ProducerContext) => {
      calls.push("produce");
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: "customer-events", messages: [{ key: customer.customerId, value: JSON.stringify(customer), headers: { ce_type: "com.example.CustomerRegistered" } }] });
      await producer.disconnect();
    };
    const base = { provider: "customers-verified", pactDir: dir, contracts: { "customer-events": customerContract }, messages: { "a customer registered": produce } };
    await verifyContractMessages({
      ...base,
      stateHandlers: {
        "a customer exists": {
          setup: (params) => void calls.push(`setup ${JSON.stringify(params)}`),
          teardown: () => void calls.push("teardown"),
        },
      },
    });
    expect(calls).toEqual([`setup {"customerId":"${customer.customerId}"}`, "produce", "teardown"]);
    calls.length = 0;
    // A plain-JavaScript handler written for MessageProviderPact: (state, params).
    const messageProviderStyle = (state: unknown, params: unknown) => void calls.push(`${String(state)} ${JSON.stringify(params)}`);
    await verifyContractMessages({ ...base, stateHandlers: { "a customer exists": messageProviderStyle as unknown as ProviderStateHandler } });
    expect(calls).toEqual([`a customer exists {"customerId":"${customer.customerId}"}`, "produce"]);
  });

  it("fails with VERIFICATION_FAILED naming interaction, path and contract when the message breaks the contract", async () => {
    await write();
    // score is optional so the pact does not demand it; only the contract catches it.
    const failure = await verify({ ...customer, score: 3 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "VERIFICATION_FAILED" });
    const text = (failure as Error).message;
    expect(text).toContain('interaction "a customer registered" [contract] /score');
    expect(text).toContain("customer.asyncapi.yaml");
  });

  it("a state handler or a producer that throws fails the verification, naming the interaction and the cause", async () => {
    await write();
    const stateFailure = await verifyContractMessages({
      provider: "customers-verified",
      pactDir: dir,
      stateHandlers: {
        "a customer exists": () => {
          throw new Error("no database");
        },
      },
      messages: { "a customer registered": async () => {} },
    }).catch((e: unknown) => e);
    expect(stateFailure).toMatchObject({ code: "VERIFICATION_FAILED" });
    expect((stateFailure as Error).message).toContain('interaction "a customer registered" [provider] : the state handler of "a customer exists" threw: no database');

    const producerFailure = await verifyContractMessages({
      provider: "customers-verified",
      pactDir: dir,
      messages: {
        "a customer registered": async () => {
          throw new Error("serializer missing");
        },
      },
    }).catch((e: unknown) => e);
    expect(producerFailure).toMatchObject({ code: "VERIFICATION_FAILED" });
    expect((producerFailure as Error).message).toContain('interaction "a customer registered" [provider] : the producer threw: serializer missing');
  });

  it("fails clearly when no producer is given for an interaction in the pact", async () => {
    await write();
    const failure = await verifyContractMessages({ provider: "customers-verified", pactDir: dir, messages: {} }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "VERIFICATION_FAILED" });
    expect((failure as Error).message).toContain('no producer given for interaction "a customer registered"');
  });
});

describe("provider: several interactions, metadata, pact-js style options", () => {
  const dir = pactDir();
  const consumer = (description: string, tier: string) =>
    consumeContractMessage({
      consumer: "crm-two",
      provider: "customers-two",
      contract: customerContract,
      dir,
      description,
      example: { ...customer, tier },
      headers: { ce_type: "com.example.CustomerRegistered" },
      handler: () => {},
    });
  /** A producer publishing `value` with CloudEvents type `ceType`. */
  const producing =
    (value: unknown, ceType = "com.example.CustomerRegistered") =>
    async ({ kafka }: { kafka: import("kafkajs").Kafka }) => {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: "customer-events", messages: [{ value: JSON.stringify(value), headers: { ce_type: ceType } }] });
      await producer.disconnect();
    };

  it("verifies every interaction of the pact file, each against its own producer", async () => {
    await consumer("a gold customer registered", "GOLD");
    await consumer("a bronze customer registered", "BRONZE");
    const report = await verifyContractMessages({
      provider: "customers-two",
      pactDir: dir,
      contracts: { "customer-events": customerContract },
      messages: {
        "a gold customer registered": producing({ ...customer, tier: "GOLD" }),
        "a bronze customer registered": producing({ ...customer, tier: "BRONZE" }),
      },
    });
    expect([...report.interactions].sort()).toEqual(["a bronze customer registered", "a gold customer registered"]);
  });

  it("a header the pact expects exactly but the provider sends otherwise fails, naming the header", async () => {
    await consumer("a gold customer registered", "GOLD");
    await consumer("a bronze customer registered", "BRONZE");
    const failure = await verifyContractMessages({
      provider: "customers-two",
      pactDir: dir,
      messages: {
        "a gold customer registered": producing({ ...customer, tier: "GOLD" }, "CustomerSignedUp"),
        "a bronze customer registered": producing({ ...customer, tier: "BRONZE" }),
      },
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "VERIFICATION_FAILED" });
    const text = (failure as Error).message;
    expect(text).toContain('interaction "a gold customer registered"');
    expect(text).toContain("ce_type");
    expect(text).not.toContain('interaction "a bronze customer registered"');
  });

  it("pact-js options the wrapper does not take fail with a message saying what to pass instead", async () => {
    const pactJsStyle = { provider: "customers-two", pactDir: dir, messages: {}, messageProviders: {}, pactBrokerUrl: "https://broker.example" };
    const failure = await verifyContractMessages(pactJsStyle).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((failure as Error).message).toMatch(/`messageProviders` — pass `messages` instead/);
    expect((failure as Error).message).toMatch(/`pactBrokerUrl` — .*pactFiles/);
  });
});

describe("a contract from a schema registry (Confluent REST API), both sides", () => {
  let registry: RunningRegistry;
  const dir = pactDir();
  const payment = { paymentId: "pay-1", amount: 12.5, currency: "EUR" };
  beforeAll(async () => {
    registry = await startRegistry({ port: 0, dbPath: join(dir, "registry.db") });
    const res = await fetch(`${registry.url}/subjects/payments-value/versions`, {
      method: "POST",
      headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
      body: JSON.stringify({ schema: readFileSync(fixture("payment.avsc"), "utf8") }),
    });
    expect(res.ok).toBe(true);
  });
  afterAll(() => registry.close());

  it("builds the consumer pact from the registered Avro schema and checks the provider's message against it", async () => {
    const contract = { registryUrl: registry.url, subject: "payments-value" };
    const badExample = await consumeContractMessage({ consumer: "ledger-reg", provider: "payments", contract, topic: "payments", dir, example: { ...payment, currency: "GBP" }, handler: () => {} }).catch((e: unknown) => e);
    expect(badExample).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((badExample as Error).message).toContain("payments-value");
    expect((badExample as Error).message).toContain("/currency: ");

    const message = await consumeContractMessage({ consumer: "ledger-reg", provider: "payments", contract, topic: "payments", dir, example: payment, handler: () => {} });
    expect(message).toMatchObject({ topic: "payments", value: payment });
    const body = readPact(dir, "ledger-reg", "payments").interactions[0]!.matchingRules!["body"]!;
    expect(body["$.currency"]!.matchers[0]).toMatchObject({ match: "regex", regex: "^(EUR|USD)$" });

    const description = readPact(dir, "ledger-reg", "payments").interactions[0]!.description;
    const publish = (value: unknown) =>
      verifyContractMessages({
        provider: "payments",
        pactDir: dir,
        contracts: { payments: contract },
        messages: {
          [description]: async ({ kafka }) => {
            const producer = kafka.producer();
            await producer.connect();
            await producer.send({ topic: "payments", messages: [{ value: JSON.stringify(value) }] });
            await producer.disconnect();
          },
        },
      });
    await expect(publish({ ...payment, amount: 99 })).resolves.toMatchObject({ interactions: [expect.any(String)] });
    const failure = await publish({ ...payment, currency: "GBP" }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "VERIFICATION_FAILED" });
    expect((failure as Error).message).toMatch(/\[contract\] \/currency: .*payments-value/);
    expect((failure as Error).message).toMatch(/\[pact\] \$\.currency: /);
  });
});
