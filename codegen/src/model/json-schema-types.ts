/**
 * TypeScript types from JSON Schema (AsyncAPI Schema, drafts 4–2020-12): required vs optional properties,
 * `enum`/`const` as literal unions, `additionalProperties`/`patternProperties` as index signatures (only when
 * the schema writes them: an object that does not mention them is typed by its properties alone), nullable
 * types, arrays and tuples, nested objects as their own named types, `oneOf`/`anyOf` as unions — discriminated by
 * the `discriminator` property's literal when the schema names one — and `allOf` as intersections.
 */
import { sortedJson, type JsonValue } from "@charter/contracts";
import { pascalCase, singular, words } from "../naming.js";
import { BOOLEAN, NULL, NUMBER, STRING, UNKNOWN, primitive, union, type Property, type TypeNode, type TypeSet } from "./type-ir.js";

type Schema = { readonly [key: string]: JsonValue };

/** What one payload's type derivation shares. */
export interface JsonTypeContext {
  readonly set: TypeSet;
  /** The payload schema: local `$ref`s (`#/…`) resolve inside it. */
  readonly root: JsonValue;
  /** Component names by JSON Pointer (the AsyncAPI model's `names`). */
  readonly names: Readonly<Record<string, string>>;
  /** Appended to the names of types this derivation declares anew (`V1` for an older version), else "". */
  readonly suffix: string;
  /** Tells payloads apart in identities of schemas with local `$ref`s (whose meaning depends on the root). */
  readonly rootId: string;
}

interface Walk extends JsonTypeContext {
  /** Names given to the schemas at these pointers, so a `$ref` back to an ancestor names it. */
  readonly declared: Map<string, string>;
}

function isSchema(v: JsonValue | undefined): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function ptr(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** The value at a JSON Pointer of `root`. */
function at(root: JsonValue, pointer: string): JsonValue | undefined {
  let v: JsonValue | undefined = root;
  for (const raw of pointer.split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(v)) v = v[Number(token)];
    else if (isSchema(v)) v = v[token];
    else return undefined;
  }
  return v;
}

function literal(v: JsonValue): TypeNode {
  if (v === null) return NULL;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return { kind: "literal", value: v };
  return UNKNOWN;
}

function typeNames(schema: Schema): string[] {
  const t = schema["type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  const inferred: string[] = [];
  if (isSchema(schema["properties"]) || schema["additionalProperties"] !== undefined || isSchema(schema["patternProperties"]) || Array.isArray(schema["required"])) inferred.push("object");
  if (schema["items"] !== undefined || schema["prefixItems"] !== undefined) inferred.push("array");
  return inferred;
}

/** `OrderItems` → `OrderItem`: the hint for an array's items. */
function singularHint(hint: string): string {
  const w = words(hint);
  const last = w.pop();
  return last === undefined ? hint : pascalCase([...w, singular(last)].join(" "));
}

function docOf(schema: Schema): string | undefined {
  const d = schema["description"];
  const t = schema["title"];
  return typeof d === "string" ? d : typeof t === "string" ? t : undefined;
}

/** True for schemas that get their own named type: component-named ones and objects with properties. */
function deservesName(w: Walk, schema: Schema, pointer: string): boolean {
  if (w.names[pointer] !== undefined) return true;
  const props = schema["properties"];
  return isSchema(props) && Object.keys(props).length > 0 && typeNames(schema).includes("object");
}

function identity(w: Walk, preferred: string, schema: Schema, pointer: string): string {
  const text = sortedJson(schema);
  return `json|${preferred}|${text.includes('"$ref"') ? `${w.rootId}${pointer}|` : ""}${text}`;
}

function declareNamed(w: Walk, schema: Schema, pointer: string, preferred: string): TypeNode {
  const name = w.set.declare(preferred + w.suffix, identity(w, preferred, schema, pointer), (self) => {
    w.declared.set(pointer, self);
    const doc = docOf(schema);
    return { type: body(w, schema, pointer, preferred), ...(doc !== undefined ? { doc } : {}), ...(schema["deprecated"] === true ? { deprecated: true } : {}) };
  });
  w.declared.set(pointer, name);
  return { kind: "ref", name };
}

function schemaType(w: Walk, schema: JsonValue | undefined, pointer: string, hint: string): TypeNode {
  if (schema === undefined || schema === true) return UNKNOWN;
  if (schema === false) return primitive("never");
  if (!isSchema(schema)) return UNKNOWN;
  const ref = schema["$ref"];
  if (typeof ref === "string") {
    if (!ref.startsWith("#")) return UNKNOWN;
    const target = ref.slice(1);
    const known = w.declared.get(target);
    if (known !== undefined) return { kind: "ref", name: known };
    const resolved = at(w.root, target);
    return resolved === undefined ? UNKNOWN : schemaType(w, resolved, target, hint);
  }
  if (deservesName(w, schema, pointer)) {
    const title = typeof schema["title"] === "string" && pointer !== "" ? pascalCase(schema["title"]) : undefined;
    return declareNamed(w, schema, pointer, w.names[pointer] !== undefined ? pascalCase(w.names[pointer]!) : (title ?? hint));
  }
  return body(w, schema, pointer, hint);
}

function objectType(w: Walk, schema: Schema, pointer: string, hint: string): TypeNode {
  const props = isSchema(schema["properties"]) ? schema["properties"] : {};
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"].filter((r): r is string => typeof r === "string") : []);
  const properties: Property[] = [];
  for (const [name, sub] of Object.entries(props)) {
    const type = schemaType(w, sub, ptr(pointer, "properties", name), hint + pascalCase(name));
    const s = isSchema(sub) ? sub : {};
    const doc = docOf(s);
    properties.push({
      name,
      type,
      optional: !required.has(name),
      ...(doc !== undefined ? { doc } : {}),
      ...(s["deprecated"] === true ? { deprecated: true } : {}),
      ...(s["default"] !== undefined ? { default: s["default"] } : {}),
    });
  }
  for (const name of required) if (!(name in props)) properties.push({ name, type: UNKNOWN, optional: false });

  const extra: TypeNode[] = [];
  const additional = schema["additionalProperties"];
  if (additional === true || isSchema(additional)) extra.push(schemaType(w, additional, ptr(pointer, "additionalProperties"), hint + "Value"));
  if (isSchema(schema["patternProperties"])) {
    for (const [pattern, sub] of Object.entries(schema["patternProperties"])) extra.push(schemaType(w, sub, ptr(pointer, "patternProperties", pattern), hint + "Value"));
  }
  if (extra.length === 0) {
    // An object the schema says nothing about: any keys.
    if (properties.length === 0) return additional === false ? { kind: "object", properties: [] } : { kind: "record", values: UNKNOWN };
    return { kind: "object", properties };
  }
  if (properties.length === 0) return { kind: "record", values: union(extra) };
  // An index signature must admit every declared property's type too (`undefined` for optional ones).
  const optional = properties.some((p) => p.optional) ? [primitive("undefined")] : [];
  return { kind: "object", properties, index: union([...extra, ...properties.map((p) => p.type), ...optional]) };
}

function arrayType(w: Walk, schema: Schema, pointer: string, hint: string): TypeNode {
  const itemHint = singularHint(hint);
  const prefix = Array.isArray(schema["prefixItems"]) ? { key: "prefixItems", list: schema["prefixItems"] } : Array.isArray(schema["items"]) ? { key: "items", list: schema["items"] } : undefined;
  if (prefix) {
    const items = prefix.list.map((s, i) => schemaType(w, s, ptr(pointer, prefix.key, i), `${itemHint}${i + 1}`));
    const restSchema = prefix.key === "prefixItems" ? schema["items"] : schema["additionalItems"];
    if (restSchema === false) return { kind: "tuple", items };
    const rest = schemaType(w, restSchema, ptr(pointer, prefix.key === "prefixItems" ? "items" : "additionalItems"), itemHint);
    return { kind: "tuple", items, rest };
  }
  return { kind: "array", items: schemaType(w, schema["items"], ptr(pointer, "items"), itemHint) };
}

/** The discriminator property name: AsyncAPI writes a string, OpenAPI `{ propertyName, mapping }`. */
function discriminatorOf(schema: Schema): { property: string; mapping: Readonly<Record<string, JsonValue>> } | undefined {
  const d = schema["discriminator"];
  if (typeof d === "string") return { property: d, mapping: {} };
  if (isSchema(d) && typeof d["propertyName"] === "string") return { property: d["propertyName"], mapping: isSchema(d["mapping"]) ? d["mapping"] : {} };
  return undefined;
}

/** The literal a union member's discriminator property has, when the member does not fix it itself. */
function discriminatorValue(w: Walk, member: JsonValue, pointer: string, discriminator: { property: string; mapping: Readonly<Record<string, JsonValue>> }): string | undefined {
  if (!isSchema(member)) return undefined;
  const own = isSchema(member["properties"]) ? member["properties"][discriminator.property] : undefined;
  if (isSchema(own) && (own["const"] !== undefined || (Array.isArray(own["enum"]) && own["enum"].length === 1))) return undefined;
  const name = w.names[pointer] ?? (typeof member["title"] === "string" ? member["title"] : undefined);
  if (name === undefined) return undefined;
  for (const [value, target] of Object.entries(discriminator.mapping)) {
    if (typeof target === "string" && (target === name || target.endsWith(`/${name}`))) return value;
  }
  return name;
}

function body(w: Walk, schema: Schema, pointer: string, hint: string): TypeNode {
  const nullable = schema["nullable"] === true;
  let base: TypeNode | undefined;
  if (schema["const"] !== undefined) base = literal(schema["const"]);
  else if (Array.isArray(schema["enum"])) base = union(schema["enum"].map(literal));
  else {
    const types = typeNames(schema).map((t): TypeNode => {
      switch (t) {
        case "object":
          return objectType(w, schema, pointer, hint);
        case "array":
          return arrayType(w, schema, pointer, hint);
        case "string":
          return STRING;
        case "integer":
        case "number":
          return NUMBER;
        case "boolean":
          return BOOLEAN;
        case "null":
          return NULL;
        default:
          return UNKNOWN;
      }
    });
    if (types.length > 0) base = union(types);
  }

  const parts: TypeNode[] = [];
  for (const combinator of ["oneOf", "anyOf"] as const) {
    const list = schema[combinator];
    if (!Array.isArray(list) || list.length === 0) continue;
    const discriminator = discriminatorOf(schema);
    parts.push(
      union(
        list.map((member, i) => {
          const at = ptr(pointer, combinator, i);
          const type = schemaType(w, member, at, `${hint}Option${i + 1}`);
          const value = discriminator ? discriminatorValue(w, member, at, discriminator) : undefined;
          if (value === undefined) return type;
          const tag: TypeNode = { kind: "object", properties: [{ name: discriminator!.property, type: { kind: "literal", value }, optional: false }] };
          return { kind: "intersection", members: [type, tag] };
        }),
      ),
    );
  }
  if (Array.isArray(schema["allOf"]) && schema["allOf"].length > 0) {
    const members = schema["allOf"].map((member, i) => schemaType(w, member, ptr(pointer, "allOf", i), `${hint}Part${i + 1}`));
    parts.push(members.length === 1 ? members[0]! : { kind: "intersection", members });
  }

  // `type: object` beside a combinator adds nothing the members do not say.
  const bare = base !== undefined && base.kind === "record" && base.values === UNKNOWN && !isSchema(schema["properties"]);
  const all = [...(base !== undefined && !(bare && parts.length > 0) ? [base] : []), ...parts];
  let type: TypeNode = all.length === 0 ? UNKNOWN : all.length === 1 ? all[0]! : { kind: "intersection", members: all };
  if (nullable) type = union([type, NULL]);
  return type;
}

/**
 * The type of a JSON payload `schema` (root of `ctx.root`), declared as `name` (plus `ctx.suffix`) when it is an
 * object with properties or a named component; otherwise the type itself (a `string` payload is `string`).
 */
export function jsonSchemaType(ctx: JsonTypeContext, name: string): TypeNode {
  const w: Walk = { ...ctx, declared: new Map() };
  const root = ctx.root;
  const component = ctx.names[""] !== undefined ? pascalCase(ctx.names[""]) : undefined;
  if (!isSchema(root) || component === undefined || component === name) return declareNamed(w, isSchema(root) ? root : {}, "", name);
  // A payload written as `$ref` to a component: the component's type, and the message's name as its alias.
  const inner = declareNamed(w, root, "", component);
  const alias = w.set.declare(name + ctx.suffix, `alias|${name}|${JSON.stringify(inner)}`, () => ({ type: inner }));
  return { kind: "ref", name: alias };
}
