/**
 * Protobuf payloads with protobufjs. Value conventions match the generated types: field names as written in
 * the `.proto`, enums as their value names, 64-bit integers as `bigint` or `number` as the package was
 * generated, `bytes` as `Uint8Array`, maps as records, message fields and `optional`/`oneof` members optional;
 * decoded messages carry every other field (defaults included).
 */
import protobuf from "protobufjs";
import { MessagingError, errorText, type PayloadIssue } from "./errors.js";
import type { SchemaSource, Serde } from "./serde.js";

/** How 64-bit integers are represented. */
export interface ProtobufValueOptions {
  readonly longs: "number" | "bigint";
}

/** Field names that must be present in a value, per message full name (no leading dot). */
export type RequiredFields = Readonly<Record<string, readonly string[]>>;

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const INT32_TYPES = new Set(["int32", "sint32", "sfixed32"]);
const UINT32_TYPES = new Set(["uint32", "fixed32"]);

/**
 * Whether a field is always present in a decoded value and so required in the generated type: proto2
 * `required`; proto3 (and editions with implicit presence) repeated, map and scalar/enum fields that are not
 * `optional` nor in a `oneof`. Message-typed fields are optional.
 */
export function isRequiredField(field: protobuf.Field, implicitPresence: boolean): boolean {
  if (field.required) return true;
  if (field.repeated || field.map) return true;
  if (field.partOf) return false;
  if (!implicitPresence) return false;
  return !(field.resolvedType instanceof protobuf.Type);
}

function pointer(base: string, token: string | number): string {
  return `${base}/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function fullName(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, "");
}

class Checker {
  readonly issues: PayloadIssue[] = [];
  constructor(
    private readonly required: RequiredFields,
    private readonly longs: ProtobufValueOptions["longs"],
  ) {}

  message(type: protobuf.Type, value: unknown, path: string): void {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.issues.push({ path, message: `must be a ${type.name} message object` });
      return;
    }
    const record = value as Record<string, unknown>;
    const required = this.required[fullName(type)] ?? [];
    for (const name of required) if (record[name] === undefined) this.issues.push({ path: pointer(path, name), message: `is required` });
    for (const [name, v] of Object.entries(record)) {
      const field = type.fields[name];
      if (!field) {
        this.issues.push({ path: pointer(path, name), message: `is not a field of ${type.name}` });
        continue;
      }
      if (v === undefined) continue;
      const at = pointer(path, name);
      if (field.map) {
        if (typeof v !== "object" || v === null || Array.isArray(v)) this.issues.push({ path: at, message: "must be a map (an object)" });
        else for (const [k, item] of Object.entries(v)) this.single(field, item, pointer(at, k));
      } else if (field.repeated) {
        if (!Array.isArray(v)) this.issues.push({ path: at, message: "must be an array" });
        else v.forEach((item, i) => this.single(field, item, pointer(at, i)));
      } else this.single(field, v, at);
    }
    for (const oneof of type.oneofsArray) {
      const set = oneof.oneof.filter((n) => record[n] !== undefined);
      if (set.length > 1) this.issues.push({ path: pointer(path, set[1]!), message: `only one of ${oneof.oneof.join(", ")} may be set (oneof ${oneof.name})` });
    }
  }

  private single(field: protobuf.Field, value: unknown, path: string): void {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return this.message(resolved, value, path);
    if (resolved instanceof protobuf.Enum) {
      if (typeof value !== "string" || !(value in resolved.values)) this.issues.push({ path, message: `must be one of ${Object.keys(resolved.values).join(", ")}` });
      return;
    }
    const t = field.type;
    const fail = (what: string) => this.issues.push({ path, message: `must be ${what} (${t})` });
    if (LONG_TYPES.has(t)) {
      if (this.longs === "bigint" ? typeof value !== "bigint" : !Number.isSafeInteger(value)) fail(this.longs === "bigint" ? "a bigint" : "a safe integer");
    } else if (INT32_TYPES.has(t)) {
      if (!Number.isInteger(value) || (value as number) < -(2 ** 31) || (value as number) >= 2 ** 31) fail("a 32-bit integer");
    } else if (UINT32_TYPES.has(t)) {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= 2 ** 32) fail("an unsigned 32-bit integer");
    } else if (t === "double" || t === "float") {
      if (typeof value !== "number") fail("a number");
    } else if (t === "bool") {
      if (typeof value !== "boolean") fail("a boolean");
    } else if (t === "string") {
      if (typeof value !== "string") fail("a string");
    } else if (t === "bytes") {
      if (!(value instanceof Uint8Array)) fail("a Uint8Array");
    }
  }
}

/** Copies `value` with every bigint written as a decimal string (protobufjs `fromObject` reads those). */
function withoutBigints(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(withoutBigints);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withoutBigints(v);
    return out;
  }
  return value;
}

/** A decoded plain object in the generated types' shape: 64-bit strings → bigint, unset messages removed. */
function fromPlain(type: protobuf.Type, value: Record<string, unknown>, longs: ProtobufValueOptions["longs"]): Record<string, unknown> {
  for (const field of type.fieldsArray) {
    const v = value[field.name];
    if (v === null || v === undefined) {
      delete value[field.name];
      continue;
    }
    const resolved = field.resolvedType;
    const convert = (item: unknown): unknown =>
      resolved instanceof protobuf.Type
        ? fromPlain(resolved, item as Record<string, unknown>, longs)
        : longs === "bigint" && LONG_TYPES.has(field.type) && typeof item === "string"
          ? BigInt(item)
          : item;
    if (field.map) {
      const map = v as Record<string, unknown>;
      for (const k of Object.keys(map)) map[k] = convert(map[k]);
    } else if (field.repeated) value[field.name] = (v as unknown[]).map(convert);
    else value[field.name] = convert(v);
  }
  return value;
}

/**
 * A Protobuf {@link Serde} for the message `typeName` (full name) of `root` (protobufjs JSON of the `.proto`
 * files, generated from the contract). `required` lists the fields every value must have (see
 * {@link isRequiredField}); `schema` is the `.proto` text and message indexes registered for the Confluent
 * wire format.
 */
export function protobufSerde<T>(root: protobuf.INamespace, typeName: string, required: RequiredFields, options: ProtobufValueOptions, schema?: SchemaSource): Serde<T> {
  const type = protobuf.Root.fromJSON(root).lookupType(typeName);
  type.root.resolveAll();
  const toObjectOptions: protobuf.IConversionOptions = { longs: options.longs === "bigint" ? String : Number, enums: String, defaults: true, arrays: true, objects: true };
  return {
    format: "protobuf",
    ...(schema ? { schema } : {}),
    validate: (value) => {
      const checker = new Checker(required, options.longs);
      checker.message(type, value, "");
      return checker.issues;
    },
    encode: (value) => type.encode(type.fromObject((options.longs === "bigint" ? withoutBigints(value) : value) as Record<string, unknown>)).finish(),
    decode: (bytes) => {
      try {
        return fromPlain(type, type.toObject(type.decode(bytes), toObjectOptions), options.longs);
      } catch (e) {
        throw new MessagingError("WIRE_FORMAT_INVALID", `not a Protobuf ${type.name}: ${errorText(e)}`);
      }
    },
  };
}
