import { ok, type Result } from "../errors.js";
import type { ParsedSchema, ParseOptions, ResolvedReference } from "../format.js";
import { sha256Hex } from "../json-text.js";
import { writeSchema } from "./canonical-form.js";
import { isStackOverflow } from "./depth.js";
import { type AvroModel, type AvroNamed } from "./model.js";
import { parseAvroType } from "./parse-schema.js";

/**
 * `avroFormat.parse`: parses each reference (dependencies first) into one shared table of named types, then
 * the schema itself (which may use every name the references define). A reference's `name` should be the full
 * name of a type it defines; the texts are what count (a reference defining other names makes those visible
 * too, as Confluent's Java parser does). `canonical` is {@link writeSchema}'s canonical form with the
 * referenced types written by name only; `fingerprint` its SHA-256.
 * A reference whose `name` was already seen is skipped (diamond dependencies).
 * Errors: those of {@link parseAvroType}; an error inside a reference is reported with a message naming the
 * reference (its `path` points into that reference's text).
 */
export function parseAvro(text: string, options: ParseOptions = {}): Result<ParsedSchema> {
  const names = new Map<string, AvroNamed>();
  const references: readonly ResolvedReference[] = options.references ?? [];
  const seen = new Set<string>();
  for (const ref of references) {
    // A diamond (two dependants of one schema) may list the same reference twice; define it once.
    if (seen.has(ref.name)) continue;
    seen.add(ref.name);
    const r = parseAvroType(ref.schema, { names, maxDepth: options.maxDepth });
    if (!r.ok) return { ok: false, error: { ...r.error, message: `In reference "${ref.name}": ${r.error.message}` } };
  }
  const referenced = new Set(names.keys());
  const root = parseAvroType(text, { names, maxDepth: options.maxDepth });
  if (!root.ok) return root;
  const model: AvroModel = { kind: "avro", root: root.value, names, referenced };
  let canonical: string;
  try {
    canonical = writeSchema(root.value, { form: "canonical", known: referenced });
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return { ok: false, error: { code: "SCHEMA_TOO_DEEP", message: "Schema nests too deeply to write its canonical form" } };
  }
  return ok({ type: "AVRO", text, canonical, fingerprint: sha256Hex(canonical), references, model });
}

