import type { JsonValue } from "../json-text.js";
import type { JsonSchemaDocument } from "./model.js";
import { resolveUri } from "./uri.js";

/** A schema object (a JSON object in schema position). */
export type SchemaObject = { readonly [key: string]: JsonValue };
/** A schema: `true`, `false` or a schema object. */
export type Schema = boolean | SchemaObject;

/** The documents a `$ref` may land in: the main schema and its references. */
export interface RefScope {
  readonly main: JsonSchemaDocument;
  readonly references: readonly JsonSchemaDocument[];
}

/**
 * A schema ready for comparison: `$ref`s followed, draft differences folded into one shape. `doc` is the
 * document it came from (for its own relative `$ref`s); `identity` the original object, for recursion guards.
 */
export interface PreparedSchema {
  readonly schema: Schema;
  readonly doc: JsonSchemaDocument;
  readonly identity: JsonValue;
}

/** True for a JSON object (not an array, not null). */
export function isSchemaObject(value: JsonValue | undefined): value is SchemaObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `true` or `{}` (annotations only don't count as empty here): the schema that accepts every value. */
export function isTrivialSchema(value: JsonValue | undefined): boolean {
  return value === true || (isSchemaObject(value) && Object.keys(value).length === 0);
}

const MAX_REF_HOPS = 64;

/**
 * Follows `$ref`s from `node` (local pointers `#/…`, references by name, by `$id` or by URI resolved against
 * the document's base) and normalizes the result (see {@link normalizeDraftKeywords}). Keywords beside a
 * `$ref` (2019-09+) are merged under the target's own keywords. An unresolvable `$ref` (impossible after
 * `parse`) yields `true`.
 */
export function prepareSchema(node: JsonValue, doc: JsonSchemaDocument, scope: RefScope): PreparedSchema {
  let current: JsonValue = node;
  let currentDoc = doc;
  let siblings: { [key: string]: JsonValue } = {};
  for (let hop = 0; hop < MAX_REF_HOPS && isSchemaObject(current) && typeof current["$ref"] === "string"; hop++) {
    const { $ref, ...rest } = current;
    siblings = { ...rest, ...siblings };
    const target = resolveRef($ref as string, currentDoc, scope);
    if (!target) return { schema: true, doc: currentDoc, identity: current };
    current = target.value;
    currentDoc = target.doc;
  }
  const identity = current;
  let schema: Schema = typeof current === "boolean" ? current : isSchemaObject(current) ? current : true;
  const meaningful = Object.keys(siblings).filter((k) => !ANNOTATIONS.has(k));
  if (isSchemaObject(schema) && meaningful.length > 0) {
    const merged: { [key: string]: JsonValue } = {};
    for (const k of meaningful) merged[k] = siblings[k] as JsonValue;
    schema = { ...merged, ...schema };
  }
  return { schema: isSchemaObject(schema) ? normalizeDraftKeywords(schema) : schema, doc: currentDoc, identity };
}

const ANNOTATIONS = new Set(["$id", "id", "$schema", "$comment", "$defs", "definitions", "title", "description", "examples", "default", "$anchor"]);

/** Resolves one `$ref` from `doc`; `undefined` when no document holds it. */
export function resolveRef(ref: string, doc: JsonSchemaDocument, scope: RefScope): { value: JsonValue; doc: JsonSchemaDocument } | undefined {
  const hash = ref.indexOf("#");
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  let target: JsonSchemaDocument | undefined = doc;
  if (base !== "") {
    const all = [scope.main, ...scope.references];
    const absolute = resolveUri(base, doc.id);
    target =
      all.find((d) => d.name !== "" && d.name === base) ??
      all.find((d) => d.id !== undefined && (d.id === base || d.id === absolute)) ??
      all.find((d) => d.name !== "" && absolute !== undefined && resolveUri(d.name, scope.main.id) === absolute);
    if (!target) return undefined;
  }
  const value = fragment === "" ? target.root : fragment.startsWith("/") ? followPointer(target.root, fragment) : findAnchor(target.root, fragment);
  return value === undefined ? undefined : { value, doc: target };
}

function followPointer(root: JsonValue, fragment: string): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const raw of fragment.slice(1).split("/")) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isSchemaObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/** A plain-name fragment: `$anchor` (2019-09+) or an `$id`/`id` of the form `#name` (drafts 4–7). */
function findAnchor(root: JsonValue, name: string): JsonValue | undefined {
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) stack.push(...node);
    else if (isSchemaObject(node)) {
      if (node["$anchor"] === name || node["$id"] === `#${name}` || node["id"] === `#${name}`) return node;
      stack.push(...Object.values(node));
    }
  }
  return undefined;
}

/**
 * Rewrites a schema object into one shape across drafts, so every check reads one set of keywords (as
 * Karapace's `canonicalize_draft_keywords` does): 2020-12 `prefixItems` + `items` → tuple `items` +
 * `additionalItems`; 2019-09 `dependentRequired` → draft-7 `dependencies`; draft-4 boolean
 * `exclusiveMaximum`/`exclusiveMinimum` → the numeric form of draft 6+; `const` → a one-value `enum`.
 */
export function normalizeDraftKeywords(schema: SchemaObject): SchemaObject {
  const out: { [key: string]: JsonValue } = { ...schema };
  if (Array.isArray(out["prefixItems"])) {
    const rest = out["items"];
    out["items"] = out["prefixItems"];
    delete out["prefixItems"];
    if (rest !== undefined && out["additionalItems"] === undefined) out["additionalItems"] = rest;
    else if (rest === undefined) delete out["additionalItems"];
  }
  const dependentRequired = out["dependentRequired"];
  if (isSchemaObject(dependentRequired)) {
    const existing = isSchemaObject(out["dependencies"]) ? out["dependencies"] : {};
    out["dependencies"] = { ...dependentRequired, ...existing };
    delete out["dependentRequired"];
  }
  for (const [exclusive, bound] of [
    ["exclusiveMaximum", "maximum"],
    ["exclusiveMinimum", "minimum"],
  ] as const) {
    if (typeof out[exclusive] !== "boolean") continue;
    if (out[exclusive] === true && typeof out[bound] === "number") {
      out[exclusive] = out[bound];
      delete out[bound];
    } else delete out[exclusive];
  }
  if (out["const"] !== undefined && out["enum"] === undefined) out["enum"] = [out["const"]];
  delete out["const"];
  return out;
}

/**
 * How the compatibility walk classifies a schema, following Karapace's `get_type_of`: a boolean schema; a
 * combinator (`type` arrays count as `anyOf`, then `allOf`, `anyOf`, `oneOf`, `not`); the `type` keyword;
 * an untyped `enum`; otherwise `object` (Karapace reads an untyped schema such as `{}` as an object schema).
 */
export type SchemaKind =
  | "boolean-schema"
  | "allOf"
  | "anyOf"
  | "oneOf"
  | "not"
  | "null"
  | "boolean"
  | "integer"
  | "number"
  | "string"
  | "array"
  | "object"
  | "enum";

/** The {@link SchemaKind} of a prepared schema. */
export function kindOf(schema: Schema): SchemaKind {
  if (typeof schema === "boolean") return "boolean-schema";
  const combinator = combinatorOf(schema);
  if (combinator) return combinator.kind;
  const type = schema["type"];
  if (typeof type === "string" && INSTANCE_TYPES.has(type)) return type as SchemaKind;
  if (Array.isArray(schema["enum"])) return "enum";
  return "object";
}

const INSTANCE_TYPES = new Set(["null", "boolean", "integer", "number", "string", "array", "object"]);

/** A combinator and its branches; a `type` array becomes `anyOf` over copies with one type each. */
export interface Combinator {
  readonly kind: "allOf" | "anyOf" | "oneOf" | "not";
  readonly branches: readonly JsonValue[];
}

/** The combinator a schema object is, if any (see {@link kindOf} for the precedence). */
export function combinatorOf(schema: SchemaObject): Combinator | undefined {
  const type = schema["type"];
  if (Array.isArray(type)) return { kind: "anyOf", branches: type.map((t) => ({ ...schema, type: t })) };
  for (const kind of ["allOf", "anyOf", "oneOf"] as const) {
    const branches = schema[kind];
    if (Array.isArray(branches)) return { kind, branches };
  }
  if (schema["not"] !== undefined) return { kind: "not", branches: [schema["not"]] };
  return undefined;
}
