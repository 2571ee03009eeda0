/**
 * Every Avro and JSON Schema file of the real-world corpus (`../shared/corpus`) registers through the REST API,
 * with the files it `$ref`s (JSON) or the named types it uses (Avro) passed as references, and reads back
 * byte-for-byte by id.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestRegistry, type TestRegistry } from "./helpers.js";

const CORPUS = fileURLToPath(new URL("../../shared/corpus/", import.meta.url));

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out.sort();
}

interface Reference {
  name: string;
  subject: string;
  version: number;
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

async function registerAndReadBack(subject: string, schemaType: string, schema: string, references: Reference[] = []): Promise<number> {
  const res = await api(registry.url, "POST", `/subjects/${encodeURIComponent(subject)}/versions`, { schemaType, schema, references });
  expect(res, `${subject}: ${JSON.stringify(res.body)}`).toMatchObject({ status: 200 });
  const id = (res.body as { id: number }).id;
  const back = await api(registry.url, "GET", `/schemas/ids/${id}`);
  expect(back.status).toBe(200);
  expect((back.body as { schema: string }).schema).toBe(schema);
  const raw = await fetch(`${registry.url}/schemas/ids/${id}/schema`);
  expect(await raw.text()).toBe(schema);
  return id;
}

describe("Avro corpus", () => {
  const files = filesUnder(join(CORPUS, "avro"), ".avsc");

  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it("registers every .avsc file and reads it back byte-for-byte", async () => {
    for (const file of files) {
      await registerAndReadBack(`corpus-avro/${relative(CORPUS, file)}`, "AVRO", readFileSync(file, "utf8"));
    }
  });

  it("registers the named types of multi-type files as separate subjects joined by references", async () => {
    // A file whose top level is a union of named types (each using the earlier ones) is the classic case for
    // Confluent references: one subject per type, later types referencing earlier ones by full name.
    const multi = files.filter((f) => Array.isArray(JSON.parse(readFileSync(f, "utf8"))) && JSON.parse(readFileSync(f, "utf8")).length > 1);
    expect(multi.length).toBeGreaterThan(0);
    let withRefs = 0;
    for (const file of multi) {
      const types = JSON.parse(readFileSync(file, "utf8")) as Array<{ name: string; namespace?: string }>;
      const earlier: Reference[] = [];
      for (const type of types) {
        const fullName = type.name.includes(".") ? type.name : `${type.namespace ? type.namespace + "." : ""}${type.name}`;
        const text = JSON.stringify(type, null, 2);
        const uses = earlier.filter((r) => text.includes(`"${r.name}"`) || text.includes(`"${r.name.split(".").pop()}"`));
        const subject = `corpus-avro-split/${fullName}`;
        await registerAndReadBack(subject, "AVRO", text, uses);
        if (uses.length > 0) withRefs++;
        earlier.push({ name: fullName, subject, version: 1 });
      }
    }
    expect(withRefs).toBeGreaterThan(0);
  });
});

describe("JSON Schema corpus", () => {
  const files = filesUnder(join(CORPUS, "jsonschema"), ".json");

  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it("registers every schema, its cross-file $refs as references, and reads it back byte-for-byte", async () => {
    const byId = new Map<string, string>();
    const texts = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));
    for (const [file, text] of texts) {
      const id = (JSON.parse(text) as { $id?: string }).$id;
      if (id) byId.set(id.replace(/#$/, ""), file);
    }
    // For each file, the other corpus files its $refs point at, resolved against its $id as JSON Schema does.
    const deps = new Map<string, Array<{ ref: string; file: string }>>();
    for (const [file, text] of texts) {
      const base = (JSON.parse(text) as { $id?: string }).$id;
      const found: Array<{ ref: string; file: string }> = [];
      for (const m of text.matchAll(/"\$ref"\s*:\s*"([^"#][^"]*)"/g)) {
        const ref = m[1]!;
        const target = byId.get(new URL(ref, base ?? "file:///").href.split("#")[0]!);
        expect(target, `${relative(CORPUS, file)}: $ref ${ref} not found in corpus`).toBeDefined();
        if (target && !found.some((d) => d.ref === ref)) found.push({ ref, file: target });
      }
      deps.set(file, found);
    }
    const subjectOf = (file: string) => `corpus-json/${relative(CORPUS, file)}`;
    const done = new Set<string>();
    const register = async (file: string, path: string[] = []): Promise<void> => {
      if (done.has(file)) return;
      expect(path, "reference cycle").not.toContain(file);
      for (const d of deps.get(file)!) await register(d.file, [...path, file]);
      const references = deps.get(file)!.map((d) => ({ name: d.ref, subject: subjectOf(d.file), version: 1 }));
      await registerAndReadBack(subjectOf(file), "JSON", texts.get(file)!, references);
      done.add(file);
    };
    for (const file of files) await register(file);
    expect(done.size).toBe(files.length);
    expect([...deps.values()].filter((d) => d.length > 0).length).toBeGreaterThan(40);
  });
});
