/**
 * Every AsyncAPI document of the real-world corpus (`../shared/corpus/asyncapi`: spec examples 2.6.0, 3.0.0 and
 * 3.1.0, the multi-file social-media examples, the CloudEvents working drafts) registers through the REST API as
 * `schemaType: "ASYNCAPI"` and reads back byte-for-byte by id. The files documents `$ref` are registered first,
 * as their own subjects, and passed as Confluent references named by the `$ref` as written: the social-media
 * `common/*.yaml` fragments (ASYNCAPI fragments), and stand-ins for remote targets (the CloudEvents trait from
 * the corpus, a JSON Schema, Avro records — the same stand-ins as the engine's `corpus.test.ts`), never fetched.
 * Each message payload lands in its derived subject, listed by `GET /subjects/{s}/versions/{v}/messages`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestRegistry, type TestRegistry } from "./helpers.js";

const CORPUS = fileURLToPath(new URL("../../shared/corpus/asyncapi/", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    })
    .sort();
}

interface Reference {
  name: string;
  subject: string;
  version: number;
}

interface MessageRow {
  messageId: string;
  channel: string;
  action: string;
  role: string;
  schemaType: string | null;
  subject: string | null;
  id: number | null;
  version: number | null;
}

const yamlFiles = walk(CORPUS).filter((f) => /\.ya?ml$/.test(f));
const isFragment = (f: string) => /social-media\/common\//.test(f) || /asyncapi-traits\//.test(f);
const documents = yamlFiles.filter((f) => !isFragment(f));

const CLOUDEVENTS_TRAIT_URL =
  "https://raw.githubusercontent.com/cloudevents/spec/main/cloudevents/working-drafts/asyncapi-traits/cloudevents-headers-kafka-binary.yaml";

const avroRecord = (name: string) =>
  JSON.stringify({ type: "record", name, namespace: "com.adeo.casestudy.costing", fields: [{ name: "id", type: "string" }] });

/** Remote `$ref` targets: their stand-in text and the schema type they register as. */
const REMOTE: Record<string, { schemaType: string; schema: string }> = {
  [CLOUDEVENTS_TRAIT_URL]: { schemaType: "ASYNCAPI", schema: readFileSync(join(CORPUS, "cloudevents-working-drafts/asyncapi-traits/cloudevents-headers-kafka-binary.yaml"), "utf8") },
  "https://raw.githubusercontent.com/cloudevents/spec/v1.0.2/cloudevents/formats/cloudevents.json": {
    schemaType: "JSON",
    schema: JSON.stringify({
      type: "object",
      required: ["id", "source", "specversion", "type"],
      properties: { id: { type: "string" }, source: { type: "string" }, specversion: { type: "string" }, type: { type: "string" } },
    }),
  },
  "https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc": { schemaType: "AVRO", schema: avroRecord("CostingRequestPayload") },
  "https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc": { schemaType: "AVRO", schema: avroRecord("CostingResponsePayload") },
  // 3.0 validates a Kafka key as an AsyncAPI Schema: valid both as Avro and as JSON Schema.
  "https://deploy-preview-921--asyncapi-website.netlify.app/resources/casestudies/adeo/CostingResponseKey.avsc": { schemaType: "AVRO", schema: JSON.stringify({ type: "string" }) },
  "https://deploy-preview-921--asyncapi-website.netlify.app/resources/casestudies/adeo/CostingResponsePayload.avsc": { schemaType: "AVRO", schema: avroRecord("CostingResponsePayload") },
};

/** The distinct external `$ref` targets written in a YAML text (file part only, quotes stripped). */
function externalRefs(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\$ref:\s*['"]?([^'"#\s]+)(?:#[^'"\s]*)?['"]?/g)) out.add(m[1]!);
  return [...out];
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

const enc = encodeURIComponent;

async function registerAndReadBack(subject: string, schemaType: string, schema: string, references: Reference[] = []): Promise<number> {
  const res = await api(registry.url, "POST", `/subjects/${enc(subject)}/versions`, { schemaType, schema, references });
  expect(res, `${subject}: ${JSON.stringify(res.body)}`).toMatchObject({ status: 200 });
  const id = (res.body as { id: number }).id;
  const back = await api(registry.url, "GET", `/schemas/ids/${id}`);
  expect(back.status).toBe(200);
  expect((back.body as { schema: string }).schema).toBe(schema);
  expect((back.body as { schemaType?: string }).schemaType ?? "AVRO").toBe(schemaType);
  const raw = await fetch(`${registry.url}/schemas/ids/${id}/schema`);
  expect(await raw.text()).toBe(schema);
  return id;
}

/** Subject of a corpus file. */
const subjectOf = (file: string) => `asyncapi-corpus/${relative(CORPUS, file)}`;

/** Registers every `common/*.yaml` of a social-media example (dependencies first); subject by file. */
async function registerCommon(root: string): Promise<Map<string, string>> {
  const files = walk(join(root, "common"));
  const subjects = new Map<string, string>();
  const pending = [...files];
  while (pending.length > 0) {
    const ready = pending.findIndex((f) => externalRefs(readFileSync(f, "utf8")).every((r) => subjects.has(join(dirname(f), r))));
    expect(ready, `a common/ file whose references are all registered in ${root}`).toBeGreaterThanOrEqual(0);
    const [file] = pending.splice(ready, 1) as [string];
    const text = readFileSync(file, "utf8");
    const references = externalRefs(text).map((name) => ({ name, subject: subjects.get(join(dirname(file), name))!, version: 1 }));
    await registerAndReadBack(subjectOf(file), "ASYNCAPI", text, references);
    subjects.set(file, subjectOf(file));
  }
  return subjects;
}

describe("AsyncAPI corpus through the REST API", () => {
  it("has the documents the issue names", () => {
    expect(documents.length).toBeGreaterThanOrEqual(60);
    for (const version of ["2.6.0", "3.0.0", "3.1.0"]) expect(documents.some((f) => f.includes(`spec-examples-${version}/`))).toBe(true);
    expect(documents.filter((f) => f.includes("cloudevents-working-drafts"))).toHaveLength(2);
    expect(documents.filter((f) => f.includes("/social-media/"))).toHaveLength(15);
  });

  it("registers every document (references as subjects) and reads it back byte-for-byte by id; payloads get derived subjects", async () => {
    for (const [url, { schemaType, schema }] of Object.entries(REMOTE)) {
      await registerAndReadBack(`asyncapi-corpus/remote/${basename(url)}`, schemaType, schema);
    }
    const common = new Map<string, string>();
    for (const root of new Set(documents.filter((f) => f.includes("/social-media/")).map((f) => f.replace(/social-media\/.*$/, "social-media/")))) {
      for (const [file, subject] of await registerCommon(root)) common.set(file, subject);
    }
    let derived = 0;
    let withReferences = 0;
    for (const file of documents) {
      const text = readFileSync(file, "utf8");
      const references = externalRefs(text).map((name): Reference => {
        const subject = REMOTE[name] ? `asyncapi-corpus/remote/${basename(name)}` : common.get(join(dirname(file), name));
        expect(subject, `${relative(CORPUS, file)} $ref ${name}`).toBeDefined();
        return { name, subject: subject!, version: 1 };
      });
      if (references.length > 0) withReferences++;
      const subject = subjectOf(file);
      await registerAndReadBack(subject, "ASYNCAPI", text, references);
      const rows = (await api(registry.url, "GET", `/subjects/${enc(subject)}/versions/1/messages`)).body as MessageRow[];
      expect(rows.length, relative(CORPUS, file)).toBeGreaterThan(0);
      for (const row of rows.filter((r) => r.subject !== null)) {
        expect(row.id, `${row.subject}`).toBeGreaterThan(0);
        const latest = await api(registry.url, "GET", `/subjects/${enc(row.subject!)}/versions/latest`);
        expect(latest.body).toMatchObject({ id: row.id });
        derived++;
      }
    }
    // 15 social-media services + 2 CloudEvents drafts + 2 Adeo request/reply examples use other files.
    expect(withReferences).toBe(19);
    expect(derived).toBeGreaterThanOrEqual(300);
    // ~90 documents in sequence: a loaded 2-core CI machine needs more than the default minute.
  }, 240_000);

  it("the social-media backend (3.0.0) resolves ../common/messages.yaml → ./schemas.yaml and derives commentLiked's payload", async () => {
    const subject = subjectOf(join(CORPUS, "spec-examples-3.0.0/social-media/backend/asyncapi.yaml"));
    const version = (await api(registry.url, "GET", `/subjects/${enc(subject)}/versions/1`)).body as { references: Reference[] };
    expect(version.references.map((r) => r.name).sort()).toEqual(["../common/messages.yaml", "../common/parameters.yaml", "../common/servers.yaml"]);
    const messagesYaml = version.references.find((r) => r.name === "../common/messages.yaml")!;
    const fragment = (await api(registry.url, "GET", `/subjects/${enc(messagesYaml.subject)}/versions/1`)).body as { schemaType: string; references: Reference[] };
    expect(fragment.schemaType).toBe("ASYNCAPI");
    expect(fragment.references).toEqual([{ name: "./schemas.yaml", subject: "asyncapi-corpus/spec-examples-3.0.0/social-media/common/schemas.yaml", version: 1 }]);
    const rows = (await api(registry.url, "GET", `/subjects/${enc(subject)}/versions/1/messages`)).body as MessageRow[];
    const liked = rows.find((r) => r.messageId === "commentLiked")!;
    expect(liked).toMatchObject({ schemaType: "JSON", subject: `${subject}.commentLiked-value` });
    const payload = (await api(registry.url, "GET", `/subjects/${enc(liked.subject!)}/versions/latest/schema`)).body;
    expect(payload).toMatchObject({ type: "object", properties: { commentId: {} } });
    // The fragment is protected while a document references it (Confluent 42206).
    const del = await api(registry.url, "DELETE", `/subjects/${enc(messagesYaml.subject)}/versions/1`);
    expect(del).toMatchObject({ status: 422, body: { error_code: 42206 } });
  });
});
