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

/** Names not declared by `type` (JSON names also accepted), recursively for nested message values. */
function unknownKeys(type: protobuf.Type, value: Record<string, unknown>, path: string, out: Violation[]): void {
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? Object.values(type.fields).find((f) => f.options?.["json_name"] === key);
    if (!field) {
      out.push({ rule: "UNKNOWN_FIELD", path: `${path}/${key}`, message: `${type.fullName.slice(1)} has no field ${key}` });
      continue;
    }
    const resolved = field.resolve().resolvedType;
    if (resolved instanceof protobuf.Type && !field.map) {
      const items = field.repeated && Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        if (isPlainObject(item)) unknownKeys(resolved, item, field.repeated ? `${path}/${key}/${i}` : `${path}/${key}`, out);
      });
    }
  }
}

/**
 * Validates a JS value (field names as in the schema; 64-bit integers as number/string/Long; enums as name or
 * number; bytes as Uint8Array or base64) against the selected message: unknown fields (`UNKNOWN_FIELD`) and
 * protobufjs `Type.verify` errors after `fromObject` (`PAYLOAD_INVALID`). Empty = valid.
 */
export function validateMessage(type: protobuf.Type, value: unknown): Violation[] {
  if (!isPlainObject(value)) return [{ rule: "PAYLOAD_INVALID", path: "", message: `a ${type.name} message must be an object` }];
  const out: Violation[] = [];
  unknownKeys(type, value, "", out);
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
