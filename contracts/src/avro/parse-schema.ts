import { ContractFailure, type ContractError, type ContractErrorCode, type Result } from "../errors.js";
import { DEFAULT_MAX_DEPTH, parseJson, pointer, type JsonValue } from "../json-text.js";
import { checkDefault } from "./defaults.js";
import { isStackOverflow, typeDepth } from "./depth.js";
import { readLogicalType } from "./logical-types.js";
import {
  PRIMITIVE_NAMES,
  type AvroArray,
  type AvroEnum,
  type AvroField,
  type AvroFieldOrder,
  type AvroFixed,
  type AvroMap,
  type AvroNamed,
  type AvroNamedBase,
  type AvroPrimitiveName,
  type AvroProps,
  type AvroRecord,
  type AvroType,
  type AvroUnion,
} from "./model.js";
import { fullName, isValidName, isValidNamespace, referenceCandidates } from "./names.js";

/** Options for {@link parseAvroType}. */
export interface ParseAvroTypeOptions {
  /**
   * Named types already defined (by references), full name → type. New definitions are added to it, so parsing
   * several texts into one table makes later ones see earlier ones' names. Default: a fresh table.
   */
  readonly names?: Map<string, AvroNamed>;
  /**
   * Deepest nesting accepted (default 256), both of the JSON text and of the types once named types and
   * references are followed (see {@link typeDepth}); deeper → `SCHEMA_TOO_DEEP`.
   */
  readonly maxDepth?: number;
}

/** A JSON object as JSON.parse returns it. */
type JsonObject = { [key: string]: JsonValue };

// Attributes the spec gives meaning to, per construct; every other attribute is a custom property.
const NAMED_ATTRS = new Set(["type", "name", "namespace", "aliases", "doc"]);
const RECORD_ATTRS = new Set([...NAMED_ATTRS, "fields"]);
const ENUM_ATTRS = new Set([...NAMED_ATTRS, "symbols", "default"]);
const FIXED_ATTRS = new Set([...NAMED_ATTRS, "size"]);
const FIELD_ATTRS = new Set(["name", "type", "doc", "default", "order", "aliases"]);

/**
 * Parses Avro schema text (Avro spec 1.11 §Schema Declaration, §Names, §Aliases, §Logical Types) into the
 * model. Rules: valid names and namespaces, namespace inheritance, no redefinition of a full name, records need
 * a name and a `fields` array with unique, validly named fields, enums need unique valid symbols and a
 * `default` among them, fixed a non-negative integer `size`, unions no nested unions and no two branches of
 * the same type (named types: same full name), defaults valid for their type (union: first branch), field
 * `order` one of ascending/descending/ignore. Invalid logical types are ignored (Java behaviour).
 * Errors: `SCHEMA_SYNTAX` (JSON), `SCHEMA_TOO_DEEP`, `SCHEMA_INVALID` (with a JSON Pointer `path` into the
 * schema), `REFERENCE_UNRESOLVED` (a type name nothing defines; the message names it).
 */
export function parseAvroType(text: string, options: ParseAvroTypeOptions = {}): Result<AvroType> {
  const json = parseJson(text, { maxDepth: options.maxDepth });
  if (!json.ok) return json;
  const parsed = parseAvroJson(json.value, options.names ?? new Map());
  if (!parsed.ok) return parsed;
  // Named types and references can nest far deeper than the JSON text does (a chain of references, each
  // shallow): bound the type nesting too, so that every later walk over the model is bounded.
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (typeDepth(parsed.value, maxDepth) > maxDepth) {
    return { ok: false, error: { code: "SCHEMA_TOO_DEEP", message: `Schema types nest deeper than the maximum depth of ${maxDepth} (counting through named types and references)` } };
  }
  return parsed;
}

/** As {@link parseAvroType}, from an already parsed JSON value. Adds new named types to `names`. */
export function parseAvroJson(json: JsonValue, names: Map<string, AvroNamed>): Result<AvroType> {
  const parser = new Parser(names);
  try {
    const root = parser.type(json, "", "");
    parser.checkDefaults();
    return { ok: true, value: root };
  } catch (e) {
    if (e instanceof ContractFailure) return { ok: false, error: e.error };
    // Only a caller-raised maxDepth can nest deep enough to exhaust the stack; other RangeErrors are bugs.
    if (isStackOverflow(e)) return { ok: false, error: { code: "SCHEMA_TOO_DEEP", message: `Schema nests too deeply to parse: ${e.message}` } };
    throw e;
  }
}

function failure(code: ContractErrorCode, message: string, path: string): ContractFailure {
  const error: ContractError = { code, message, path };
  return new ContractFailure(error);
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An own attribute of a schema object; never read through the prototype (`__proto__`, `constructor`, …). */
function attr(json: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(json, key) ? json[key] : undefined;
}

/** True when `json` has `key` as an own attribute. */
function hasAttr(json: JsonObject, key: string): boolean {
  return Object.hasOwn(json, key);
}

class Parser {
  /** Defaults to check once every type is complete (a recursive record's default needs its own fields). */
  private readonly pendingDefaults: Array<{ type: AvroType; value: JsonValue; path: string }> = [];
  /** `names` is shared with the caller: definitions land there as they are parsed. */
  constructor(private readonly names: Map<string, AvroNamed>) {}

  checkDefaults(): void {
    for (const d of this.pendingDefaults) {
      const m = checkDefault(d.type, d.value);
      if (m) throw failure("SCHEMA_INVALID", `Invalid default value: ${m.message}`, d.path + m.path);
    }
  }

  type(json: JsonValue, path: string, namespace: string): AvroType {
    if (typeof json === "string") return this.named(json, path, namespace);
    if (Array.isArray(json)) return this.union(json, path, namespace);
    if (isObject(json)) return this.object(json, path, namespace);
    throw failure("SCHEMA_INVALID", `Not an Avro schema: ${JSON.stringify(json)} (expected a type name, an object or a union array)`, path);
  }

  /** A type given by name: a primitive or a named type already defined. */
  private named(name: string, path: string, namespace: string): AvroType {
    if (PRIMITIVE_NAMES.has(name)) return { kind: "primitive", type: name as AvroPrimitiveName, logical: undefined, props: {} };
    for (const candidate of referenceCandidates(name, namespace)) {
      const found = this.names.get(candidate);
      if (found) return found;
    }
    if (name.split(".").every(isValidName)) {
      throw failure("REFERENCE_UNRESOLVED", `Unknown type name "${name}"${namespace && !name.includes(".") ? ` (looked up as "${namespace}.${name}" and "${name}")` : ""}: not defined in this schema or its references`, path);
    }
    throw failure("SCHEMA_INVALID", `"${name}" is not a valid Avro type name`, path);
  }

  private union(json: JsonValue[], path: string, namespace: string): AvroUnion {
    const branches: AvroType[] = [];
    const seen = new Map<string, number>();
    for (const [i, item] of json.entries()) {
      const at = pointer(path, i);
      const branch = this.type(item, at, namespace);
      if (branch.kind === "union") throw failure("SCHEMA_INVALID", "Unions may not immediately contain other unions", at);
      // Avro spec §Unions: at most one branch per type, except named types with distinct names.
      const key = branch.kind === "primitive" ? branch.type : branch.kind === "array" || branch.kind === "map" ? branch.kind : `named:${branch.name}`;
      const previous = seen.get(key);
      if (previous !== undefined) {
        throw failure("SCHEMA_INVALID", `Duplicate in union: branch ${i} has the same type (${key.replace(/^named:/, "")}) as branch ${previous}`, at);
      }
      seen.set(key, i);
      branches.push(branch);
    }
    return { kind: "union", branches };
  }

  private object(json: JsonObject, path: string, namespace: string): AvroType {
    const type = attr(json, "type");
    if (type === undefined) throw failure("SCHEMA_INVALID", 'Schema object has no "type"', path);
    if (typeof type !== "string") {
      // Java's parser requires the type attribute of a schema object to be a string.
      throw failure("SCHEMA_INVALID", '"type" of a schema object must be a string (a primitive, "record", "enum", "array", "map", "fixed" or a type name)', pointer(path, "type"));
    }
    switch (type) {
      case "record":
      case "error":
        return this.record(json, path, namespace, type === "error");
      case "enum":
        return this.enumType(json, path, namespace);
      case "fixed":
        return this.fixed(json, path, namespace);
      case "array": {
        if (!hasAttr(json, "items")) throw failure("SCHEMA_INVALID", 'Array has no "items"', path);
        const array: AvroArray = { kind: "array", items: this.type(attr(json, "items") as JsonValue, pointer(path, "items"), namespace), props: props(json, new Set(["type", "items"])) };
        return array;
      }
      case "map": {
        if (!hasAttr(json, "values")) throw failure("SCHEMA_INVALID", 'Map has no "values"', path);
        const map: AvroMap = { kind: "map", values: this.type(attr(json, "values") as JsonValue, pointer(path, "values"), namespace), props: props(json, new Set(["type", "values"])) };
        return map;
      }
      default: {
        if (PRIMITIVE_NAMES.has(type)) {
          const p = props(json, new Set(["type"]));
          const prim = type as AvroPrimitiveName;
          return { kind: "primitive", type: prim, logical: readLogicalType({ kind: "primitive", type: prim }, p), props: p };
        }
        // `{"type": "some.Name"}`: a reference to a defined named type (Java accepts it).
        return this.named(type, pointer(path, "type"), namespace);
      }
    }
  }

  /** Name, namespace, aliases and doc of a named type, validated; registers nothing. */
  private header(json: JsonObject, path: string, enclosing: string, what: string): Pick<AvroNamedBase, "name" | "namespace" | "simpleName" | "aliases" | "doc"> {
    const rawName = attr(json, "name");
    if (rawName === undefined || rawName === null) throw failure("SCHEMA_INVALID", `${what} has no "name" (Avro requires named ${what}s)`, path);
    if (typeof rawName !== "string") throw failure("SCHEMA_INVALID", `"name" must be a string`, pointer(path, "name"));
    const rawNs = attr(json, "namespace");
    if (rawNs !== undefined && rawNs !== null && typeof rawNs !== "string") throw failure("SCHEMA_INVALID", `"namespace" must be a string`, pointer(path, "namespace"));
    const name = fullName(rawName, typeof rawNs === "string" ? rawNs : enclosing);
    if (!isValidName(name.simple)) throw failure("SCHEMA_INVALID", `Invalid name "${rawName}": a name must match [A-Za-z_][A-Za-z0-9_]*`, pointer(path, "name"));
    if (!isValidNamespace(name.namespace)) {
      const at = rawName.includes(".") ? pointer(path, "name") : pointer(path, "namespace");
      throw failure("SCHEMA_INVALID", `Invalid namespace "${name.namespace}": a namespace is dot-separated names`, at);
    }
    if (name.namespace === "" && PRIMITIVE_NAMES.has(name.simple)) {
      throw failure("SCHEMA_INVALID", `"${name.simple}" is a primitive type name and cannot name a ${what}`, pointer(path, "name"));
    }
    if (this.names.has(name.full)) throw failure("SCHEMA_INVALID", `Can't redefine: "${name.full}" is already defined`, pointer(path, "name"));
    const aliases = this.aliases(attr(json, "aliases"), pointer(path, "aliases"), (a) => fullName(a, name.namespace).full, true);
    const doc = this.doc(json);
    return { name: name.full, namespace: name.namespace, simpleName: name.simple, aliases, doc };
  }

  private aliases(raw: JsonValue | undefined, path: string, resolve: (alias: string) => string, qualified: boolean): string[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw failure("SCHEMA_INVALID", '"aliases" must be an array of names', path);
    return raw.map((a, i) => {
      if (typeof a !== "string") throw failure("SCHEMA_INVALID", "An alias must be a string", pointer(path, i));
      const ok = qualified ? a.split(".").every(isValidName) : isValidName(a);
      if (!ok) throw failure("SCHEMA_INVALID", `Invalid alias "${a}"`, pointer(path, i));
      return resolve(a);
    });
  }

  /** A string `doc`; any other value is kept as a custom property by {@link props} (Java ignores it). */
  private doc(json: JsonObject): string | undefined {
    const doc = attr(json, "doc");
    return typeof doc === "string" ? doc : undefined;
  }

  private record(json: JsonObject, path: string, enclosing: string, error: boolean): AvroRecord {
    const h = this.header(json, path, enclosing, "record");
    const rawFields = attr(json, "fields");
    if (!Array.isArray(rawFields)) throw failure("SCHEMA_INVALID", `Record "${h.name}" has no "fields" array`, rawFields === undefined ? path : pointer(path, "fields"));
    const fields: AvroField[] = [];
    const record: AvroRecord = { kind: "record", ...h, error, fields, props: props(json, RECORD_ATTRS) };
    // Register before the fields so they can refer to the record (recursion).
    this.names.set(h.name, record);
    const fieldNames = new Set<string>();
    for (const [i, raw] of rawFields.entries()) {
      const at = pointer(path, "fields", i);
      if (!isObject(raw)) throw failure("SCHEMA_INVALID", "A field must be an object", at);
      const name = attr(raw, "name");
      if (typeof name !== "string") throw failure("SCHEMA_INVALID", 'Field has no "name"', at);
      if (!isValidName(name)) throw failure("SCHEMA_INVALID", `Invalid field name "${name}"`, pointer(at, "name"));
      if (fieldNames.has(name)) throw failure("SCHEMA_INVALID", `Duplicate field name "${name}" in record "${h.name}"`, pointer(at, "name"));
      fieldNames.add(name);
      if (!hasAttr(raw, "type")) throw failure("SCHEMA_INVALID", `Field "${name}" has no "type"`, at);
      const type = this.type(attr(raw, "type") as JsonValue, pointer(at, "type"), h.namespace);
      // Java reads the order case-insensitively (Field.Order.valueOf(text.toUpperCase())).
      const rawOrder = attr(raw, "order");
      const lower = typeof rawOrder === "string" ? rawOrder.toLowerCase() : rawOrder;
      if (lower !== undefined && lower !== "ascending" && lower !== "descending" && lower !== "ignore") {
        throw failure("SCHEMA_INVALID", `Invalid field order ${JSON.stringify(rawOrder)}: expected "ascending", "descending" or "ignore"`, pointer(at, "order"));
      }
      const order: AvroFieldOrder = lower ?? "ascending";
      const field: AvroField = {
        name,
        type,
        doc: this.doc(raw),
        default: hasAttr(raw, "default") ? { value: attr(raw, "default") as JsonValue } : undefined,
        order,
        aliases: this.aliases(attr(raw, "aliases"), pointer(at, "aliases"), (a) => a, false),
        props: props(raw, FIELD_ATTRS),
      };
      if (field.default) this.pendingDefaults.push({ type, value: field.default.value, path: pointer(at, "default") });
      fields.push(field);
    }
    return record;
  }

  private enumType(json: JsonObject, path: string, enclosing: string): AvroEnum {
    const h = this.header(json, path, enclosing, "enum");
    const raw = attr(json, "symbols");
    if (!Array.isArray(raw)) throw failure("SCHEMA_INVALID", `Enum "${h.name}" has no "symbols" array`, raw === undefined ? path : pointer(path, "symbols"));
    const symbols: string[] = [];
    const seen = new Set<string>(); // a Set, not symbols.includes: enums with tens of thousands of symbols exist
    for (const [i, s] of raw.entries()) {
      const at = pointer(path, "symbols", i);
      if (typeof s !== "string" || !isValidName(s)) throw failure("SCHEMA_INVALID", `Invalid enum symbol ${JSON.stringify(s)}: a symbol must match [A-Za-z_][A-Za-z0-9_]*`, at);
      if (seen.has(s)) throw failure("SCHEMA_INVALID", `Duplicate enum symbol "${s}"`, at);
      seen.add(s);
      symbols.push(s);
    }
    const def = attr(json, "default");
    if (def !== undefined && def !== null && (typeof def !== "string" || !seen.has(def))) {
      throw failure("SCHEMA_INVALID", `Enum default ${JSON.stringify(def)} is not one of the symbols of "${h.name}"`, pointer(path, "default"));
    }
    const type: AvroEnum = { kind: "enum", ...h, symbols, default: typeof def === "string" ? def : undefined, props: props(json, ENUM_ATTRS) };
    this.names.set(h.name, type);
    return type;
  }

  private fixed(json: JsonObject, path: string, enclosing: string): AvroFixed {
    const h = this.header(json, path, enclosing, "fixed");
    const size = attr(json, "size");
    if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || size > 0x7fffffff) {
      throw failure("SCHEMA_INVALID", `Fixed "${h.name}" needs a "size": a non-negative integer number of bytes`, size === undefined ? path : pointer(path, "size"));
    }
    const p = props(json, FIXED_ATTRS);
    const type: AvroFixed = { kind: "fixed", ...h, size, logical: readLogicalType({ kind: "fixed", size }, p), props: p };
    this.names.set(h.name, type);
    return type;
  }
}

/** The attributes of `json` not in `reserved`: custom properties (incl. logicalType, precision, scale). */
function props(json: JsonObject, reserved: ReadonlySet<string>): AvroProps {
  // Object.fromEntries defines own data properties, so a custom property named `__proto__` is kept as one
  // (plain assignment would set the object's prototype and lose it).
  return Object.fromEntries(Object.entries(json).filter(([k, v]) => !reserved.has(k) || (k === "doc" && typeof v !== "string" && v !== null)));
}
