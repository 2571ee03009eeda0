/**
 * The Confluent JavaScript clients against a registry with `--auth`: both work with HTTP Basic
 * (`basic.auth.user.info`), are refused without credentials, and a read-only user cannot register. Then the
 * same over HTTPS (`--tls-cert`/`--tls-key`, a self-signed certificate made with openssl).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SchemaRegistry, SchemaType } from "@kafkajs/confluent-schema-registry";
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from "@confluentinc/schemaregistry";
import { addUser, openStorage, startRegistry, type RunningRegistry } from "@charter/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const user = JSON.stringify({ type: "record", name: "User", namespace: "com.example", fields: [{ name: "id", type: "string" }] });

let dir: string;
let registry: RunningRegistry;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "charter-auth-e2e-"));
  const dbPath = join(dir, "charter.db");
  const storage = await openStorage(dbPath);
  secrets.producer = (await addUser(storage, "producer", "write")).secret;
  secrets.consumer = (await addUser(storage, "consumer", "read")).secret;
  await storage.close();
  registry = await startRegistry({ host: "127.0.0.1", port: 0, dbPath, logger: false, auth: true });
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("@confluentinc/schemaregistry with basic.auth.user.info", () => {
  const client = (name?: string) =>
    new SchemaRegistryClient({
      baseURLs: [registry.url],
      maxRetries: 0,
      ...(name !== undefined ? { basicAuthCredentials: { credentialsSource: "USER_INFO" as const, userInfo: `${name}:${secrets[name]}` } } : {}),
    });

  it("registers, serializes and deserializes with credentials", async () => {
    const id = await client("producer").register("auth-users-value", { schemaType: "AVRO", schema: user });
    const bytes = await new AvroSerializer(client("producer"), SerdeType.VALUE, { useLatestVersion: true }).serialize("auth-users", { id: "u1" });
    expect(bytes.readInt32BE(1)).toBe(id);
    expect(await new AvroDeserializer(client("consumer"), SerdeType.VALUE, {}).deserialize("auth-users", bytes)).toEqual({ id: "u1" });
  });

  it("is refused without credentials (401) and a read-only user cannot register (403)", async () => {
    await expect(client().getLatestSchemaMetadata("auth-users-value")).rejects.toMatchObject({ status: 401, errorCode: 40101 });
    await expect(client("consumer").register("auth-other-value", { schemaType: "AVRO", schema: user })).rejects.toMatchObject({ status: 403, errorCode: 40301 });
  });
});

describe("@kafkajs/confluent-schema-registry with auth", () => {
  it("registers and decodes with credentials, and is refused without", async () => {
    const withAuth = new SchemaRegistry({ host: registry.url, auth: { username: "producer", password: secrets.producer! } });
    // By default kafkajs also sets the subject's level on a first registration (PUT /config/{subject}), which
    // needs the admin role; a write user registers with `compatibility: undefined`.
    await expect(withAuth.register({ type: SchemaType.AVRO, schema: user }, { subject: "kafkajs-auth-value" })).rejects.toThrow(/needs role admin/);
    const { id } = await withAuth.register({ type: SchemaType.AVRO, schema: user }, { subject: "kafkajs-auth-value", compatibility: undefined });
    const encoded = await withAuth.encode(id, { id: "k1" });
    const reader = new SchemaRegistry({ host: registry.url, auth: { username: "consumer", password: secrets.consumer! } });
    expect(await reader.decode(encoded)).toEqual({ id: "k1" });
    const anonymous = new SchemaRegistry({ host: registry.url, retry: { retries: 0 } });
    await expect(anonymous.getLatestSchemaId("kafkajs-auth-value")).rejects.toThrow(/401|Unauthorized|Authentication/i);
  });
});

describe("TLS", () => {
  it("serves HTTPS with --tls-cert/--tls-key and still demands credentials", async () => {
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], { stdio: "ignore" });
    const secure = await startRegistry({ host: "127.0.0.1", port: 0, dbPath: join(dir, "tls.db"), logger: false, auth: true, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const get = (path: string, headers: Record<string, string> = {}) =>
        new Promise<number>((resolve, reject) => {
          const req = httpsRequest(`${secure.url}${path}`, { ca: readFileSync(cert), headers }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on("error", reject);
          req.end();
        });
      expect(await get("/health/live")).toBe(200);
      expect(await get("/subjects")).toBe(401);
    } finally {
      await secure.close();
    }
  });
});
