/**
 * The rest of Confluent's REST surface: whole configs (`PUT /config` with any subset of fields), `normalize`
 * from config, malformed query values, `fetchMaxId`, Avro `format=resolved`, and schema `metadata`/`ruleSet`
 * (stored, returned, part of the identity, merged from config defaults and overrides).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openInjectRegistry, type InjectRegistry } from "./test-registry.js";

let r: InjectRegistry;
beforeEach(async () => {
  r = await openInjectRegistry("charter-surface-");
});
afterEach(async () => {
  await r.close();
});

const record = (name: string, fields: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: "record", name, ...extra, fields });
const v1 = record("User", [{ name: "id", type: "string" }]);
const v2 = record("User", [{ name: "id", type: "string" }, { name: "age", type: "int", default: 0 }]);
const broken = record("User", [{ name: "id", type: "string" }, { name: "country", type: "string" }]);
/** The `guid` the registry reports for a subject version (`GET /subjects/{s}/versions/{v}`), a lower-case UUID. */
async function versionGuid(subject: string, version: number): Promise<string> {
  const answer = await r.call<{ guid: string }>("GET", `/subjects/${encodeURIComponent(subject)}/versions/${version}`);
  expect(answer.status).toBe(200);
  expect(answer.body.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return answer.body.guid;
}

describe("config", () => {
  it("stores any subset of Confluent's fields, merges updates field by field and answers Confluent's shapes", async () => {
    const put = await r.call("PUT", "/config/orders-value", {
      compatibility: "full_transitive",
      compatibilityPolicy: "lenient",
      compatibilityGroup: "major_version",
      normalize: true,
      defaultMetadata: { properties: { owner: "orders-team" } },
      overrideRuleSet: { domainRules: [{ name: "checkQty", kind: "CONDITION", mode: "WRITE", type: "CEL", expr: "message.qty > 0" }] },
      unknownField: 1,
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      normalize: true,
      compatibility: "FULL_TRANSITIVE",
      compatibilityPolicy: "LENIENT",
      compatibilityGroup: "major_version",
      defaultMetadata: { properties: { owner: "orders-team" } },
      overrideRuleSet: { domainRules: [{ name: "checkQty", kind: "CONDITION", mode: "WRITE", type: "CEL", expr: "message.qty > 0" }] },
    });
    // A later update changes only what it names; null clears a field.
    const update = await r.call("PUT", "/config/orders-value", { compatibility: "BACKWARD", normalize: null });
    expect(update.body).toMatchObject({ compatibility: "BACKWARD", compatibilityGroup: "major_version" });
    expect(update.body).not.toHaveProperty("normalize");
    const got = await r.call("GET", "/config/orders-value");
    expect(got.body).toEqual({
      compatibilityLevel: "BACKWARD",
      compatibilityPolicy: "LENIENT",
      compatibilityGroup: "major_version",
      defaultMetadata: { properties: { owner: "orders-team" } },
      overrideRuleSet: { domainRules: [{ name: "checkQty", kind: "CONDITION", mode: "WRITE", type: "CEL", expr: "message.qty > 0" }] },
    });
    const deleted = await r.call("DELETE", "/config/orders-value");
    expect(deleted.body).toMatchObject({ compatibilityLevel: "BACKWARD", compatibilityGroup: "major_version" });
    expect((await r.call("GET", "/config/orders-value")).status).toBe(404);
  });

  it("falls back field by field to the global config with defaultToGlobal; the global level defaults to BACKWARD", async () => {
    expect((await r.call("GET", "/config")).body).toEqual({ compatibilityLevel: "BACKWARD" });
    await r.call("PUT", "/config", { normalize: true, compatibilityGroup: "g" });
    expect((await r.call("GET", "/config")).body).toEqual({ normalize: true, compatibilityLevel: "BACKWARD", compatibilityGroup: "g" });
    await r.call("PUT", "/config/s", { compatibility: "NONE" });
    expect((await r.call("GET", "/config/s")).body).toEqual({ compatibilityLevel: "NONE" });
    expect((await r.call("GET", "/config/s?defaultToGlobal=true")).body).toEqual({ normalize: true, compatibilityLevel: "NONE", compatibilityGroup: "g" });
    expect((await r.call("DELETE", "/config")).body).toEqual({ normalize: true, compatibilityLevel: "BACKWARD", compatibilityGroup: "g" });
    expect((await r.call("GET", "/config")).body).toEqual({ compatibilityLevel: "BACKWARD" });
  });

  it("refuses bad fields with Confluent's codes and keeps the stored config", async () => {
    await r.call("PUT", "/config/s", { compatibility: "FULL" });
    const cases: Array<[unknown, number, number]> = [
      [{ compatibility: "SIDEWAYS" }, 422, 42203],
      [{ normalize: "yes" }, 422, 422],
      [{ defaultMetadata: { properties: { a: 1 } } }, 422, 422],
      [{ defaultRuleSet: { domainRules: [{ name: "r" }] } }, 422, 42210],
      [{ overrideRuleSet: { migrationRules: [{ name: "m", type: "JSONATA", mode: "WRITE" }] } }, 422, 42210],
      [{ defaultRuleSet: { domainRules: [{ name: "r", type: "CEL" }, { name: "r", type: "CEL" }] } }, 422, 42210],
      [{ alias: "bad\u0001subject" }, 422, 42208],
      [[1, 2], 422, 422],
    ];
    for (const [body, status, code] of cases) {
      const answer = await r.call<{ error_code: number }>("PUT", "/config/s", body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error_code, JSON.stringify(body)).toBe(code);
    }
    expect((await r.call("GET", "/config/s")).body).toEqual({ compatibilityLevel: "FULL" });
  });

  it("refuses config changes in read-only mode (Confluent updateConfig)", async () => {
    await r.call("PUT", "/mode", { mode: "READONLY" });
    expect((await r.call<{ error_code: number }>("PUT", "/config", { compatibility: "NONE" })).body.error_code).toBe(42205);
    await r.call("PUT", "/mode", { mode: "READWRITE" });
    expect((await r.call("PUT", "/config", { compatibility: "NONE" })).status).toBe(200);
  });

  it("applies normalize from the config to register and lookup", async () => {
    const spaced = '{ "type": "record", "name": "N", "fields": [ { "name": "a", "type": "int" } ] }';
    await r.call("PUT", "/config/n", { normalize: true });
    const reg = await r.call<{ id: number }>("POST", "/subjects/n/versions", { schema: spaced });
    const stored = await r.call<{ schema: string }>("GET", `/schemas/ids/${reg.body.id}`);
    expect(stored.body.schema).not.toContain(" ");
    expect((await r.call("POST", "/subjects/n", { schema: spaced })).status).toBe(200);
  });

  it("compares only versions of the same compatibilityGroup", async () => {
    await r.call("PUT", "/config/g", { compatibilityGroup: "major" });
    const meta = (major: string) => ({ properties: { major } });
    expect((await r.call("POST", "/subjects/g/versions", { schema: v1, metadata: meta("1") })).status).toBe(200);
    // Incompatible with v1, but in a new group: accepted.
    expect((await r.call("POST", "/subjects/g/versions", { schema: broken, metadata: meta("2") })).status).toBe(200);
    // Within group 1 the same change is refused.
    expect((await r.call("POST", "/subjects/g/versions", { schema: broken.replace("country", "city"), metadata: meta("1") })).status).toBe(409);
    const test = await r.call<{ is_compatible: boolean }>("POST", "/compatibility/subjects/g/versions", { schema: broken.replace("country", "city"), metadata: meta("2") });
    expect(test.body.is_compatible).toBe(false);
  });

  it("serves reads of an alias subject from its target", async () => {
    await r.call("POST", "/subjects/orders-value/versions", { schema: v1 });
    await r.call("PUT", "/config/orders", { alias: "orders-value" });
    expect((await r.call("GET", "/config/orders")).body).toEqual({ alias: "orders-value" });
    expect((await r.call("GET", "/subjects/orders/versions/latest")).body).toMatchObject({ subject: "orders-value", version: 1 });
    expect((await r.call("GET", "/subjects/orders/versions")).body).toEqual([1]);
    expect((await r.call("POST", "/subjects/orders", { schema: v1 })).body).toMatchObject({ subject: "orders-value", id: 1 });
  });
});

describe("query parameters", () => {
  it("answers 400 with a Confluent-style error for malformed offset, limit and boolean values", async () => {
    await r.call("POST", "/subjects/s/versions", { schema: v1 });
    for (const url of [
      "/subjects?offset=abc",
      "/subjects?limit=1.5",
      "/subjects?offset=-1",
      "/subjects?deleted=yes",
      "/subjects/s/versions?deletedOnly=1",
      "/schemas?latestOnly=maybe",
      "/schemas?limit=99999999999",
      "/schemas/ids/1?fetchMaxId=nope",
      "/config/s?defaultToGlobal=2",
      "/subjects/s/versions/1/referencedby?offset=x",
    ]) {
      const answer = await r.call<{ error_code: number; message: string }>("GET", url);
      expect(answer.status, url).toBe(400);
      expect(answer.body.error_code, url).toBe(400);
      expect(answer.body.message, url).toMatch(/query parameter '(offset|limit|deleted|deletedOnly|latestOnly|fetchMaxId|defaultToGlobal)'/);
    }
    expect((await r.call("DELETE", "/subjects/s?permanent=sure")).status).toBe(400);
    expect((await r.call("GET", "/subjects/s/versions/1")).status).toBe(200); // nothing was deleted
    // Well-formed values in any case, and empty values, are fine.
    expect((await r.call("GET", "/subjects?deleted=TRUE&offset=0&limit=")).body).toEqual(["s"]);
    expect((await r.call("GET", "/subjects?offset=1")).body).toEqual([]);
  });
});

describe("schemas by id", () => {
  it("adds maxId with fetchMaxId=true", async () => {
    await r.call("POST", "/subjects/a/versions", { schema: v1 });
    await r.call("POST", "/subjects/a/versions", { schema: v2 });
    const guid = await versionGuid("a", 1);
    expect((await r.call("GET", "/schemas/ids/1?fetchMaxId=true")).body).toEqual({ schema: v1, guid, maxId: 2 });
    expect((await r.call("GET", "/schemas/ids/1")).body).toEqual({ schema: v1, guid });
  });

  it("answers an Avro schema with its references inlined for format=resolved", async () => {
    const address = JSON.stringify({ type: "record", name: "Address", namespace: "acme", fields: [{ name: "city", type: "string" }] });
    await r.call("POST", "/subjects/address/versions", { schema: address });
    const person = JSON.stringify({ type: "record", name: "Person", namespace: "acme", fields: [{ name: "home", type: "acme.Address" }, { name: "work", type: "acme.Address" }] });
    const reg = await r.call<{ id: number }>("POST", "/subjects/person/versions", {
      schema: person,
      references: [{ name: "acme.Address", subject: "address", version: 1 }],
    });
    const resolved = await r.call<{ schema: string; references: unknown[] }>("GET", `/schemas/ids/${reg.body.id}?format=resolved`);
    const doc = JSON.parse(resolved.body.schema) as { fields: Array<{ type: unknown }> };
    expect(doc.fields[0]!.type).toMatchObject({ type: "record", name: "acme.Address" });
    expect(doc.fields[1]!.type).toBe("acme.Address");
    expect(resolved.body.references).toHaveLength(1);
    const versionResolved = await r.call<{ schema: string }>("GET", "/subjects/person/versions/1?format=resolved");
    expect(versionResolved.body.schema).toBe(resolved.body.schema);
    expect((await r.call<{ schema: string }>("GET", `/schemas/ids/${reg.body.id}`)).body.schema).toBe(person);
  });
});

describe("metadata and ruleSet", () => {
  const metadata = { properties: { owner: "team-a", major: "1" }, tags: { "/fields/0": ["PII"] }, sensitive: ["secret"] };
  const ruleSet = { domainRules: [{ name: "idNotEmpty", kind: "CONDITION", mode: "WRITE", type: "CEL", expr: "size(message.id) > 0" }] };

  it("stores and returns them on every read, and makes them part of the identity", async () => {
    const plain = await r.call<{ id: number }>("POST", "/subjects/a/versions", { schema: v1 });
    const withContract = await r.call<{ id: number; version: number }>("POST", "/subjects/b/versions", { schema: v1, metadata, ruleSet });
    expect(withContract.body.id).not.toBe(plain.body.id);
    expect(withContract.body).toMatchObject({ version: 1, metadata, ruleSet });
    const guid = await versionGuid("b", 1);
    expect((await r.call("GET", `/schemas/ids/${withContract.body.id}`)).body).toEqual({ schema: v1, metadata, ruleSet, guid });
    expect((await r.call("GET", "/subjects/b/versions/1")).body).toMatchObject({ subject: "b", id: withContract.body.id, guid, metadata, ruleSet });
    // The contract is part of the GUID too: the plain schema has another one.
    expect((await r.call("GET", `/schemas/ids/${plain.body.id}`)).body).toEqual({ schema: v1, guid: await versionGuid("a", 1) });
    expect(await versionGuid("a", 1)).not.toBe(guid);
    expect((await r.call<unknown[]>("GET", "/schemas?subjectPrefix=b")).body[0]).toMatchObject({ metadata, ruleSet });
    // Same text and contract elsewhere: same id. Same text, another contract in the same subject: a new version.
    expect((await r.call<{ id: number }>("POST", "/subjects/c/versions", { schema: v1, ruleSet, metadata })).body.id).toBe(withContract.body.id);
    // Two subjects with the identical schema share its GUID: both version bodies and the id answer carry it.
    expect(await versionGuid("c", 1)).toBe(guid);
    expect((await r.call("GET", `/schemas/ids/${withContract.body.id}`)).body).toMatchObject({ guid });
    const changed = await r.call<{ id: number; version: number }>("POST", "/subjects/b/versions", { schema: v1, metadata: { properties: { owner: "team-b" } } });
    expect(changed.body.version).toBe(2);
    // Lookup matches the contract too.
    expect((await r.call("POST", "/subjects/b", { schema: v1, metadata, ruleSet })).body).toMatchObject({ version: 1 });
  });

  it("inherits them from the previous version and merges config defaults and overrides into new versions", async () => {
    await r.call("PUT", "/config/o", {
      defaultMetadata: { properties: { owner: "default-owner", tier: "gold" } },
      overrideMetadata: { properties: { tier: "platinum" } },
      defaultRuleSet: { domainRules: [{ name: "a", type: "CEL", expr: "true" }] },
    });
    const first = await r.call<{ id: number }>("POST", "/subjects/o/versions", { schema: v1, metadata: { properties: { owner: "me" } } });
    expect(first.body).toMatchObject({
      metadata: { properties: { owner: "me", tier: "platinum" } },
      ruleSet: { domainRules: [{ name: "a", type: "CEL", expr: "true" }] },
    });
    // Registering the same schema without metadata finds the version (lookup completes the contract the same way).
    expect((await r.call<{ id: number; version: number }>("POST", "/subjects/o/versions", { schema: v1 })).body).toMatchObject({ id: first.body.id, version: 1 });
    expect((await r.call("POST", "/subjects/o", { schema: v1 })).body).toMatchObject({ id: first.body.id, version: 1 });
    // A new version without metadata inherits the latest version's.
    const second = await r.call<{ version: number }>("POST", "/subjects/o/versions", { schema: v2 });
    expect(second.body).toMatchObject({ version: 2, metadata: { properties: { owner: "me", tier: "platinum" } } });
  });

  it("refuses invalid rule sets with 42210 and malformed metadata with 422", async () => {
    const bad = await r.call<{ error_code: number }>("POST", "/subjects/x/versions", { schema: v1, ruleSet: { domainRules: [{ name: "1bad", type: "CEL" }] } });
    expect(bad.body.error_code).toBe(42210);
    const badMeta = await r.call<{ error_code: number }>("POST", "/subjects/x/versions", { schema: v1, metadata: { tags: { a: "PII" } } });
    expect(badMeta.body.error_code).toBe(422);
    expect((await r.call("GET", "/subjects")).body).toEqual([]);
  });
});
