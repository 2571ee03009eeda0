/**
 * Protobuf payloads with protobufjs. Value conventions match the generated types: field names as written in
 * the `.proto`, enums as their value names, 64-bit integers as `bigint` or `number` as the package was
 * generated, `bytes` as `Uint8Array`, maps as records, message fields and `optional`/`oneof` members optional;
 * decoded messages carry every other field (defaults included).
 */
import protobuf from "protobufjs";
import { MessagingError, errorText, type PayloadIssue } from "./errors.js";
import { NO_ISSUES, type SchemaSource, type Serde } from "./serde.js";

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

function token(name: string | number): string {
  const text = String(name);
  return /[~/]/.test(text) ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
}

function fullName(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, "");
}

/** Checks one value at `path`, pushing issues; compiled once per message type. */
type Check = (value: unknown, path: string, issues: PayloadIssue[]) => void;

/** A check for a scalar type: `undefined` when valid, else what the value must be. */
function scalarCheck(t: string, longs: ProtobufValueOptions["longs"]): (value: unknown) => string | undefined {
  if (LONG_TYPES.has(t)) return longs === "bigint" ? (v) => (typeof v === "bigint" ? undefined : `must be a bigint (${t})`) : (v) => (Number.isSafeInteger(v) ? undefined : `must be a safe integer (${t})`);
  if (INT32_TYPES.has(t)) return (v) => (Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31 ? undefined : `must be a 32-bit integer (${t})`);
  if (UINT32_TYPES.has(t)) return (v) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32 ? undefined : `must be an unsigned 32-bit integer (${t})`);
  if (t === "double" || t === "float") return (v) => (typeof v === "number" ? undefined : `must be a number (${t})`);
  if (t === "bool") return (v) => (typeof v === "boolean" ? undefined : "must be a boolean (bool)");
  if (t === "string") return (v) => (typeof v === "string" ? undefined : "must be a string (string)");
  if (t === "bytes") return (v) => (v instanceof Uint8Array ? undefined : "must be a Uint8Array (bytes)");
  return () => undefined;
}

/** A yes/no check for a scalar type (the fast pass of {@link compileValid}). */
function scalarValid(t: string, longs: ProtobufValueOptions["longs"]): (value: unknown) => boolean {
  if (LONG_TYPES.has(t)) return longs === "bigint" ? (v) => typeof v === "bigint" : (v) => Number.isSafeInteger(v);
  if (INT32_TYPES.has(t)) return (v) => typeof v === "number" && (v | 0) === v;
  if (UINT32_TYPES.has(t)) return (v) => typeof v === "number" && v >>> 0 === v;
  if (t === "double" || t === "float") return (v) => typeof v === "number";
  if (t === "bool") return (v) => typeof v === "boolean";
  if (t === "string") return (v) => typeof v === "string";
  if (t === "bytes") return (v) => v instanceof Uint8Array;
  return () => true;
}

/**
 * Compiles the checks of `type` (and the types it reaches): the value must be an object of the type's fields
 * only, with its required fields, each of the field's type; at most one member of each oneof.
 */
function compileChecks(type: protobuf.Type, required: RequiredFields, longs: ProtobufValueOptions["longs"], cache = new Map<protobuf.Type, Check>()): Check {
  const known = cache.get(type);
  if (known) return known;
  let fieldChecks: Map<string, { token: string; check: Check }> | undefined;
  const requiredNames = (required[fullName(type)] ?? []).map((name) => ({ name, token: token(name) }));
  const oneofs = type.oneofsArray.filter((o) => o.oneof.length > 1);
  const single = (field: protobuf.Field): Check => {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return (v, path, issues) => compileChecks(resolved, required, longs, cache)(v, path, issues);
    if (resolved instanceof protobuf.Enum) {
      const names = Object.keys(resolved.values);
      return (v, path, issues) => {
        if (typeof v !== "string" || !Object.prototype.hasOwnProperty.call(resolved.values, v)) issues.push({ path, message: `must be one of ${names.join(", ")}` });
      };
    }
    const check = scalarCheck(field.type, longs);
    return (v, path, issues) => {
      const problem = check(v);
      if (problem !== undefined) issues.push({ path, message: problem });
    };
  };
  const fieldCheck = (field: protobuf.Field): Check => {
    const one = single(field);
    if (field.map) {
      return (v, path, issues) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) issues.push({ path, message: "must be a map (an object)" });
        else for (const k in v) one((v as Record<string, unknown>)[k], `${path}/${token(k)}`, issues);
      };
    }
    if (field.repeated) {
      return (v, path, issues) => {
        if (!Array.isArray(v)) issues.push({ path, message: "must be an array" });
        else for (let i = 0; i < v.length; i++) one(v[i], `${path}/${i}`, issues);
      };
    }
    return one;
  };
  const check: Check = (value, path, issues) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      issues.push({ path, message: `must be a ${type.name} message object` });
      return;
    }
    fieldChecks ??= new Map(type.fieldsArray.map((f) => [f.name, { token: token(f.name), check: fieldCheck(f) }]));
    const record = value as Record<string, unknown>;
    for (const r of requiredNames) if (record[r.name] === undefined) issues.push({ path: `${path}/${r.token}`, message: "is required" });
    // Walk the declared fields (fast, monomorphic); look for undeclared keys only when the counts disagree.
    let present = 0;
    for (const [name, field] of fieldChecks) {
      const v = record[name];
      if (v === undefined) {
        if (name in record) present++;
        continue;
      }
      present++;
      field.check(v, `${path}/${field.token}`, issues);
    }
    if (present !== Object.keys(record).length) {
      for (const key of Object.keys(record)) if (!fieldChecks.has(key)) issues.push({ path: `${path}/${token(key)}`, message: `is not a field of ${type.name}` });
    }
    for (const oneof of oneofs) {
      const set = oneof.oneof.filter((n) => record[n] !== undefined);
      if (set.length > 1) issues.push({ path: `${path}/${token(set[1]!)}`, message: `only one of ${oneof.oneof.join(", ")} may be set (oneof ${oneof.name})` });
    }
  };
  cache.set(type, check);
  return check;
}

/** A field as the fast validity pass reads it. */
interface FastField {
  readonly name: string;
  readonly required: boolean;
  readonly shape: "single" | "repeated" | "map";
  readonly valid: (v: unknown) => boolean;
}

/**
 * A yes/no validity check of `type`, allocation-free, run first on every send: the issue-collecting pass
 * ({@link compileChecks}) only runs for invalid values. Same rules as the detailed pass.
 */
function compileValid(type: protobuf.Type, required: RequiredFields, longs: ProtobufValueOptions["longs"], cache = new Map<protobuf.Type, (v: unknown) => boolean>()): (v: unknown) => boolean {
  const known = cache.get(type);
  if (known) return known;
  let fields: FastField[] | undefined;
  const names = new Set(type.fieldsArray.map((f) => f.name));
  const requiredNames = new Set(required[fullName(type)] ?? []);
  const oneofs = type.oneofsArray.filter((o) => o.oneof.length > 1).map((o) => o.oneof);
  const valid = (value: unknown): boolean => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    fields ??= type.fieldsArray.map((f): FastField => {
      const resolved = f.resolvedType;
      let one: (v: unknown) => boolean;
      if (resolved instanceof protobuf.Type) one = (v) => compileValid(resolved, required, longs, cache)(v);
      else if (resolved instanceof protobuf.Enum) one = (v) => typeof v === "string" && Object.prototype.hasOwnProperty.call(resolved.values, v);
      else one = scalarValid(f.type, longs);
      return { name: f.name, required: requiredNames.has(f.name), shape: f.map ? "map" : f.repeated ? "repeated" : "single", valid: one };
    });
    const record = value as Record<string, unknown>;
    let present = 0;
    for (const f of fields) {
      const v = record[f.name];
      if (v === undefined) {
        if (f.required) return false;
        if (f.name in record) present++;
        continue;
      }
      present++;
      if (f.shape === "single") {
        if (!f.valid(v)) return false;
      } else if (f.shape === "repeated") {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!f.valid(v[i])) return false;
      } else {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        for (const k in v) if (!f.valid((v as Record<string, unknown>)[k])) return false;
      }
    }
    // Count own keys without allocating (this runs on every send).
    let keys = 0;
    for (const k in record) if (Object.prototype.hasOwnProperty.call(record, k)) keys++;
    if (present !== keys) for (const k of Object.keys(record)) if (!names.has(k)) return false;
    for (const members of oneofs) {
      let set = 0;
      for (const m of members) if (record[m] !== undefined) set++;
      if (set > 1) return false;
    }
    return true;
  };
  cache.set(type, valid);
  return valid;
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
  const check = compileChecks(type, required, options.longs);
  const isValid = compileValid(type, required, options.longs);
  const toObjectOptions: protobuf.IConversionOptions = { longs: options.longs === "bigint" ? String : Number, enums: String, defaults: true, arrays: true, objects: true };
  return {
    format: "protobuf",
    ...(schema ? { schema } : {}),
    validate: (value) => {
      if (isValid(value)) return NO_ISSUES;
      const issues: PayloadIssue[] = [];
      check(value, "", issues);
      return issues.length === 0 ? [{ path: "", message: `is not a valid ${type.name}` }] : issues;
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
