/**
 * The orders contract of the tests (`fixtures/orders.asyncapi.yaml`, and its version 1), with every channel
 * address prefixed by a per-run name so runs sharing a broker never see each other's messages; and helpers to
 * generate it from files or from a registry and import the generated package.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatePackage, loadRegistryContract, writePackage, type CodegenOptions } from "../src/index.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The orders contract text at `version` (1 or 2), addresses prefixed with `prefix.` when given. */
export function ordersContract(version: 1 | 2, prefix?: string): string {
  const text = readFileSync(join(FIXTURES, version === 2 ? "orders.asyncapi.yaml" : "orders.v1.asyncapi.yaml"), "utf8");
  return prefix === undefined ? text : text.replace(/^(\s+address: )(\S+)$/gm, `$1${prefix}.$2`);
}

/** A unique, broker-safe name for this run. */
export function runName(what: string): string {
  return `cg-${what}-${process.pid}-${Date.now().toString(36)}`;
}

/** Generates the orders package (version 2 with version 1 as history) into `dir`. */
export async function generateOrders(dir: string, options: CodegenOptions & { prefix?: string } = {}): Promise<string> {
  const { prefix, ...rest } = options;
  const pkg = await generatePackage(
    { text: ordersContract(2, prefix), label: "orders.asyncapi.yaml" },
    { packageName: "@acme/orders-client", history: [{ text: ordersContract(1, prefix), label: "orders.v1.asyncapi.yaml" }], ...rest },
  );
  await writePackage(dir, pkg);
  return dir;
}

/** Generates a package from a registry subject version into `dir`. */
export async function generateFromRegistry(dir: string, url: string, subject: string, version: number | "latest", packageName: string): Promise<string> {
  const contract = await loadRegistryContract({ url, subject, version });
  const pkg = await generatePackage(contract.source, { packageName, subject, history: contract.history, messageSubjects: contract.messageSubjects });
  await writePackage(dir, pkg);
  return dir;
}

/** The parts of a generated orders package the tests use, loosely typed (the package is written at run time). */
export interface OrdersPackage {
  createClient(options: unknown): OrdersApi;
  createMirrorClient(options: unknown): OrdersApi;
  kafkaTransport(kafka: unknown, options?: unknown): Transportish;
  natsTransport(connection: unknown, options?: unknown): Transportish;
  amqpTransport(connection: unknown, options?: unknown): Transportish;
  memoryTransport(): Transportish & { idle(): Promise<void>; rejected: Array<{ reason: string }> };
}

/** A transport as the tests see it. */
export interface Transportish {
  send(message: { address: string; value: Uint8Array; headers: Record<string, string>; key?: Uint8Array }, bindings: unknown): Promise<void>;
  close(): Promise<void>;
}

type Method = (first: unknown, options?: unknown) => Promise<unknown>;

/** Client methods by operation id. */
export type OrdersApi = Record<string, Method> & { close(): Promise<void> };

/** Imports the generated package's `src/index.ts`. */
export async function importPackage(dir: string): Promise<OrdersPackage> {
  return (await import(join(dir, "src/index.ts"))) as OrdersPackage;
}

/** Resolves when `check` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 15_000, what = "the condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
