import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getFormat } from "@charter/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { loadContract } from "../contracts/load-contract.js";
import { consumeContractMessage } from "./consumer-pact.js";
import { contractExample, valueJsonSchema } from "./contract-message.js";
import { exampleFromSchema } from "./example-from-schema.js";
import { javaDateTimePattern, matchersFromSchema } from "./matchers-from-schema.js";
import { checkPactFileV4 } from "./pact-file.js";
import { verifyContractMessages } from "./provider-verify.js";

const fixture = (name: string) => join(import.meta.dirname, "../../test/fixtures", name);
const customerContract = { file: fixture("customer.asyncapi.yaml"), message: "CustomerRegistered" };
const dir = mkdtempSync(join(tmpdir(), "testkit-pacts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples and matchers from the contract", () => {
  it("generates examples that validate against JSON Schema, Avro and AsyncAPI contracts", async () => {
    for (const source of [{ file: fixture("order.schema.json") }, { file: fixture("payment.avsc") }, customerContract]) {
      const contract = await loadContract(source);
      const example = contractExample(contract);
      const schema = contract.value!;
      expect(getFormat(schema.parsed.type)!.validate(schema.parsed, example)).toEqual([]);
    }
    const customer = contractExample(await loadContract(customerContract)) as Record<string, unknown>;
    expect(customer).toMatchObject({ tier: "BRONZE", score: 10, referralCode: "AAA-0000" });
    expect(customer["addresses"]).toHaveLength(2);
  });

  it("resolves $refs, allOf and oneOf while generating", () => {
    const schema = {
      $defs: { money: { type: "object", required: ["amount"], properties: { amount: { type: "number", exclusiveMinimum: 0, multipleOf: 0.5 } } } },
      allOf: [{ $ref: "#/$defs/money" }, { properties: { currency: { const: "EUR" } }, required: ["currency"] }],
      properties: { note: { oneOf: [{ type: "null" }, { type: "string", maxLength: 3 }] } },
    };
    expect(exampleFromSchema(schema)).toEqual({ amount: 0.5, currency: "EUR", note: "exa" });
  });

  it("derives Pact matchers: uuid, datetime, regex for email and enums, eachLike with min, types", async () => {
    const contract = await loadContract(customerContract);
    const example = contractExample(contract);
    const body = JSON.parse(JSON.stringify(matchersFromSchema(valueJsonSchema(contract), example))) as Record<string, Record<string, unknown>>;
    expect(body["customerId"]).toMatchObject({ "pact:matcher:type": "regex" });
    expect(body["registeredAt"]).toMatchObject({ "pact:matcher:type": "timestamp", format: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" });
    expect(body["email"]).toMatchObject({ "pact:matcher:type": "regex" });
    expect(body["tier"]).toMatchObject({ "pact:matcher:type": "regex", regex: "^(BRONZE|SILVER|GOLD)$" });
    expect(body["addresses"]).toMatchObject({ "pact:matcher:type": "type", min: 2 });
    // Optional properties stay out of the pact body: Pact would otherwise demand them of every provider message.
    expect(body).not.toHaveProperty("score");
    expect(Object.keys(body).sort()).toEqual(["addresses", "customerId", "email", "registeredAt", "tier"]);
    expect(javaDateTimePattern("2024-01-02T03:04:05+02:00")).toBe("yyyy-MM-dd'T'HH:mm:ssXXX");
  });
});

describe("consumer and provider pacts bound to the contract", () => {
  const registered = {
    customerId: "9d2b7c1e-5f3a-4c8b-a1d2-3e4f5a6b7c8d",
    email: "ada@example.org",
    registeredAt: "2025-02-03T04:05:06.789Z",
    birthDate: "1990-12-10",
    tier: "GOLD",
    referralCode: "ZZZ-1234",
    score: 15,
    marketing: false,
    addresses: [{ city: "Leuven", zip: "3000" }, { city: "Gent" }],
  };

  it("consumer: runs the real handler with the contract's example and writes a standard V4 pact", async () => {
    const handled: unknown[] = [];
    const message = await consumeContractMessage({
      consumer: "crm",
      provider: "customers",
      contract: customerContract,
      key: "9d2b7c1e",
      headers: { ce_type: "CustomerRegistered", ce_specversion: "1.0" },
      dir,
      handler: async (m) => void handled.push(m.value),
    });
    expect(message.topic).toBe("customer-events");
    expect(handled).toHaveLength(1);
    const pact = JSON.parse(readFileSync(join(dir, "crm-customers.json"), "utf8")) as { interactions: Array<Record<string, unknown>> };
    expect(checkPactFileV4(pact)).toEqual([]);
    expect(pact.interactions[0]).toMatchObject({
      type: "Asynchronous/Messages",
      description: "CustomerRegistered on customer-events",
      metadata: { topic: "customer-events", key: "9d2b7c1e", ce_type: "CustomerRegistered" },
      contents: { contentType: "application/json", encoded: false },
    });
  });

  /** The provider's producing code, publishing `value` as a CustomerRegistered event. */
  const verifyPublishing = (value: unknown) =>
    verifyContractMessages({
      provider: "customers",
      pactDir: dir,
      contracts: { "customer-events": customerContract },
      messages: {
        "CustomerRegistered on customer-events": async ({ kafka }) => {
          const producer = kafka.producer();
          await producer.connect();
          await producer.send({
            topic: "customer-events",
            messages: [{ key: registered.customerId, value: JSON.stringify(value), headers: { ce_type: "CustomerRegistered", ce_specversion: "1.0" } }],
          });
        },
      },
    });

  it("provider: Pact's verifier and the contract accept what the real producer publishes", async () => {
    const report = await verifyPublishing(registered);
    expect(report.interactions).toEqual(["CustomerRegistered on customer-events"]);
  });

  it("provider: a mismatch names the interaction, the path and expected/actual values; contract violations too", async () => {
    const failure = await verifyPublishing({ ...registered, score: "high", tier: "PLATINUM", customerId: "42" }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "VERIFICATION_FAILED" });
    const text = (failure as Error).message;
    expect(text).toContain('interaction "CustomerRegistered on customer-events" [contract] /score');
    expect(text).toMatch(/\[pact\] \$\.customerId: .*\(expected "3f1c9a52-8d47-4e2b-9b1e-5a7c2d4e6f80", actual "42"\)/);
    expect(text).toMatch(/\[pact\] \$\.tier: /);
  });
});
