/**
 * `generated/` is the client `charter codegen` writes for `contracts/asyncapi.yaml` (the order service publishes
 * through it): it is exactly what the generator writes today, and it sends and receives through the testkit
 * broker's kafkajs facade — the mirror client receiving what the service's client publishes.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePackage } from "@charter/codegen";
import { createBroker } from "@charter/testkit";
import { createClient, createMirrorClient, kafkaTransport, type OrderCreated } from "../generated/src/index.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).split("\\\\").join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("the generated orders client", () => {
  it("is what charter codegen writes for contracts/asyncapi.yaml", async () => {
    const pkg = await generatePackage({ text: readFileSync(join(ROOT, "contracts/asyncapi.yaml"), "utf8") }, { packageName: "@charter/example-orders-client" });
    const committed = filesUnder(join(ROOT, "generated"));
    expect([...committed.keys()].sort()).toEqual([...pkg.files.keys()].sort());
    for (const [path, text] of pkg.files) expect(committed.get(path), `generated/${path} (regenerate with: npx charter codegen examples/orders/contracts/asyncapi.yaml -o examples/orders/generated --package-name @charter/example-orders-client)`).toBe(text);
  });

  it("sends and receives through the testkit broker's kafkajs facade", async () => {
    const broker = createBroker();
    const transport = kafkaTransport(broker.kafka());
    const client = createClient({ transport });
    const mirror = createMirrorClient({ transport });
    const received: Array<{ order: OrderCreated; key: unknown; type: unknown }> = [];
    await mirror.publishOrderCreated(async (order, context) => void received.push({ order, key: context.key, type: context.headers.ce_type }), { fromBeginning: true });
    const order: OrderCreated = {
      orderId: "6f1d9c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c",
      customerId: "c-1001",
      email: "jane.doe@example.com",
      items: [{ sku: "BOOK-1", quantity: 2, unitPrice: 12.5 }],
      total: 25,
      currency: "EUR",
      createdAt: "2025-03-01T10:15:30.000Z",
    };
    await client.publishOrderCreated(order, { key: order.orderId, headers: { ce_specversion: "1.0", ce_id: "e-1", ce_source: "/orders", ce_type: "com.example.orders.OrderCreated" } });
    await broker.waitForIdle();
    expect(received).toEqual([{ order, key: order.orderId, type: "com.example.orders.OrderCreated" }]);
    expect(broker.messages("order-events")[0]!.key?.toString()).toBe(order.orderId);
    await Promise.all([client.close(), mirror.close()]);
  });
});
