import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { jsonSchemaCompatibility } from "./compatibility.js";
import { parseJsonSchema } from "./parse.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/jsonschema/", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : f.endsWith(".json") ? [p] : [];
  });
}

interface CorpusFile {
  readonly path: string;
  readonly text: string;
  readonly id: string | undefined;
  readonly refs: readonly string[];
}

const files: CorpusFile[] = walk(CORPUS).map((path) => {
  const text = readFileSync(path, "utf8");
  const json = JSON.parse(text) as Record<string, unknown>;
  const refs = [...text.matchAll(/"\$ref"\s*:\s*"([^"#][^"]*)"/g)].map((m) => m[1] as string);
  return { path, text, id: typeof json["$id"] === "string" ? json["$id"] : undefined, refs };
});

/**
 * The references a corpus file needs, as a registry would hand them over: each non-local `$ref` resolved
 * against the dependant's `$id` to the corpus file with that `$id`, named by the `$ref` as written,
 * transitively, dependencies first.
 */
function referencesOf(file: CorpusFile, seen = new Set<string>()): ResolvedReference[] {
  const out: ResolvedReference[] = [];
  for (const ref of file.refs) {
    const target = new URL(ref, file.id ?? "file:///").href.split("#")[0];
    const dep = files.find((f) => f.id === target);
    if (!dep) throw new Error(`${file.path}: no corpus file has $id ${target}`);
    if (seen.has(`${ref} ${dep.path}`)) continue;
    seen.add(`${ref} ${dep.path}`);
    out.push(...referencesOf(dep, seen), { name: ref, schema: dep.text });
  }
  return out;
}

describe("the real-world JSON Schema corpus", () => {
  it("holds the cdevents and cloudevents schemas", () => {
    expect(files.length).toBeGreaterThanOrEqual(63);
    expect(files.filter((f) => f.refs.length > 0).length).toBeGreaterThan(40);
  });

  it("parses every schema, with the references it names", async () => {
    const failures: string[] = [];
    for (const file of files) {
      const result = await parseJsonSchema(file.text, { references: referencesOf(file) });
      if (!result.ok) failures.push(`${file.path}: ${result.error.code} ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it("finds every schema compatible with itself, through its references", async () => {
    const failures: string[] = [];
    for (const file of files) {
      const result = await parseJsonSchema(file.text, { references: referencesOf(file) });
      if (!result.ok) continue; // reported by the test above
      const violations = jsonSchemaCompatibility(result.value, result.value);
      if (violations.length > 0) failures.push(`${file.path}: ${violations.map((v) => `${v.rule} at ${v.path}`).join("; ")}`);
    }
    expect(failures).toEqual([]);
  });

  it("sees a narrowed field in a real event schema", async () => {
    const event = files.find((f) => f.path.endsWith("cloudevents.json"))!;
    const narrowed = event.text.replace('"minLength": 1', '"minLength": 2');
    expect(narrowed).not.toBe(event.text);
    const [reader, writer] = [await parseJsonSchema(narrowed), await parseJsonSchema(event.text)];
    if (!reader.ok || !writer.ok) throw new Error("cloudevents must parse");
    expect(jsonSchemaCompatibility(reader.value, writer.value).map((v) => v.rule)).toContain("MIN_LENGTH_INCREASED");
    expect(jsonSchemaCompatibility(writer.value, reader.value)).toEqual([]);
  });

  it("refuses a cdevents event schema whose links reference is missing", async () => {
    const event = files.find((f) => f.refs.includes("links/embeddedlinksarray"));
    expect(event).toBeDefined();
    const result = await parseJsonSchema(event!.text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("REFERENCE_UNRESOLVED");
      expect(result.error.message).toContain("links/embeddedlinksarray");
      expect(result.error.path).toMatch(/\/\$ref$/);
    }
  });
});
