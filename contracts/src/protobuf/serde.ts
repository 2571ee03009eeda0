import protobuf from "protobufjs";
import { fail, ok, type Result } from "../errors.js";
import type { Violation } from "../format.js";
import type { ProtoFile, ProtoMessage } from "./ast.js";
import { tokenize, type Token } from "./tokenizer.js";

/**
 * Which message of a schema to use: a full name (`pkg.Outer.Inner`, leading dot optional) or Confluent message
 * indexes (`[0]` = the first top-level message). Same shape as `PayloadOptions.message` in `format.ts`.
 */
export type MessageSelector = string | readonly number[];

/**
 * Builds a protobufjs root holding `texts` (import path → text, dependencies first), parsed with
 * `keepCase: true` so JS objects use the field names of the schema. Returns the protobufjs error text (with its
 * `(line N)`) and the path of the failing file on failure.
 */
export function buildRoot(texts: ReadonlyMap<string, string>): Result<protobuf.Root, { path: string; message: string }> {
  const root = new protobuf.Root();
  let current = "";
  try {
    for (const [path, text] of texts) {
      current = path;
      protobuf.parse(withoutAggregateOptions(text), root, { keepCase: true });
    }
    current = "";
    root.resolveAll();
    return ok(root);
  } catch (e) {
    return { ok: false, error: { path: current, message: e instanceof Error ? e.message : String(e) } };
  }
}

/**
 * `text` with every aggregate option value (`= { … }`) replaced by `{}`, line breaks kept so protobufjs's line
 * numbers still point into the original. protobufjs's parser refuses much of the text format (lists of
 * messages, empty lists, `< >`), and serde needs no custom option value: Charter's own parser has read and
 * checked them already. Text that does not tokenize is returned as is (protobufjs then reports it).
 */
export function withoutAggregateOptions(text: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    return text;
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1]! + column - 1;
  let out = "";
  let copied = 0;
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    const before = tokens[k - 1]!;
    if (t.kind !== "symbol" || t.text !== "{" || before.kind !== "symbol" || before.text !== "=") continue;
    let depth = 0;
    let end = k;
    for (; end < tokens.length; end++) {
      const e = tokens[end]!;
      if (e.kind !== "symbol") continue;
      if (e.text === "{") depth++;
      else if (e.text === "}" && --depth === 0) break;
    }
    if (end >= tokens.length) return text;
    const from = offset(t.line, t.column);
    const to = offset(tokens[end]!.endLine, tokens[end]!.endColumn) + 1;
    out += text.slice(copied, from) + "{}" + text.slice(from, to).replace(/[^\n]/g, "");
    copied = to;
    k = end;
  }
  return out + text.slice(copied);
}

/**
 * Confluent message indexes of the message `fullName` (package-qualified, leading dot optional) in `file`: the
 * path of positions among the message declarations (enums, services and groups do not count) from the file
 * root; `[0]` is the first top-level message. Source: Confluent `ProtobufSchema.toMessageIndexes`.
 * Returns `undefined` when the file declares no such message.
 */
export function messageIndexesOf(file: ProtoFile, fullName: string): number[] | undefined {
  let name = fullName.startsWith(".") ? fullName.slice(1) : fullName;
  if (file.package) {
    if (!name.startsWith(file.package + ".")) return undefined;
    name = name.slice(file.package.length + 1);
  }
  const indexes: number[] = [];
  let level: readonly ProtoMessage[] = file.messages;
  for (const part of name.split(".")) {
    const candidates = level.filter((m) => !m.isGroup);
    const i = candidates.findIndex((m) => m.name === part);
    if (i < 0) return undefined;
    indexes.push(i);
    level = candidates[i]!.messages;
  }
  return indexes;
}

/**
 * Full name (no leading dot) of the message at Confluent `indexes` in `file`; `undefined` when out of range.
 * An empty array means `[0]` (Confluent's wire shortcut).
 */
export function messageNameAt(file: ProtoFile, indexes: readonly number[]): string | undefined {
  const path = indexes.length === 0 ? [0] : indexes;
  let level: readonly ProtoMessage[] = file.messages;
  let found: ProtoMessage | undefined;
  for (const i of path) {
    found = level.filter((m) => !m.isGroup)[i];
    if (!found) return undefined;
    level = found.messages;
  }
  return found?.fullName;
}

/** Looks up the message type chosen by `selector` (default: the first message of the file). */
export function selectType(root: protobuf.Root, file: ProtoFile, selector?: MessageSelector): Result<protobuf.Type> {
  let name: string | undefined;
  if (!selector) name = messageNameAt(file, [0]);
  else if (typeof selector === "string") name = selector.replace(/^\./, "");
  else name = messageNameAt(file, selector);
  if (name === undefined) return fail("PAYLOAD_INVALID", selector ? `no message at ${JSON.stringify(selector)}` : "the schema declares no message");
  try {
    return ok(root.lookupType(name));
  } catch {
    return fail("PAYLOAD_INVALID", `no message type ${name} in the schema`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

const INT32_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-2147483648, 2147483647],
  sint32: [-2147483648, 2147483647],
  sfixed32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  fixed32: [0, 4294967295],
};
const INT64 = new Set(["int64", "sint64", "sfixed64", "uint64", "fixed64"]);
const INTEGER_TEXT = /^-?\d+$/;

/** Whether `value` is a 64-bit integer as protobufjs takes one: number, decimal string, bigint or Long. */
function isInt64(value: unknown, unsigned: boolean): boolean {
  if (typeof value === "number") return Number.isInteger(value) && (!unsigned || value >= 0);
  if (typeof value === "bigint") return !unsigned || value >= 0n;
  if (typeof value === "string") return INTEGER_TEXT.test(value) && (!unsigned || !value.startsWith("-"));
  return isPlainObject(value) && typeof value["low"] === "number" && typeof value["high"] === "number";
}

/**
 * Why `value` cannot be the scalar `type` (protobufjs type names), or `undefined` when it can. protobufjs'
 * `fromObject` would coerce it silently (`"two"` → 0 for an int32, any value → `String(value)` for a string), so
 * it is checked before. Accepted as the proto3 JSON mapping allows: integers also as decimal strings, 64-bit
 * integers also as bigint or Long, floats also as "NaN"/"Infinity"/"-Infinity", bytes as Uint8Array or base64.
 */
function scalarProblem(type: string, value: unknown): string | undefined {
  const range = INT32_RANGE[type];
  if (range !== undefined) {
    const n = typeof value === "string" && INTEGER_TEXT.test(value) ? Number(value) : value;
    return typeof n === "number" && Number.isInteger(n) && n >= range[0] && n <= range[1] ? undefined : `must be a ${type} (an integer from ${range[0]} to ${range[1]})`;
  }
  if (INT64.has(type)) return isInt64(value, type.startsWith("u") || type === "fixed64") ? undefined : `must be a ${type} (an integer, as a number, decimal string, bigint or Long)`;
  switch (type) {
    case "double":
    case "float":
      return typeof value === "number" || (typeof value === "string" && (/^(NaN|-?Infinity)$/.test(value) || (value.trim() !== "" && Number.isFinite(Number(value)))))
        ? undefined
        : `must be a ${type} (a number)`;
    case "bool":
      return typeof value === "boolean" ? undefined : "must be a bool (true or false)";
    case "string":
      return typeof value === "string" ? undefined : "must be a string";
    case "bytes":
      return value instanceof Uint8Array || (typeof value === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) ? undefined : "must be bytes (a Uint8Array or base64 text)";
    default:
      return undefined;
  }
}

/** Why `value` cannot be a value of `enumType` (a name it declares or an integer), or `undefined`. */
function enumProblem(enumType: protobuf.Enum, value: unknown): string | undefined {
  if (typeof value === "string") return value in enumType.values ? undefined : `must be one of ${Object.keys(enumType.values).join(", ")} (${enumType.name})`;
  if (typeof value === "number" && Number.isInteger(value)) return undefined;
  return `must be a ${enumType.name} value name or number`;
}

/**
 * The shape of `value` against `type`, recursively: names `type` does not declare (JSON names also accepted)
 * as `UNKNOWN_FIELD`; values the field's type cannot hold (a string for an int32, an object for a string, a
 * non-array for a repeated field, an unknown enum name) as `PAYLOAD_INVALID`. `null` stands for the default
 * (proto3 JSON mapping). Message-typed values other than plain objects are left to protobufjs (well-known types).
 */
function shapeProblems(type: protobuf.Type, value: Record<string, unknown>, path: string, out: Violation[]): void {
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => f.options?.["json_name"] === key);
    const at = `${path}/${key}`;
    if (!field) {
      out.push({ rule: "UNKNOWN_FIELD", path: at, message: `${type.fullName.slice(1)} has no field ${key}` });
      continue;
    }
    if (v === null || v === undefined) continue;
    const resolved = field.resolve().resolvedType;
    const check = (item: unknown, itemPath: string): void => {
      if (item === null || item === undefined) return;
      if (resolved instanceof protobuf.Type) {
        if (isPlainObject(item)) shapeProblems(resolved, item, itemPath, out);
        return;
      }
      const problem = resolved instanceof protobuf.Enum ? enumProblem(resolved, item) : scalarProblem(field.type, item);
      if (problem !== undefined) out.push({ rule: "PAYLOAD_INVALID", path: itemPath, message: `${field.name} ${problem}; got ${describeValue(item)}` });
    };
    if (field.map) {
      if (!isPlainObject(v)) out.push({ rule: "PAYLOAD_INVALID", path: at, message: `${field.name} must be a map (an object); got ${describeValue(v)}` });
      else for (const [k, item] of Object.entries(v)) check(item, `${at}/${k}`);
    } else if (field.repeated) {
      if (!Array.isArray(v)) out.push({ rule: "PAYLOAD_INVALID", path: at, message: `${field.name} must be a list (repeated); got ${describeValue(v)}` });
      else v.forEach((item, i) => check(item, `${at}/${i}`));
    } else check(v, at);
  }
}

/** A value for a message: its JSON text, shortened. */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "bigint" ? `${value}n` : value instanceof Uint8Array ? `${value.length} bytes` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Validates a JS value (field names as in the schema; 64-bit integers as number/string/Long; enums as name or
 * number; bytes as Uint8Array or base64) against the selected message: unknown fields (`UNKNOWN_FIELD`), values
 * a field's type cannot hold, checked before protobufjs' `fromObject` coerces them (`PAYLOAD_INVALID` at the
 * value's pointer), then protobufjs `Type.verify` errors (`PAYLOAD_INVALID`). Empty = valid.
 */
export function validateMessage(type: protobuf.Type, value: unknown): Violation[] {
  if (!isPlainObject(value)) return [{ rule: "PAYLOAD_INVALID", path: "", message: `a ${type.name} message must be an object` }];
  const out: Violation[] = [];
  shapeProblems(type, value, "", out);
  if (out.length > 0) return out;
  try {
    const message = type.fromObject(value);
    const error = type.verify(message);
    if (error) out.push({ rule: "PAYLOAD_INVALID", path: "", message: error });
  } catch (e) {
    out.push({ rule: "PAYLOAD_INVALID", path: "", message: e instanceof Error ? e.message : String(e) });
  }
  return out;
}

/** Encodes a JS value (see {@link validateMessage}) to Protobuf binary. Errors: `PAYLOAD_INVALID`. */
export function encodeMessage(type: protobuf.Type, value: unknown): Result<Uint8Array> {
  const problems = validateMessage(type, value);
  if (problems.length > 0) return fail("PAYLOAD_INVALID", problems.map((p) => `${p.path || "/"}: ${p.message}`).join("; "));
  try {
    return ok(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
  } catch (e) {
    return fail("PAYLOAD_INVALID", e instanceof Error ? e.message : String(e));
  }
}

/**
 * Decodes Protobuf binary into a plain JS object: 64-bit integers as decimal strings, enums by name, bytes as
 * base64, absent fields left out (protobufjs `toObject` with `longs: String, enums: String, bytes: String`), so
 * the result can be given to {@link encodeMessage} again. Errors: `PAYLOAD_INVALID` (truncated or malformed).
 */
export function decodeMessage(type: protobuf.Type, payload: Uint8Array): Result<Record<string, unknown>> {
  try {
    const message = type.decode(payload);
    return ok(type.toObject(message, { longs: String, enums: String, bytes: String }));
  } catch (e) {
    return fail("PAYLOAD_INVALID", `cannot decode ${type.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
