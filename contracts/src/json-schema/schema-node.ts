import type { JsonValue } from "../json-text.js";
import type { JsonSchemaDocument } from "./model.js";
import { numericExclusiveBounds } from "./draft-adapter.js";
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
 * `$ref` are ignored in drafts 4–7 (as those drafts specify); in 2019-09+ they apply together with the target
 * (see {@link withRefSiblings}). An unresolvable `$ref` (impossible after `parse`) yields `true`.
 */
export function prepareSchema(node: JsonValue, doc: JsonSchemaDocument, scope: RefScope): PreparedSchema {
  let current: JsonValue = node;
  let currentDoc = doc;
  for (let hop = 0; hop < MAX_REF_HOPS && isSchemaObject(current) && typeof current["$ref"] === "string"; hop++) {
    const holder: SchemaObject = current;
    const target = resolveRef(holder["$ref"] as string, currentDoc, scope);
    if (!target) return { schema: true, doc: currentDoc, identity: current };
    if (REF_SIBLINGS_APPLY.has(currentDoc.draft)) {
      const siblings = meaningfulSiblings(holder);
      if (siblings) {
        // The holder, not the target, is this schema's identity: the target is compared again inside.
        const combined = withRefSiblings(siblings, holder["$ref"] as string, target.value, target.doc === currentDoc);
        return { schema: normalizeDraftKeywords(combined), doc: currentDoc, identity: holder };
      }
    }
    current = target.value;
    currentDoc = target.doc;
  }
  const identity = current;
  const schema: Schema = typeof current === "boolean" ? current : isSchemaObject(current) ? current : true;
  return { schema: isSchemaObject(schema) ? normalizeDraftKeywords(schema) : schema, doc: currentDoc, identity };
}

const REF_SIBLINGS_APPLY: ReadonlySet<string> = new Set(["2019-09", "2020-12"]);

/** The keywords beside a `$ref` that constrain values (annotations dropped); `undefined` when there are none. */
function meaningfulSiblings(holder: SchemaObject): { [key: string]: JsonValue } | undefined {
  const entries = Object.entries(holder).filter(([k]) => k !== "$ref" && !ANNOTATIONS.has(k));
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as { [key: string]: JsonValue });
}

/** Keywords whose meaning depends on each other within one schema object: merging them across objects is unsound. */
const INTERACTING: readonly (readonly string[])[] = [
  ["properties", "patternProperties", "additionalProperties", "unevaluatedProperties"],
  ["items", "prefixItems", "additionalItems", "unevaluatedItems", "contains", "minContains", "maxContains"],
  ["if", "then", "else"],
  ["dependencies", "dependentRequired", "dependentSchemas"],
];

/**
 * A `$ref` with sibling keywords (2019-09+) as one schema: the conjunction of the siblings and the target.
 * When the siblings touch none of the target's keywords (nor a keyword that interacts with one of them), the
 * two objects merge into one, which is exactly the conjunction; otherwise the result is `allOf` [target's
 * keywords overridden by the siblings, target] — also exact, and each branch keeps the target's `type`.
 * The target stays a `{$ref}` branch (resolved again from the holder's document, so its identity guards
 * recursion). `sameDoc` false (the target is in another document, whose relative `$ref`s the merged copy would
 * misread): always the `allOf` form, its first branch the siblings plus the target's `type`.
 */
export function withRefSiblings(siblings: { [key: string]: JsonValue }, ref: string, target: JsonValue, sameDoc: boolean): SchemaObject {
  const targetBranch: JsonValue = { $ref: ref };
  if (target === false) return { allOf: [siblings, false] };
  if (!isSchemaObject(target)) return siblings; // `true`
  if (!sameDoc || typeof target["$ref"] === "string") {
    const typed = target["type"] !== undefined && siblings["type"] === undefined ? { ...siblings, type: target["type"] } : siblings;
    return { allOf: [typed, targetBranch] };
  }
  const clash = Object.keys(siblings).some(
    (k) => Object.hasOwn(target, k) || INTERACTING.some((group) => group.includes(k) && group.some((g) => Object.hasOwn(target, g))),
  );
  const merged = Object.fromEntries([...Object.entries(target).filter(([k]) => !ANNOTATIONS.has(k)), ...Object.entries(siblings)]) as { [key: string]: JsonValue };
  return clash ? { allOf: [merged, targetBranch] } : merged;
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
    if (Array.isArray(node)) node = /^(0|[1-9]\d*)$/.test(token) ? node[Number(token)] : undefined;
    else if (isSchemaObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
  }
  return node;
}

/** A plain-name fragment: `$anchor` (2019-09+) or an `$id`/`id` of the form `#name` (drafts 4–7). */
function findAnchor(root: JsonValue, name: string): JsonValue | undefined {
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (isSchemaObject(node)) {
      if (node["$anchor"] === name || node["$id"] === `#${name}` || node["id"] === `#${name}`) return node;
      for (const value of Object.values(node)) stack.push(value);
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
  numericExclusiveBounds(out);
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

/** Keywords the compatibility walk compares (beside the combinators): those that make a schema's siblings count. */
const COMPARED_KEYWORDS: ReadonlySet<string> = new Set([
  "type",
  "enum",
  "const",
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "multipleOf",
  "maxLength",
  "minLength",
  "pattern",
  "items",
  "prefixItems",
  "additionalItems",
  "unevaluatedItems",
  "maxItems",
  "minItems",
  "uniqueItems",
  "properties",
  "patternProperties",
  "additionalProperties",
  "unevaluatedProperties",
  "required",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "maxProperties",
  "minProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
]);

/**
 * A schema object holding a combinator (`allOf`/`anyOf`/`oneOf`/`not`, in {@link combinatorOf}'s precedence;
 * not a `type` array, whose branches already carry the other keywords) beside other compared keywords, split
 * into the two schemas it is the conjunction of: the siblings alone and the combinator alone. `undefined`
 * when there is nothing beside the combinator.
 */
export function splitCombinator(schema: SchemaObject): { siblings: SchemaObject; combinator: SchemaObject } | undefined {
  if (Array.isArray(schema["type"])) return undefined;
  const combinator = combinatorOf(schema);
  if (!combinator) return undefined;
  const key = combinator.kind;
  const rest = Object.entries(schema).filter(([k]) => k !== key && COMPARED_KEYWORDS.has(k));
  if (rest.length === 0) return undefined;
  return { siblings: Object.fromEntries(rest) as SchemaObject, combinator: Object.fromEntries([[key, schema[key] as JsonValue]]) as SchemaObject };
}
