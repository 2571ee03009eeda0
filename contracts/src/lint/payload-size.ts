import type { AvroType } from "../avro/model.js";
import { pointer, type JsonValue } from "../json-text.js";
import type { OptionValue, ProtoField, ProtoMessage } from "../protobuf/ast.js";
import { resolveLocalRef, type ViewSource } from "./view.js";

/** A place that admits values of any size, and why (`string without maxLength`). */
export interface UnboundedPlace {
  readonly path: string;
  readonly reason: string;
}

/**
 * The largest encoded value a schema admits: `bytes` is the upper bound of the places that are bounded, and
 * `unbounded` lists the places that have no bound (then the true maximum is unbounded). Units: bytes of the
 * format's encoding — Avro binary, Protobuf binary, JSON text (UTF-8) for JSON Schema.
 */
export interface SizeEstimate {
  readonly bytes: number;
  readonly unbounded: readonly UnboundedPlace[];
}

/** Largest bytes of one UTF-16 code unit in UTF-8 (a surrogate pair is 2 units, 4 bytes). */
const UTF8_PER_UNIT = 3;
/** Largest bytes of one character in a JSON string (`\u001f`). */
const JSON_PER_CHAR = 6;

const isObject = (v: unknown): v is Record<string, JsonValue> => typeof v === "object" && v !== null && !Array.isArray(v);
const count = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);

/** Largest length of a JSON string in a given `format` (RFC 3339, RFC 4122, RFC 5321 …); undefined = unbounded. */
const FORMAT_LENGTH: Readonly<Record<string, number>> = {
  uuid: 36,
  "date-time": 35,
  date: 10,
  time: 24,
  duration: 64,
  email: 254,
  "idn-email": 254,
  hostname: 253,
  "idn-hostname": 253,
  ipv4: 15,
  ipv6: 45,
};

/**
 * Avro binary encoding (Avro spec §Binary Encoding): int/long zig-zag varints of at most 5/10 bytes, float 4,
 * double 8, boolean 1, enum and union indexes as int varints, fixed its size; strings and bytes are a length
 * plus content — bounded only by a `maxLength` property (in characters for strings, bytes for bytes) or the
 * `uuid`/`decimal` logical types; arrays and maps are blocks, bounded only by a `maxItems` property (map keys by
 * `maxKeyLength`). A recursive type is unbounded.
 */
function avroSize(root: AvroType, prefix: string, unbounded: UnboundedPlace[]): number {
  const stack = new Set<string>();
  const defined = new Map<string, string>();
  const reported = new Set<string>();
  const flag = (path: string, reason: string): number => {
    if (!reported.has(path)) {
      reported.add(path);
      unbounded.push({ path, reason });
    }
    return 0;
  };
  const walk = (type: AvroType, path: string): number => {
    switch (type.kind) {
      case "primitive": {
        const max = count(type.props["maxLength"]);
        switch (type.type) {
          case "null":
            return 0;
          case "boolean":
            return 1;
          case "int":
          case "float":
            return type.type === "int" ? 5 : 4;
          case "long":
            return 10;
          case "double":
            return 8;
          case "string":
            if (type.logical?.name === "uuid") return 1 + 36;
            return max !== undefined ? 5 + max * UTF8_PER_UNIT : flag(path, "string without maxLength");
          case "bytes":
            if (type.logical?.name === "decimal") return 5 + Math.ceil((type.logical.precision * Math.log2(10) + 1) / 8);
            return max !== undefined ? 5 + max : flag(path, "bytes without maxLength");
        }
        return 0;
      }
      case "enum":
        return 5;
      case "fixed":
        return type.size;
      case "record": {
        // A named type is written out once, where it is first used: report inside it at that place.
        const at = defined.get(type.name) ?? path;
        defined.set(type.name, at);
        if (stack.has(type.name)) return flag(path, `recursive record ${type.name}`);
        stack.add(type.name);
        let sum = 0;
        type.fields.forEach((f, i) => (sum += walk(f.type, pointer(at, "fields", i, "type"))));
        stack.delete(type.name);
        return sum;
      }
      case "array": {
        const max = count(type.props["maxItems"]);
        const item = walk(type.items, pointer(path, "items"));
        return max !== undefined ? 10 + max * item : flag(path, "array without maxItems");
      }
      case "map": {
        const max = count(type.props["maxItems"]);
        const key = count(type.props["maxKeyLength"]);
        const value = walk(type.values, pointer(path, "values"));
        if (max === undefined) return flag(path, "map without maxItems");
        if (key === undefined) return flag(path, "map without maxKeyLength");
        return 10 + max * (5 + key * UTF8_PER_UNIT + value);
      }
      case "union":
        return 5 + Math.max(0, ...type.branches.map((b, i) => walk(b, pointer(path, i))));
    }
  };
  return walk(root, prefix);
}

/**
 * JSON text size (RFC 8259, UTF-8) of the largest instance: `const`/`enum` by their longest value; strings by
 * `maxLength` (6 bytes a character, the longest escape) or a bounded `format` (uuid, date-time, email …);
 * numbers 24 characters; arrays by `maxItems` (or a closed tuple); objects by their declared properties
 * (`additionalProperties`/`patternProperties` are not counted: an estimate of what the schema describes, not of
 * what an open object tolerates); `anyOf`/`oneOf`/type lists by their largest branch; local `$ref`s followed
 * (recursion is unbounded). A schema with no type constraint (`{}`, `true`) is unbounded.
 */
function jsonSize(root: JsonValue, prefix: string, unbounded: UnboundedPlace[]): number {
  const stack = new Set<object>();
  const flag = (path: string, reason: string): number => {
    unbounded.push({ path, reason });
    return 0;
  };
  const walk = (node: JsonValue, path: string): number => {
    if (node === true) return flag(path, "any value");
    if (!isObject(node)) return 0;
    if (stack.has(node)) return flag(path, "recursive schema");
    stack.add(node);
    try {
      const target = resolveLocalRef(root, node);
      if (target !== undefined) return walk(target, path);
      if ("const" in node) return JSON.stringify(node["const"]).length;
      if (Array.isArray(node["enum"])) return Math.max(0, ...node["enum"].map((v) => Buffer.byteLength(JSON.stringify(v))));
      const branches = [...(Array.isArray(node["anyOf"]) ? node["anyOf"].map((s, i) => [s, pointer(path, "anyOf", i)] as const) : []), ...(Array.isArray(node["oneOf"]) ? node["oneOf"].map((s, i) => [s, pointer(path, "oneOf", i)] as const) : [])];
      if (branches.length > 0) return Math.max(0, ...branches.map(([s, p]) => walk(s, p)));
      if (Array.isArray(node["allOf"]) && node["type"] === undefined && node["properties"] === undefined) {
        // Members describe one object: their properties add up.
        return node["allOf"].reduce<number>((sum, s, i) => sum + walk(s, pointer(path, "allOf", i)), 0);
      }
      const types = Array.isArray(node["type"]) ? node["type"].filter((t): t is string => typeof t === "string") : typeof node["type"] === "string" ? [node["type"]] : [];
      if (types.length === 0) {
        if (isObject(node["properties"])) types.push("object");
        else if (node["items"] !== undefined || node["prefixItems"] !== undefined) types.push("array");
        else if (node["maxLength"] !== undefined || node["format"] !== undefined) types.push("string");
        else return flag(path, "no type constraint");
      }
      return Math.max(0, ...types.map((t) => typed(node, t, path)));
    } finally {
      stack.delete(node);
    }
  };
  const typed = (node: Record<string, JsonValue>, type: string, path: string): number => {
    switch (type) {
      case "null":
        return 4;
      case "boolean":
        return 5;
      case "integer":
      case "number":
        return 24;
      case "string": {
        const max = count(node["maxLength"]);
        if (max !== undefined) return 2 + max * JSON_PER_CHAR;
        const format = typeof node["format"] === "string" ? FORMAT_LENGTH[node["format"]] : undefined;
        return format !== undefined ? 2 + format : flag(path, "string without maxLength");
      }
      case "array": {
        const tuple = Array.isArray(node["prefixItems"]) ? node["prefixItems"] : Array.isArray(node["items"]) ? node["items"] : undefined;
        const tupleKey = Array.isArray(node["prefixItems"]) ? "prefixItems" : "items";
        const rest = Array.isArray(node["prefixItems"]) ? node["items"] : node["additionalItems"];
        const fixed = tuple ? tuple.reduce<number>((sum, s, i) => sum + 1 + walk(s, pointer(path, tupleKey, i)), 0) : 0;
        if (tuple && rest === false) return 2 + fixed;
        const max = count(node["maxItems"]);
        const itemSchema = tuple ? rest : node["items"];
        const item = itemSchema === undefined ? flag(pointer(path, "items"), "any value") : walk(itemSchema, pointer(path, tuple ? (tupleKey === "prefixItems" ? "items" : "additionalItems") : "items"));
        return max !== undefined ? 2 + fixed + max * (item + 1) : flag(path, "array without maxItems");
      }
      case "object": {
        const props = isObject(node["properties"]) ? node["properties"] : {};
        let sum = 2;
        for (const [key, s] of Object.entries(props)) sum += Buffer.byteLength(JSON.stringify(key)) + 2 + walk(s, pointer(path, "properties", key));
        return sum;
      }
      default:
        return 0;
    }
  };
  return walk(root, prefix);
}

/** Varint bytes of a field tag (field number << 3 | wire type). */
const tagBytes = (n: number): number => (n < 16 ? 1 : n < 2048 ? 2 : n < 262144 ? 3 : n < 33554432 ? 4 : 5);

const SCALAR_BYTES: Readonly<Record<string, number>> = {
  double: 8,
  float: 4,
  int32: 10, // negative int32 values are sign-extended to 10 bytes
  int64: 10,
  uint32: 5,
  uint64: 10,
  sint32: 5,
  sint64: 10,
  fixed32: 4,
  fixed64: 8,
  sfixed32: 4,
  sfixed64: 8,
  bool: 1,
};

/** A numeric option value anywhere in a field's options whose name ends with one of `names` (protovalidate / PGV rules). */
function ruleBound(options: readonly { name: string; value: OptionValue }[], names: readonly string[]): number | undefined {
  for (const o of options) {
    const leaf = o.name.split(".").pop() ?? "";
    if (names.includes(leaf) && o.value.kind === "number") return Number(o.value.text);
    if (o.value.kind === "aggregate") {
      for (const n of names) {
        const m = new RegExp(`\\b${n}\\s*:\\s*(\\d+)`).exec(o.value.text);
        if (m) return Number(m[1]);
      }
    }
  }
  return undefined;
}

/**
 * Protobuf binary encoding (protobuf.dev "Encoding"): every field a tag plus its value — varints up to 10
 * bytes (5 for uint32/sint32), fixed 4/8, bool 1, enums as int32 (10); strings, bytes and messages are
 * length-delimited. Strings and bytes are bounded only by protovalidate / protoc-gen-validate rules
 * (`max_len` in characters, `max_bytes`); repeated fields by `max_items`, maps by `max_pairs`. Of a `oneof`
 * only the largest member counts. Recursive messages are unbounded.
 */
function protoSize(message: ProtoMessage, types: ReadonlyMap<string, { kind: string; node: unknown; file: string }>, pathOf: (fullName: string) => string, unbounded: UnboundedPlace[]): number {
  const stack = new Set<string>();
  const reported = new Set<string>();
  const flag = (path: string, reason: string): number => {
    if (!reported.has(path)) {
      reported.add(path);
      unbounded.push({ path, reason });
    }
    return 0;
  };
  // `outside`: the field of this file that uses an imported message; what is unbounded in there is reported on it.
  const valueSize = (f: ProtoField, type: { kind: string; name?: string; fullName?: string } | undefined, path: string, outside: string | undefined): number => {
    if (!type) return 0;
    if (type.kind === "enum") return 10;
    if (type.kind === "message") {
      const entry = types.get(type.fullName ?? "");
      if (!entry || entry.kind !== "message") return 0;
      const imported = outside ?? (entry.file !== "" ? path : undefined);
      return 5 + messageSize(entry.node as ProtoMessage, imported ?? pathOf(type.fullName ?? ""), imported);
    }
    const name = type.name ?? "";
    if (name === "string" || name === "bytes") {
      const chars = ruleBound(f.options, name === "string" ? ["max_len", "max_bytes"] : ["max_len"]);
      if (chars === undefined) return flag(outside ?? path, outside !== undefined ? `${name} ${f.name} of an imported message without a max_len rule` : `${name} without a max_len rule`);
      return 5 + chars * (name === "string" ? 4 : 1);
    }
    return SCALAR_BYTES[name] ?? 10;
  };
  const messageSize = (m: ProtoMessage, path: string, outside?: string): number => {
    if (stack.has(m.fullName)) return flag(outside ?? path, `recursive message ${m.fullName}`);
    stack.add(m.fullName);
    let sum = 0;
    const oneofs = new Map<string, number>();
    for (const f of m.fields) {
      const fp = outside ?? `${path}/${f.name}`;
      let size: number;
      if (f.mapKey !== undefined) {
        const pairs = ruleBound(f.options, ["max_pairs"]);
        const value = valueSize(f, f.resolvedMapValue, fp, outside);
        if (pairs === undefined) size = flag(fp, "map without max_pairs");
        else if (f.mapKey === "string" || f.mapKey === "bytes") size = flag(fp, "map with string keys (keys have no max_len)");
        else size = pairs * (tagBytes(f.number) + 5 + 2 + (SCALAR_BYTES[f.mapKey] ?? 10) + value);
      } else if (f.label === "repeated") {
        const items = ruleBound(f.options, ["max_items"]);
        const item = valueSize(f, f.resolved, fp, outside);
        size = items === undefined ? flag(fp, "repeated field without max_items") : items * (tagBytes(f.number) + item);
      } else {
        size = tagBytes(f.number) + valueSize(f, f.resolved, fp, outside);
      }
      if (f.oneof !== undefined) oneofs.set(f.oneof, Math.max(oneofs.get(f.oneof) ?? 0, size));
      else sum += size;
    }
    for (const s of oneofs.values()) sum += s;
    stack.delete(m.fullName);
    return sum;
  };
  return messageSize(message, pathOf(message.fullName));
}

/** The {@link SizeEstimate} of one root type of a schema view (`rootKey`: the record key; Avro/JSON: the whole schema). */
export function estimateSize(source: ViewSource, rootKey?: string): SizeEstimate {
  const unbounded: UnboundedPlace[] = [];
  let bytes = 0;
  switch (source.kind) {
    case "avro":
      bytes = avroSize(source.model.root, source.prefix, unbounded);
      break;
    case "json":
      bytes = jsonSize(source.root, source.prefix, unbounded);
      break;
    case "protobuf": {
      const entry = rootKey !== undefined ? source.linked.types.get(rootKey) : undefined;
      const message = entry?.kind === "message" ? (entry.node as ProtoMessage) : source.linked.file.messages[0];
      if (message) {
        const file = source.linked.file;
        const pathOf = (fullName: string): string => {
          const relative = file.package !== "" && fullName.startsWith(file.package + ".") ? fullName.slice(file.package.length + 1) : fullName;
          return source.prefix + relative.split(".").map((s) => "/" + s).join("");
        };
        bytes = protoSize(message, source.linked.types, pathOf, unbounded);
      }
      break;
    }
  }
  return { bytes, unbounded };
}
