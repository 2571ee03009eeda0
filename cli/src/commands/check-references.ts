import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { parseJson, protobufImports, readYamlOrJson, type ResolvedReference, type SchemaType } from "@charter/contracts/core";
import { avroReferences, jsonSchemaReferences, type LocatedReference, type SchemaSource } from "../references/by-name.js";
import type { ReferenceFlag } from "./check-options.js";

/** Most files one automatic resolution reads, so a reference loop in odd input cannot run away. */
export const MAX_AUTO_REFERENCES = 500;

/**
 * Reads a schema file as UTF-8 (a leading byte-order mark, which editors on Windows write, is dropped): its
 * text, or a message naming the file and the cause (never throws).
 */
export async function readSchemaFile(path: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    const text = await readFile(path, "utf8");
    return { ok: true, text: text.startsWith("\uFEFF") ? text.slice(1) : text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const cause =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : e instanceof Error ? e.message : String(e);
    return { ok: false, error: `cannot read ${path}: ${cause}` };
  }
}

/** Reads every `--reference name=path` file, in the order given: the references, or the first read error. */
export async function readExplicitReferences(flags: readonly ReferenceFlag[]): Promise<{ ok: true; value: ResolvedReference[] } | { ok: false; error: string }> {
  const out: ResolvedReference[] = [];
  for (const r of flags) {
    const read = await readSchemaFile(r.path);
    if (!read.ok) return { ok: false, error: `--reference ${r.name}: ${read.error}` };
    out.push({ name: r.name, schema: read.text });
  }
  return { ok: true, value: out };
}

/**
 * The file parts of the relative `$ref`s in a YAML or JSON document, sorted, without duplicates:
 * `$ref: '../common/messages.yaml#/x'` → `../common/messages.yaml`. Local (`#/…`) and absolute-URL
 * (`https:`, `file:` …) references are left out. Text that is not YAML has none (the engine reports it).
 */
export function relativeRefTargets(text: string): string[] {
  const found = new Set<string>();
  const doc = readYamlOrJson(text);
  if (!doc.ok) return [];
  const stack: unknown[] = [doc.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const target = value.split("#")[0] ?? "";
        if (target !== "" && !/^[a-z][a-z\d+.-]*:/i.test(target)) found.add(target);
      } else stack.push(value);
    }
  }
  return [...found].sort();
}

/** What {@link autoReferences} found: the references read, and the files looked for but missing (AsyncAPI). */
export interface AutoReferences {
  /** Dependencies first; each with the file it was read from. */
  readonly references: readonly LocatedReference[];
  readonly missing: readonly string[];
}

/** The file system as a {@link SchemaSource}: what `charter check` reads (no lookup by name). */
export const diskSource: SchemaSource = {
  async read(path: string): Promise<string | undefined> {
    const read = await readSchemaFile(path);
    return read.ok ? read.text : undefined;
  },
};

/**
 * AsyncAPI: the files the document's relative `$ref`s name, read from disk relative to the file that
 * names them (transitively: a referenced file's own relative `$ref`s are relative to it), named by their
 * path relative to the main document's directory (`../common/messages.yaml`), which is how the engine
 * matches them. Names in `given` (explicit `--reference`s) are not read. Missing files are skipped: the
 * engine then reports the `$ref` as unresolved, with its line.
 */
async function asyncApiReferences(file: string, text: string, given: ReadonlySet<string>, source: SchemaSource): Promise<AutoReferences> {
  const root = dirname(file);
  const out: LocatedReference[] = [];
  const missing: string[] = [];
  const seen = new Set<string>([resolve(file)]);
  const queue: Array<{ from: string; text: string }> = [{ from: resolve(file), text }];
  while (queue.length > 0 && out.length < MAX_AUTO_REFERENCES) {
    const { from, text: content } = queue.shift()!;
    for (const target of relativeRefTargets(content)) {
      const abs = resolve(dirname(from), target);
      if (seen.has(abs)) continue;
      seen.add(abs);
      const name = relative(root, abs).split(sep).join(posix.sep);
      if (given.has(name) || given.has(target)) continue;
      const found = await source.read(abs);
      if (found === undefined) {
        missing.push(abs);
        continue;
      }
      out.push({ name, schema: found, file: abs });
      queue.push({ from: abs, text: found });
    }
  }
  return { references: out, missing };
}

/**
 * Protobuf: each import path (transitively) that is not in `given` is looked up as a file under the
 * input's directory, then under each parent directory in turn (the first one holding it acts as the
 * include root, like protoc's `-I`), and named by the import path. Imports found nowhere are left to the
 * engine (built-in well-known types such as `google/protobuf/timestamp.proto`, else an unresolved-import
 * error with its line). Dependencies come before their dependants.
 */
async function protobufReferences(file: string, text: string, given: ReadonlySet<string>, source: SchemaSource): Promise<AutoReferences> {
  const roots: string[] = [];
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    roots.push(dir);
    if (dirname(dir) === dir) break;
  }
  const out: LocatedReference[] = [];
  const seen = new Set<string>(given);
  const visit = async (content: string): Promise<void> => {
    for (const imp of protobufImports(content)) {
      if (seen.has(imp) || isAbsolute(imp) || out.length >= MAX_AUTO_REFERENCES) continue;
      seen.add(imp);
      let found: string | undefined;
      let file = "";
      for (const root of roots) {
        file = join(root, imp);
        found = await source.read(file);
        if (found !== undefined) break;
      }
      if (found === undefined) continue;
      await visit(found);
      out.push({ name: imp, schema: found, file });
    }
  };
  await visit(text);
  return { references: out, missing: [] };
}

/**
 * References resolved automatically from the files next to `file` (see docs/cli.md), read through `source`
 * (default: the disk): AsyncAPI relative `$ref`s, Protobuf imports and JSON Schema relative-path `$ref`s
 * (`"$ref": "./address.json"`, also tried with `.json` added). References by name — Avro full names, JSON
 * Schema `$ref`s by `$id` (see `references/by-name.ts`) — are found only when the source lists its schema files
 * (the gate's repository view); `charter check` takes those from `--reference`. `given` holds the names
 * already provided explicitly, which win. Dependencies come first.
 */
export async function autoReferences(type: SchemaType, file: string, text: string, given: ReadonlySet<string>, source: SchemaSource = diskSource): Promise<AutoReferences> {
  if (type === "ASYNCAPI") return asyncApiReferences(file, text, given, source);
  if (type === "PROTOBUF") return protobufReferences(file, text, given, source);
  if (type === "AVRO" && !source.schemaFiles) return { references: [], missing: [] };
  const json = parseJson(text);
  if (!json.ok) return { references: [], missing: [] };
  const byName = type === "AVRO" ? avroReferences : jsonSchemaReferences;
  return { references: await byName(file, json.value, source, given), missing: [] };
}
