import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { asAsyncApiModel } from "./model.js";
import { parseAsyncApi } from "./parse.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const yamlFiles = walk(CORPUS).filter((f) => /\.ya?ml$/.test(f));
/** Fragments other documents reference (social-media `common/`, the CloudEvents message trait), not documents. */
const isFragment = (f: string) => /social-media\/common\//.test(f) || /asyncapi-traits\//.test(f);
const documents = yamlFiles.filter((f) => !isFragment(f));

/** The `common/` files of a social-media example, as the registry would pass them: named relative to the example root. */
function socialMediaReferences(file: string): ResolvedReference[] {
  const root = file.replace(/social-media\/.*$/, "social-media/");
  return walk(join(root, "common")).map((f) => ({ name: relative(root, f), schema: readFileSync(f, "utf8") }));
}

const CLOUDEVENTS_TRAIT_URL =
  "https://raw.githubusercontent.com/cloudevents/spec/main/cloudevents/working-drafts/asyncapi-traits/cloudevents-headers-kafka-binary.yaml";

/**
 * Remote `$ref`s of corpus documents, provided as references (the registry's way), never fetched. The
 * CloudEvents trait is in the corpus; the other targets are not, so small stand-ins written here take
 * their place (a CloudEvents-like JSON Schema, Avro records named as the Adeo case study names them, a
 * string key).
 */
const REMOTE: Record<string, string> = {
  [CLOUDEVENTS_TRAIT_URL]: readFileSync(join(CORPUS, "cloudevents-working-drafts/asyncapi-traits/cloudevents-headers-kafka-binary.yaml"), "utf8"),
  "https://raw.githubusercontent.com/cloudevents/spec/v1.0.2/cloudevents/formats/cloudevents.json": JSON.stringify({
    type: "object",
    required: ["id", "source", "specversion", "type"],
    properties: { id: { type: "string" }, source: { type: "string" }, specversion: { type: "string" }, type: { type: "string" } },
  }),
  "https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc": avroRecord("CostingRequestPayload"),
  "https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc": avroRecord("CostingResponsePayload"),
  // 3.0 validates a Kafka key as an AsyncAPI Schema: this stand-in is valid both as Avro and as JSON Schema.
  "https://deploy-preview-921--asyncapi-website.netlify.app/resources/casestudies/adeo/CostingResponseKey.avsc": JSON.stringify({ type: "string" }),
  "https://deploy-preview-921--asyncapi-website.netlify.app/resources/casestudies/adeo/CostingResponsePayload.avsc": avroRecord("CostingResponsePayload"),
};

function avroRecord(name: string): string {
  return JSON.stringify({ type: "record", name, namespace: "com.adeo.casestudy.costing", fields: [{ name: "id", type: "string" }] });
}

function remoteRefs(text: string): ResolvedReference[] {
  return Object.entries(REMOTE)
    .filter(([url]) => text.includes(url))
    .map(([name, schema]) => ({ name, schema }));
}

describe("AsyncAPI corpus", () => {
  it("has the documents the issue names", () => {
    expect(documents.length).toBeGreaterThanOrEqual(60);
    expect(documents.some((f) => f.endsWith("spec-examples-2.6.0/not.yml"))).toBe(true);
    expect(documents.filter((f) => f.includes("cloudevents-working-drafts"))).toHaveLength(2);
  });

  it.each(documents.map((f) => [relative(CORPUS, f), f]))("parses %s", async (_name, file) => {
    const text = readFileSync(file, "utf8");
    const references = [...(file.includes("social-media/") ? socialMediaReferences(file) : []), ...remoteRefs(text)];
    const result = await parseAsyncApi(text, { references });
    if (!result.ok) expect.fail(`${result.error.code}: ${result.error.message} at ${result.error.path} line ${result.error.line}`);
    const model = asAsyncApiModel(result.value.model);
    expect(model).toBeDefined();
    expect(model!.channels.length + model!.operations.length).toBeGreaterThan(0);
    expect(result.value.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses remote $refs it is not given, naming the URL and the line, without fetching", async () => {
    const file = join(CORPUS, "cloudevents-working-drafts/asyncapi-examples/light-switch-events-binary-kafka.yaml");
    const text = readFileSync(file, "utf8");
    const result = await parseAsyncApi(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("REFERENCE_UNRESOLVED");
    expect(result.error.message).toContain(CLOUDEVENTS_TRAIT_URL);
    expect(result.error.path).toBe("/components/messages/lightSwitchChanged/traits/0/$ref");
    expect(result.error.line).toBe(text.split("\n").findIndex((l) => l.includes(CLOUDEVENTS_TRAIT_URL)) + 1);
  });

  it("applies a trait passed as a reference: the CloudEvents Kafka headers reach the message", async () => {
    const file = join(CORPUS, "cloudevents-working-drafts/asyncapi-examples/light-switch-events-binary-kafka.yaml");
    const text = readFileSync(file, "utf8");
    const result = await parseAsyncApi(text, { references: remoteRefs(text) });
    expect(result.ok).toBe(true);
    const message = result.ok ? asAsyncApiModel(result.value.model)?.messages[0] : undefined;
    expect(message?.headers?.schema).toMatchObject({ required: ["ce_id", "ce_source", "ce_specversion", "ce_type"] });
  });

  it("resolves the social-media services' relative $refs from references named either way", async () => {
    const root = join(CORPUS, "spec-examples-3.0.0/social-media/");
    const text = readFileSync(join(root, "backend/asyncapi.yaml"), "utf8");
    const common = walk(join(root, "common"));
    for (const name of [(f: string) => relative(root, f), (f: string) => "../" + relative(root, f)]) {
      const result = await parseAsyncApi(text, { references: common.map((f) => ({ name: name(f), schema: readFileSync(f, "utf8") })) });
      expect(result.ok).toBe(true);
      const model = result.ok ? asAsyncApiModel(result.value.model) : undefined;
      const liked = model?.messages.find((m) => m.id === "commentLiked");
      expect(liked?.payload?.schema).toMatchObject({ type: "object", properties: { commentId: {} } });
    }
    const missing = await parseAsyncApi(text, { references: common.filter((f) => !f.endsWith("schemas.yaml")).map((f) => ({ name: relative(root, f), schema: readFileSync(f, "utf8") })) });
    expect(missing.ok ? "parsed" : missing.error.code).toBe("REFERENCE_UNRESOLVED");
    expect(missing.ok ? "" : missing.error.message).toContain("schemas.yaml");
  });
});
