import type { ErrorObject } from "ajv";
import { ContractFailure, fail, ok, type ContractError, type Result } from "../errors.js";
import type { ParsedSchema, ParseOptions, ResolvedReference } from "../format.js";
import { fragmentTokens, parseJson, pointer, sha256Hex, type JsonValue } from "../json-text.js";
import { createCompiler, metaValidator, type SchemaCompiler } from "./ajv-factory.js";
import { canonicalJsonSchema } from "./canonical.js";
import { adaptToDraft } from "./draft-adapter.js";
import { DRAFT_META_URIS, detectDraft, idKeyword, type JsonSchemaDraft } from "./draft.js";
import type { JsonSchemaDocument, JsonSchemaModel } from "./model.js";
import { findInvalidPattern } from "./patterns.js";
import { resolveUri } from "./uri.js";

/**
 * Parses a JSON Schema (`schemaType: "JSON"`): JSON text holding `true`, `false` or a schema object, of the
 * draft its `$schema` names (drafts 4, 6, 7, 2019-09, 2020-12; none → draft-07 as Confluent defaults).
 * The schema is checked against its draft's meta-schema and compiled with ajv, with each of
 * `options.references` registered under its `name` (the `$ref` value the schema uses, Confluent's convention),
 * under that name resolved against the schema's `$id`, and under its own `$id`. Remote `$ref`s are never fetched.
 * Errors (values, never thrown): `SCHEMA_SYNTAX` (line/column), `SCHEMA_TOO_DEEP`, `SCHEMA_INVALID` (JSON
 * Pointer `path` from ajv's meta-schema `instancePath`; unknown `$schema`), `REFERENCE_UNRESOLVED` (a `$ref` no
 * reference provides, naming it). Errors inside a reference carry the same codes, their message naming it.
 */
export async function parseJsonSchema(text: string, options: ParseOptions = {}): Promise<Result<ParsedSchema>> {
  try {
    return parseSync(text, options);
  } catch (e) {
    if (e instanceof ContractFailure) return { ok: false, error: e.error };
    return fail("SCHEMA_INVALID", `schema rejected: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseSync(text: string, options: ParseOptions): Result<ParsedSchema> {
  const references = options.references ?? [];
  const parsed = parseJson(text, { maxDepth: options.maxDepth, maxNodes: options.maxNodes });
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const main = readDocument("", root);
  if (!main.ok) return main;

  const invalid = metaValidate(metaValidator(main.value.draft), main.value, "") ?? findInvalidPattern(root, options.maxPatternLength);
  if (invalid) return { ok: false, error: invalid };
  const docs: JsonSchemaDocument[] = [];
  for (const ref of references) {
    const doc = parseReference(ref, options);
    if (!doc.ok) return doc;
    docs.push(doc.value);
  }

  const compile = (unicodeRegExp: boolean): Result<JsonSchemaModel> => {
    // Meta-schema checks ran (or run just below) on the shared validators; this instance only compiles.
    const ajv = createCompiler(main.value.draft, { unicodeRegExp, validateSchema: false, ...(options.maxPatternLength !== undefined ? { maxPatternLength: options.maxPatternLength } : {}) });
    for (const doc of docs) registerReference(ajv, doc, main.value);
    try {
      const validator = ajv.compile(forCompiler(main.value, main.value.draft) as object | boolean);
      return ok({ kind: "json-schema", main: main.value, references: docs, validator });
    } catch (e) {
      return { ok: false, error: compileError(e, root) };
    }
  };
  let model = compile(true);
  // Real-world patterns are often written for non-Unicode ECMAScript regexes (`\-`, `[\w-]`), which the `u`
  // flag rejects; Confluent's validator accepts them, so retry without it before calling the schema invalid.
  if (!model.ok && model.error.code === "SCHEMA_INVALID" && /regular expression/i.test(model.error.message)) model = compile(false);
  if (!model.ok) return model;
  const inherited = inheritedPointerRef(root);
  if (inherited) return { ok: false, error: inherited };

  const canonical = canonicalJsonSchema(root);
  return ok({
    type: "JSON",
    text,
    canonical,
    fingerprint: sha256Hex(canonical),
    references: [...references],
    model: model.value,
  });
}

/** Shape check and draft of one document (`name` = "" for the main schema). */
function readDocument(name: string, root: JsonValue): Result<JsonSchemaDocument> {
  if (typeof root !== "boolean" && (root === null || typeof root !== "object" || Array.isArray(root))) {
    return fail("SCHEMA_INVALID", `${label(name)}a JSON Schema must be an object or a boolean, not ${root === null ? "null" : Array.isArray(root) ? "an array" : typeof root}`, { path: "" });
  }
  const draft = detectDraft(root);
  if (!draft.ok) return fail(draft.error.code, label(name) + draft.error.message, { path: draft.error.path });
  return ok({ name, id: documentId(root, draft.value), draft: draft.value, root });
}

function parseReference(ref: ResolvedReference, options: ParseOptions): Result<JsonSchemaDocument> {
  const parsed = parseJson(ref.schema, { maxDepth: options.maxDepth, maxNodes: options.maxNodes });
  if (!parsed.ok) return { ok: false, error: { ...parsed.error, message: label(ref.name) + parsed.error.message } };
  const doc = readDocument(ref.name, parsed.value);
  if (!doc.ok) return doc;
  // Each reference must be valid under its own draft's meta-schema, and its regexes safe to run.
  const invalid = metaValidate(metaValidator(doc.value.draft), doc.value, ref.name);
  if (invalid) return { ok: false, error: invalid };
  const badPattern = findInvalidPattern(parsed.value, options.maxPatternLength);
  if (badPattern) return { ok: false, error: { ...badPattern, message: label(ref.name) + badPattern.message } };
  return doc;
}

/**
 * Registers a reference with ajv under every name a `$ref` might use for it: its reference name, that name
 * resolved against the main schema's base URI, and its own `$id` (ajv adds that one itself).
 */
function registerReference(ajv: SchemaCompiler, doc: JsonSchemaDocument, main: JsonSchemaDocument): void {
  const schema = forCompiler(doc, main.draft);
  const aliases = new Set<string>([doc.name]);
  const resolved = resolveUri(doc.name, main.id);
  if (resolved !== undefined) aliases.add(resolved);
  if (doc.id !== undefined) aliases.delete(doc.id);
  const add = (value: JsonValue, key: string | undefined): void => {
    try {
      ajv.addSchema(value as object, key, undefined, false);
    } catch (e) {
      throw new ContractFailure({ code: "SCHEMA_INVALID", message: `${label(doc.name)}cannot register: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  if (doc.id !== undefined) add(schema, undefined); // ajv keys it by its `$id`
  for (const alias of aliases) {
    // ajv refuses two schemas with one `$id`, so each alias is a copy whose `$id` is the alias itself.
    const copy = schema !== null && typeof schema === "object" && !Array.isArray(schema) ? { ...schema, [idKeyword(main.draft)]: alias } : schema;
    add(copy, alias);
  }
}

/** Meta-schema validation; `undefined` when valid, else a `SCHEMA_INVALID` at the first error's path. */
function metaValidate(ajv: SchemaCompiler, doc: JsonSchemaDocument, name: string): ContractError | undefined {
  const valid = ajv.validateSchema(forCompiler(doc, doc.draft) as object | boolean);
  if (valid === true) return undefined;
  const errors = ajv.errors ?? [];
  const first = pickError(errors);
  const message = first ? `${first.instancePath || "/"} ${first.message ?? first.keyword}` : "does not match its meta-schema";
  return { code: "SCHEMA_INVALID", message: `${label(name)}invalid ${doc.draft} schema: ${message}`, path: first?.instancePath ?? "" };
}

/** The most specific meta-schema error: the deepest path, ignoring the `anyOf`/`oneOf` summaries. */
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") continue;
    if (!best || e.instancePath.length > best.instancePath.length) best = e;
  }
  return best ?? errors[0];
}

/**
 * The value handed to ajv: the document with `$schema` spelled as ajv registers its meta-schema (we accept
 * http/https and `#` variants); for a reference of another draft, rewritten into the compiler's draft
 * (see {@link adaptToDraft}) with `$schema` removed.
 */
function forCompiler(doc: JsonSchemaDocument, compilerDraft: JsonSchemaDraft): JsonValue {
  const root = doc.draft === compilerDraft ? doc.root : adaptToDraft(doc.root, doc.draft, compilerDraft);
  if (root === null || typeof root !== "object" || Array.isArray(root) || root["$schema"] === undefined) return root;
  const copy: { [key: string]: JsonValue } = { ...root };
  if (doc.draft === compilerDraft) copy["$schema"] = DRAFT_META_URIS[compilerDraft];
  else delete copy["$schema"];
  return copy;
}

function compileError(e: unknown, root: JsonValue): ContractError {
  if (e !== null && typeof e === "object" && "missingRef" in e && typeof e.missingRef === "string") {
    const missing = e.missingRef;
    const at = findRef(root, missing);
    return {
      code: "REFERENCE_UNRESOLVED",
      message: `$ref "${at?.value ?? missing}" cannot be resolved${at && at.value !== missing ? ` (as ${missing})` : ""}: no reference provides it (remote schemas are never fetched)`,
      path: at?.path ?? "",
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: "SCHEMA_INVALID", message: `schema does not compile: ${message}`, path: "" };
}

/**
 * The first local `$ref` (`#/…`) whose JSON Pointer walks through an inherited property (`#/constructor`,
 * `#/properties/toString`): ajv's lookup reads the prototype chain and compiles it, but no such value exists in
 * the JSON, so it is `REFERENCE_UNRESOLVED` (the compatibility walk only follows own properties).
 */
function inheritedPointerRef(root: JsonValue): ContractError | undefined {
  for (const { ref, path } of refsIn(root)) {
    if (ref.startsWith("#/") && walksInherited(root, ref.slice(1))) {
      return { code: "REFERENCE_UNRESOLVED", message: `$ref "${ref}" cannot be resolved: the pointer names no property of the document`, path };
    }
  }
  return undefined;
}

/** Every string `$ref` in `root` with the JSON Pointer of its `$ref` key, depth-first without recursion. */
function* refsIn(root: JsonValue): Generator<{ ref: string; path: string }> {
  const stack: Array<[JsonValue, string]> = [[root, ""]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push([v, pointer(path, i)]));
      continue;
    }
    const ref = node["$ref"];
    if (typeof ref === "string") yield { ref, path: pointer(path, "$ref") };
    for (const [k, v] of Object.entries(node)) stack.push([v, pointer(path, k)]);
  }
}

function walksInherited(root: JsonValue, fragment: string): boolean {
  let node: JsonValue | undefined = root;
  for (const token of fragmentTokens(`#${fragment}`) ?? []) {
    if (node === null || typeof node !== "object") return false;
    if (!Object.hasOwn(node, token)) return token in node;
    node = (node as { [key: string]: JsonValue })[token];
  }
  return false;
}

/** The first `$ref` in `root` whose value is, or resolves to, `missing` (ajv reports the resolved URI). */
function findRef(root: JsonValue, missing: string): { value: string; path: string } | undefined {
  const base = missing.split("#")[0] ?? missing;
  let fallback: { value: string; path: string } | undefined;
  for (const { ref, path } of refsIn(root)) {
    const refBase = ref.split("#")[0] ?? ref;
    if (ref === missing) return { value: ref, path };
    if (!fallback && refBase !== "" && (base.endsWith(refBase) || missing.endsWith(ref))) fallback = { value: ref, path };
  }
  return fallback;
}

/** The document's absolute base URI from `$id`/`id`, fragment removed; `undefined` when absent. */
function documentId(root: JsonValue, draft: JsonSchemaDraft): string | undefined {
  if (root === null || typeof root !== "object" || Array.isArray(root)) return undefined;
  const id = root[idKeyword(draft)];
  if (typeof id !== "string") return undefined;
  const stripped = id.split("#")[0];
  return stripped === "" ? undefined : stripped;
}

function label(name: string): string {
  return name === "" ? "" : `reference "${name}": `;
}
