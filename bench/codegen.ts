/**
 * `npm run bench:codegen`:
 * 1. Generation time of a package for a 100-channel AsyncAPI 3 document (goal < 3 s), next to the time the
 *    AsyncAPI engine alone takes to parse it (the floor every run pays).
 * 2. Send-path cost (validate + encode) of the generated serdes against the raw libraries doing the same work in
 *    the same run: the standalone ajv validator + `JSON.stringify`, avsc `isValid` + `toBuffer`, protobufjs
 *    `fromObject` + `verify` + `encode` (goal ≤ 1.10×). Rounds alternate which side goes first; the median
 *    round's ratio is reported. Env: `BENCH_ROUNDS` (default 9), `BENCH_OPS` per side per round (default 20000).
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import avsc from "avsc";
import protobuf from "protobufjs";
import { getFormat } from "@charter/contracts";
import { generatePackage, writePackage } from "@charter/codegen";

const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 9);
const OPS = Number(process.env["BENCH_OPS"] ?? 20_000);
const root = fileURLToPath(new URL("..", import.meta.url));

/** A 100-channel document: each channel carries one message (a nested JSON payload) sent by one operation. */
function wideDocument(channels: number): string {
  const lines = ["asyncapi: 3.0.0", "info: { title: Wide, version: 1.0.0 }", "channels:"];
  for (let i = 0; i < channels; i++) {
    lines.push(`  channel${i}:`, `    address: events.topic-${i}.{region}`, "    parameters:", "      region: { enum: [eu, us] }", "    messages:", `      Event${i}: { $ref: '#/components/messages/Event${i}' }`);
  }
  lines.push("operations:");
  for (let i = 0; i < channels; i++) lines.push(`  send${i}:`, "    action: send", `    channel: { $ref: '#/channels/channel${i}' }`);
  lines.push("components:", "  messages:");
  for (let i = 0; i < channels; i++) {
    lines.push(
      `    Event${i}:`,
      "      payload:",
      "        type: object",
      "        required: [id, amount, status, lines]",
      "        properties:",
      "          id: { type: string, format: uuid }",
      "          amount: { type: number, minimum: 0 }",
      "          status: { type: string, enum: [open, paid, shipped] }",
      "          note: { type: string, maxLength: 200 }",
      "          lines:",
      "            type: array",
      "            items:",
      "              type: object",
      "              required: [sku, quantity]",
      "              properties: { sku: { type: string }, quantity: { type: integer, minimum: 1 } }",
    );
  }
  return lines.join("\n") + "\n";
}

const PAYMENT_AVRO = {
  type: "record",
  name: "Payment",
  fields: [
    { name: "orderId", type: "string" },
    { name: "amountCents", type: "long" },
    { name: "method", type: { type: "enum", name: "Method", symbols: ["CARD", "TRANSFER"] } },
    { name: "note", type: ["null", "string"], default: null },
    { name: "lines", type: { type: "array", items: { type: "record", name: "Line", fields: [{ name: "sku", type: "string" }, { name: "quantity", type: "int" }] } } },
  ],
};

const SHIPMENT_PROTO = `syntax = "proto3";
package bench;
message Shipment {
  string order_id = 1;
  int64 weight_grams = 2;
  enum Carrier { UNKNOWN = 0; POST = 1; COURIER = 2; }
  Carrier carrier = 3;
  repeated Parcel parcels = 4;
}
message Parcel { string label = 1; int32 items = 2; }
`;

/** One message per format on one channel (YAML accepts the Avro schema as JSON). */
const SERDE_CONTRACT = `asyncapi: 3.0.0
info: { title: Serdes, version: 1.0.0 }
channels:
  orders:
    address: orders
    messages:
      Order:
        payload:
          type: object
          required: [id, customer, amount, status, lines]
          properties:
            id: { type: string, format: uuid }
            customer: { type: string, minLength: 1 }
            amount: { type: number, minimum: 0 }
            status: { type: string, enum: [open, paid, shipped] }
            lines:
              type: array
              items:
                type: object
                required: [sku, quantity]
                properties: { sku: { type: string }, quantity: { type: integer, minimum: 1 } }
      Payment:
        payload:
          schemaFormat: application/vnd.apache.avro;version=1.9.0
          schema: ${JSON.stringify(PAYMENT_AVRO)}
      Shipment:
        payload:
          schemaFormat: application/vnd.google.protobuf;version=3
          schema: |
${SHIPMENT_PROTO.replace(/^/gm, "            ")}
operations:
  sendOrder:
    action: send
    channel: { $ref: '#/channels/orders' }
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** ns per call of `fn` over `OPS` calls. */
function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) fn();
  return Number(process.hrtime.bigint() - start) / OPS;
}

/** Paired rounds of `raw` and `generated`; the round with the median ratio. */
function compare(name: string, raw: () => void, generated: () => void): { name: string; raw: number; generated: number; ratio: number } {
  for (let i = 0; i < 2000; i++) {
    raw();
    generated();
  }
  const rounds: Array<{ raw: number; generated: number; ratio: number }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const first = r % 2 === 0;
    const a = first ? time(raw) : 0;
    const g = time(generated);
    const b = first ? a : time(raw);
    rounds.push({ raw: b, generated: g, ratio: g / b });
  }
  const mid = rounds.find((x) => x.ratio === median(rounds.map((y) => y.ratio)))!;
  return { name, ...mid };
}

async function generationTime(): Promise<void> {
  const text = wideDocument(100);
  const parse = getFormat("ASYNCAPI")!;
  const parses: number[] = [];
  const generations: number[] = [];
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    const parsed = await parse.parse(text);
    parses.push(performance.now() - t);
    if (!parsed.ok) throw new Error(parsed.error.message);
    t = performance.now();
    const pkg = await generatePackage({ text });
    generations.push(performance.now() - t);
    if (pkg.stats.operations !== 100) throw new Error(`expected 100 operations, got ${pkg.stats.operations}`);
  }
  const g = median(generations);
  const p = median(parses);
  console.log(`generation, 100-channel document: ${(g / 1000).toFixed(2)} s (median of 3; goal < 3 s) — parse alone ${(p / 1000).toFixed(2)} s, so ${(g / p).toFixed(2)}× the parse`);
}

interface SerdePackage {
  orderSerde: { validate(v: unknown): unknown[]; encode(v: unknown): Uint8Array };
  paymentSerde: { validate(v: unknown): unknown[]; encode(v: unknown): Uint8Array };
  shipmentSerde: { validate(v: unknown): unknown[]; encode(v: unknown): Uint8Array };
}

async function sendPath(): Promise<void> {
  const dir = join(root, "node_modules/.cache/charter-codegen/bench");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = await generatePackage({ text: SERDE_CONTRACT }, { packageName: "bench-serdes" });
  await writePackage(dir, pkg);
  const serdes = (await import(join(dir, "src/serdes.ts"))) as SerdePackage;
  const validators = (await import(join(dir, "src/validators.js"))) as Record<string, (v: unknown) => boolean>;

  const order = { id: "0f8fad5b-d9cb-469f-a165-70867728950e", customer: "c-42", amount: 25, status: "paid", lines: [{ sku: "BOOK-1", quantity: 2 }, { sku: "PEN", quantity: 1 }] };
  const validateOrder = validators["validateOrder"]!;
  const json = compare(
    "JSON (standalone ajv)",
    () => {
      if (!validateOrder(order)) throw new Error("invalid");
      Buffer.from(JSON.stringify(order), "utf8");
    },
    () => {
      if (serdes.orderSerde.validate(order).length > 0) throw new Error("invalid");
      serdes.orderSerde.encode(order);
    },
  );

  const payment = { orderId: "o-1", amountCents: 2500, method: "CARD", note: null, lines: [{ sku: "BOOK-1", quantity: 2 }] };
  const avroType = avsc.Type.forSchema(PAYMENT_AVRO as Parameters<typeof avsc.Type.forSchema>[0], { wrapUnions: "auto" });
  const avro = compare(
    "Avro (avsc)",
    () => {
      if (!avroType.isValid(payment)) throw new Error("invalid");
      avroType.toBuffer(payment);
    },
    () => {
      if (serdes.paymentSerde.validate(payment).length > 0) throw new Error("invalid");
      serdes.paymentSerde.encode(payment);
    },
  );

  const shipment = { order_id: "o-1", weight_grams: 1200, carrier: "POST", parcels: [{ label: "A", items: 2 }] };
  const shipmentType = protobuf.parse(SHIPMENT_PROTO, { keepCase: true }).root.lookupType("bench.Shipment");
  const proto = compare(
    "Protobuf (protobufjs)",
    () => {
      const message = shipmentType.fromObject(shipment);
      if (shipmentType.verify(message) !== null) throw new Error("invalid");
      shipmentType.encode(message).finish();
    },
    () => {
      if (serdes.shipmentSerde.validate(shipment).length > 0) throw new Error("invalid");
      serdes.shipmentSerde.encode(shipment);
    },
  );

  console.log(`send path (validate + encode), ${OPS} ops × ${ROUNDS} paired rounds, median round:`);
  for (const r of [json, avro, proto]) {
    console.log(`  ${r.name.padEnd(24)} raw ${r.raw.toFixed(0).padStart(6)} ns  generated ${r.generated.toFixed(0).padStart(6)} ns  ratio ${r.ratio.toFixed(2)}× (goal ≤ 1.10×)`);
  }
  rmSync(dir, { recursive: true, force: true });
}

await generationTime();
await sendPath();
