import { dirname, posix, relative, resolve, sep } from "node:path";
import { avroFullName, avroReferenceCandidates, parseJson, type JsonValue, type ResolvedReference } from "@charter/contracts/core";

/**
 * Where reference resolution reads files. Paths are absolute; `read` answers the text (a leading byte-order
 * mark dropped) or `undefined` when there is no such file. `schemaFiles` lists the files a reference *by name*
 * may point at (Avro full names, JSON Schema `$id`s): a repository view the gate has and `charter check` has
 * not, so resolution by name happens only when it is present.
 */
export interface SchemaSource {
  read(path: string): Promise<string | undefined>;
  schemaFiles?(): Promise<readonly string[]>;
}

/** A reference and the file it was read from (absolute path): the gate maps files to registry subjects. */
export interface LocatedReference extends ResolvedReference {
  readonly file: string;
}

/** Most files one resolution reads, so a reference loop in odd input cannot run away. */
export const MAX_REFERENCES_BY_NAME = 500;

const AVRO_PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);
const AVRO_NAMED = new Set(["record", "error", "enum", "fixed"]);

/** The full names an Avro schema defines and the ones it uses (each use as its lookup candidates). */
export interface AvroNames {
  readonly defined: ReadonlySet<string>;
  readonly used: ReadonlyArray<readonly string[]>;
}

/**
 * Walks an Avro schema (JSON value) for the named types it defines and the type names it uses, resolving
 * namespaces as the Avro spec does (a dotted name carries its namespace; otherwise the enclosing one, with
 * the null namespace as fallback for uses). Aliases are not definitions. Iterative: deep schemas are fine.
 */
export function avroNames(schema: JsonValue): AvroNames {
  const defined = new Set<string>();
  const used: string[][] = [];
  const stack: Array<{ node: JsonValue | undefined; ns: string }> = [{ node: schema, ns: "" }];
  while (stack.length > 0) {
    const { node, ns } = stack.pop()!;
    if (typeof node === "string") {
      if (!AVRO_PRIMITIVES.has(node)) used.push(avroReferenceCandidates(node, ns));
    } else if (Array.isArray(node)) {
      for (const branch of node) stack.push({ node: branch, ns });
    } else if (node !== null && typeof node === "object") {
      const type = node["type"];
      if (typeof type === "string" && AVRO_NAMED.has(type) && typeof node["name"] === "string") {
        const explicit = typeof node["namespace"] === "string" ? node["namespace"] : ns;
        const name = avroFullName(node["name"], explicit);
        defined.add(name.full);
        const fields = node["fields"];
        if (Array.isArray(fields)) {
          for (const f of fields) if (f !== null && typeof f === "object" && !Array.isArray(f)) stack.push({ node: f["type"], ns: name.namespace });
        }
      } else if (type === "array") stack.push({ node: node["items"], ns });
      else if (type === "map") stack.push({ node: node["values"], ns });
      else stack.push({ node: type, ns });
    }
  }
  return { defined, used };
}

/** Reads `file` through `source` and parses it as JSON; `undefined` when missing or not JSON. */
async function readJson(source: SchemaSource, file: string): Promise<JsonValue | undefined> {
  const text = await source.read(file);
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : undefined;
}

/** Builds `key → file` over every schema file once per source (first file wins on duplicates). */
const indexes = new WeakMap<SchemaSource, Map<string, Promise<Map<string, string>>>>();
function indexOf(source: SchemaSource, kind: string, keysOf: (value: JsonValue) => Iterable<string>): Promise<Map<string, string>> {
  let perSource = indexes.get(source);
  if (!perSource) indexes.set(source, (perSource = new Map()));
  let index = perSource.get(kind);
  if (!index) {
    index = (async () => {
      const out = new Map<string, string>();
      for (const file of (await source.schemaFiles?.()) ?? []) {
        const value = await readJson(source, file);
        if (value === undefined) continue;
        for (const key of keysOf(value)) if (!out.has(key)) out.set(key, file);
      }
      return out;
    })();
    perSource.set(kind, index);
  }
  return index;
}

/**
 * Avro references by full name (Confluent: a reference's `name` is the full name of the type it defines): each
 * name the schema uses but does not define is looked up among the source's schema files (the file that
 * defines it), transitively; dependencies come before dependants, each file once. Names found nowhere are left
 * to the engine, which reports `REFERENCE_UNRESOLVED` with the path.
 */
export async function avroReferences(file: string, schema: JsonValue, source: SchemaSource, given: ReadonlySet<string>): Promise<LocatedReference[]> {
  if (!source.schemaFiles) return [];
  const index = await indexOf(source, "avro", (value) => avroNames(value).defined);
  const out: LocatedReference[] = [];
  const seenFiles = new Set<string>([file]);
  const visit = async (names: AvroNames): Promise<void> => {
    for (const candidates of names.used) {
      if (candidates.some((c) => names.defined.has(c) || given.has(c))) continue;
      const name = candidates.find((c) => index.has(c));
      const target = name !== undefined ? index.get(name)! : undefined;
      if (target === undefined || seenFiles.has(target) || out.length >= MAX_REFERENCES_BY_NAME) continue;
      seenFiles.add(target);
      const text = (await source.read(target))!;
      const value = parseJson(text);
      if (value.ok) await visit(avroNames(value.value));
      out.push({ name: name!, schema: text, file: target });
    }
  };
  await visit(avroNames(schema));
  return out;
}

/** The non-local `$ref` values of a JSON document, without their fragment, in document order, each once. */
export function externalRefs(value: JsonValue): string[] {
  const found = new Set<string>();
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]!);
      continue;
    }
    const ref = node["$ref"];
    if (typeof ref === "string") {
      const base = ref.split("#")[0] ?? "";
      if (base !== "") found.add(base);
    }
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]![0] !== "$ref") stack.push(entries[i]![1]);
  }
  return [...found];
}

/** A JSON Schema document's `$id` (drafts 6+) or `id` (draft 4), when it is a string. */
function schemaId(value: JsonValue): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const id = value["$id"] ?? value["id"];
  return typeof id === "string" ? id : undefined;
}

function absoluteUri(ref: string, base: string | undefined): string | undefined {
  try {
    return new URL(ref, base).href.replace(/#$/, "");
  } catch {
    return undefined;
  }
}

/**
 * JSON Schema references by `$ref` (Confluent: a reference's `name` is the `$ref` value): each non-local
 * `$ref` is looked up first by URI — resolved against the document's `$id`, it names the schema file whose
 * own `$id` is that URI — then as a path relative to the file (as written, then with `.json` added), so both
 * `$id`-addressed catalogues (`"$ref": "links/embeddedlinksarray"` under `"$id": "https://…/schema/…"`) and
 * plain relative files (`"$ref": "./address.json"`) resolve. Transitive; dependencies first; each file once.
 * A source without `schemaFiles` (the disk as `charter check` reads it) resolves relative paths only.
 */
export async function jsonSchemaReferences(file: string, schema: JsonValue, source: SchemaSource, given: ReadonlySet<string>): Promise<LocatedReference[]> {
  // Without a list of schema files (`charter check`), only relative paths resolve: there is no `$id` index.
  const index = source.schemaFiles
    ? await indexOf(source, "json-schema-id", (value) => {
        const id = schemaId(value);
        const abs = id !== undefined ? absoluteUri(id, undefined) : undefined;
        return abs !== undefined ? [abs] : [];
      })
    : new Map<string, string>();
  const out: LocatedReference[] = [];
  const names = new Set<string>();
  const seenFiles = new Set<string>([file]);
  const visit = async (from: string, value: JsonValue): Promise<void> => {
    const base = schemaId(value);
    for (const ref of externalRefs(value)) {
      if (given.has(ref) || out.length >= MAX_REFERENCES_BY_NAME) continue;
      const uri = absoluteUri(ref, base !== undefined ? absoluteUri(base, undefined) : undefined);
      let target = uri !== undefined ? index.get(uri) : undefined;
      let text: string | undefined;
      // ajv looks a relative `$ref` up (when no `$id` gives a base) resolved against the referring file's path
      // from the main document's directory, dot segments removed (`./a.json` → `a.json`); the compatibility
      // walk looks it up as written (Confluent: the reference's name is the `$ref` value).
      let ajvName: string | undefined;
      if (target === undefined && !/^[a-z][a-z\d+.-]*:/i.test(ref)) {
        ajvName = posix.normalize(posix.join(relative(dirname(file), dirname(from)).split(sep).join(posix.sep), ref));
        if (given.has(ajvName)) continue;
        for (const candidate of [resolve(dirname(from), ref), resolve(dirname(from), `${ref}.json`)]) {
          text = await source.read(candidate);
          if (text !== undefined) {
            target = candidate;
            break;
          }
        }
      }
      if (target === undefined || seenFiles.has(target)) continue;
      seenFiles.add(target);
      text ??= await source.read(target);
      if (text === undefined) continue;
      const parsed = parseJson(text);
      if (parsed.ok) await visit(target, parsed.value);
      const push = (name: string) => {
        if (names.has(name)) return;
        names.add(name);
        out.push({ name, schema: text, file: target });
      };
      push(ref);
      // The second name only for a file without its own `$id`: ajv would refuse one `$id` registered twice.
      if (ajvName !== undefined && ajvName !== ref && (!parsed.ok || schemaId(parsed.value) === undefined)) push(ajvName);
    }
  };
  await visit(file, schema);
  return out;
}
