/**
 * Type tests of a generated package (the orders contract): right payloads, keys, headers and channel parameters
 * compile; a wrong payload, a missing required field, a wrong enum literal and a wrong or missing channel
 * parameter do not. `accepted.ts` marks each wrong call `@ts-expect-error` (an error that does not happen fails
 * the compile) and checks exact types with `expectTypeOf`; `refused.ts` makes the same wrong calls unmarked, and
 * each must fail on its own line — so the test fails if the types ever loosen.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type ts from "typescript";
import { formatDiagnostic, outputDir, typeCheck } from "./compile.js";
import { generateOrders } from "./orders.js";

const PRELUDE = `import { expectTypeOf } from "vitest";
import {
  createClient,
  createMirrorClient,
  memoryTransport,
  type OrderCreated,
  type OrderCreatedHeaders,
  type PaymentCompleted,
  type PaymentFailed,
  type PaymentMethod,
  type RegionalOrdersParameters,
  type StockLevel,
} from "../src/index.js";

const client = createClient({ transport: memoryTransport() });
const order: OrderCreated = {
  orderId: "0f8fad5b-d9cb-469f-a165-70867728950e",
  customerId: "c-42",
  items: [{ sku: "BOOK-1", quantity: 2, unitPrice: 12.5 }],
  total: 25,
  currency: "GBP",
  channel: "web",
  createdAt: "2024-05-01T10:00:00Z",
  shippingAddress: { street: "1 Main St", city: "Leeds", country: "GB" },
};
const headers: OrderCreatedHeaders = { ce_specversion: "1.0", ce_id: "1", ce_source: "/orders", ce_type: "order.created" };
const { customerId: _dropped, ...missingCustomer } = order;
`;

/** The wrong calls, each with the error it must raise: a wrong payload, a missing field, a wrong enum literal, wrong parameters. */
const WRONG: ReadonlyArray<{ readonly why: string; readonly code: string }> = [
  { why: "a PaymentFailed payload is not an OrderCreated", code: `void client.publishOrderCreated({ orderId: "x", reason: "declined", retryable: false }, { headers });` },
  { why: "customerId is required", code: "void client.publishOrderCreated(missingCustomer, { headers });" },
  { why: '"JPY" is not a currency of the contract', code: 'void client.publishOrderCreated({ ...order, currency: "JPY" }, { headers });' },
  { why: "a quantity is a number", code: 'void client.publishOrderCreated({ ...order, items: [{ sku: "A", quantity: "2", unitPrice: 1 }] }, { headers });' },
  { why: '"asia" is not a region of channel orders.{region}', code: 'void client.publishRegionalOrder(order, { headers, parameters: { region: "asia" } });' },
  { why: "the region parameter is required", code: "void client.publishRegionalOrder(order, { headers });" },
  { why: "the CloudEvents headers are required", code: "void client.publishOrderCreated(order);" },
  { why: "WALLET is the only new payment method; CASH is none", code: 'const method: PaymentMethod = "CASH";\nvoid method;' },
];

const ACCEPTED = `${PRELUDE}
// Right ones compile.
void client.publishOrderCreated(order, { key: order.orderId, headers });
void client.publishRegionalOrder(order, { headers, parameters: { region: "eu" } });
const reply: Promise<StockLevel> = client.checkStock({ sku: "BOOK-1" });
void reply;
void client.onPaymentEvent(async (payment, context) => {
  expectTypeOf(payment).toEqualTypeOf<PaymentCompleted | PaymentFailed>();
  expectTypeOf(context.key).toEqualTypeOf<string | undefined>();
  expectTypeOf(context.messageName).toEqualTypeOf<string>();
});
void createMirrorClient({ transport: memoryTransport() }).publishRegionalOrder(async (created, context) => {
  expectTypeOf(created).toEqualTypeOf<OrderCreated>();
  expectTypeOf(context.parameters).toEqualTypeOf<RegionalOrdersParameters>();
  expectTypeOf(context.headers).toEqualTypeOf<OrderCreatedHeaders>();
}, { parameters: { region: "us" } });
expectTypeOf<OrderCreated["currency"]>().toEqualTypeOf<"EUR" | "USD" | "GBP">();
expectTypeOf<OrderCreated["note"]>().toEqualTypeOf<string | undefined>();
expectTypeOf<RegionalOrdersParameters["region"]>().toEqualTypeOf<"eu" | "us">();
expectTypeOf<PaymentMethod>().toEqualTypeOf<"CARD" | "TRANSFER" | "WALLET">();

// Wrong ones do not.
${WRONG.map((w) => `// @ts-expect-error ${w.why}\n${w.code}`).join("\n")}
`;

const REFUSED = `${PRELUDE}
${WRONG.map((w) => w.code).join("\n")}
`;

describe("the generated types", () => {
  let dir: string;
  let diagnostics: ts.Diagnostic[];
  beforeAll(async () => {
    dir = await generateOrders(join(outputDir("types"), "orders"));
    mkdirSync(join(dir, "typetests"), { recursive: true });
    writeFileSync(join(dir, "typetests/accepted.ts"), ACCEPTED);
    writeFileSync(join(dir, "typetests/refused.ts"), REFUSED);
    diagnostics = typeCheck([dir], [join(dir, "typetests/accepted.ts"), join(dir, "typetests/refused.ts")]);
  }, 300_000);

  it("accept right payloads, keys, headers and parameters, with exact types (and every @ts-expect-error is needed)", () => {
    expect(diagnostics.filter((d) => !d.file?.fileName.endsWith("refused.ts")).map(formatDiagnostic)).toEqual([]);
  });

  it("refuse each wrong payload, missing field, wrong enum literal and wrong or missing parameter, on its own line", () => {
    const refused = diagnostics.filter((d) => d.file?.fileName.endsWith("refused.ts"));
    const prelude = PRELUDE.split("\n").length;
    const lines = new Set(refused.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1));
    let line = prelude + 1;
    for (const w of WRONG) {
      expect(lines.has(line), `${w.why}: ${w.code}`).toBe(true);
      line += w.code.split("\n").length;
    }
    expect(refused.length).toBeGreaterThanOrEqual(WRONG.length);
  });
});
