import avsc from "avsc";
import { fail, ok, type Result } from "../errors.js";
import type { Violation } from "../format.js";
import { pointer } from "../json-text.js";
import { writeSchema } from "./canonical-form.js";
import type { AvroModel } from "./model.js";

type AvscType = ReturnType<typeof avsc.Type.forSchema>;

const cache = new WeakMap<AvroModel, Result<AvscType>>();

/**
 * The avsc type for a model, built once per model from the canonical text with referenced types inlined.
 * Value conventions are avsc's defaults: unions are unwrapped when unambiguous (`wrapUnions: "auto"`), `long`
 * is a JS number (avsc refuses values beyond ±2^53), `bytes`/`fixed` are Buffers, and logical types are NOT
 * interpreted — a `timestamp-millis` is its raw `long`, a `decimal` its raw bytes — so values round-trip exactly
 * and every engine sees the same wire data. Errors: `UNSUPPORTED` when avsc refuses a schema our parser
 * accepted (avsc is stricter on a few points, e.g. the byte length of `fixed` defaults).
 */
export function avscTypeOf(model: AvroModel): Result<AvscType> {
  const cached = cache.get(model);
  if (cached) return cached;
  let result: Result<AvscType>;
  try {
    const schema = JSON.parse(writeSchema(model.root, { form: "canonical" })) as Parameters<typeof avsc.Type.forSchema>[0];
    result = ok(avsc.Type.forSchema(schema));
  } catch (e) {
    result = fail("UNSUPPORTED", `The Avro codec cannot use this schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  cache.set(model, result);
  return result;
}

/**
 * Validates a JS value against the schema (avsc `isValid` with an error hook). Each invalid leaf becomes a
 * violation with rule `PAYLOAD_INVALID` and `path` a JSON Pointer into the value (`/address/zip`, `/items/3`);
 * then, on an otherwise valid value, each record field the schema does not declare becomes `UNDECLARED_FIELD`
 * (the encoding would drop it). Empty = valid.
 */
export function validateAvroValue(model: AvroModel, value: unknown): Violation[] {
  const type = avscTypeOf(model);
  if (!type.ok) return [{ rule: "PAYLOAD_INVALID", path: "", message: type.error.message }];
  const violations: Violation[] = [];
  try {
    type.value.isValid(value, {
      errorHook: (path: string[], val: unknown, t: AvscType) => {
        violations.push({ rule: "PAYLOAD_INVALID", path: pointer("", ...path), message: `${describe(val)} is not a valid ${typeName(t)}` });
      },
    });
    if (violations.length === 0) undeclaredFields(type.value, value, "", violations, 0);
  } catch (e) {
    // e.g. a cyclic or absurdly deep value exhausting the stack.
    violations.push({ rule: "PAYLOAD_INVALID", path: "", message: `Cannot validate value: ${e instanceof Error ? e.message : String(e)}` });
  }
  return violations;
}

/** Deepest value {@link undeclaredFields} walks (a cyclic value must not run away). */
const MAX_VALUE_DEPTH = 256;

/**
 * Fields of record values that their record type does not declare, as `UNDECLARED_FIELD` at their pointer:
 * avsc's `isValid` accepts them and the encoding drops them silently, so a producer sending a field the contract
 * lacks would lose it on the wire without a word (its own `noUndeclaredFields` names only the outermost record).
 * Walks records, arrays, maps and the union branch that holds the value; `value` is already valid otherwise.
 */
function undeclaredFields(type: AvscType, value: unknown, path: string, out: Violation[], depth: number): void {
  if (depth > MAX_VALUE_DEPTH || value === null || typeof value !== "object") return;
  const t = type as AvscType & { fields?: Array<{ name: string; type: AvscType }>; itemsType?: AvscType; valuesType?: AvscType; types?: AvscType[] };
  if (t.typeName === "record" || t.typeName === "error") {
    const declared = new Map((t.fields ?? []).map((f) => [f.name, f.type]));
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const fieldType = declared.get(key);
      if (fieldType === undefined) out.push({ rule: "UNDECLARED_FIELD", path: pointer(path, key), message: `${typeName(type)} declares no field ${key} (the encoding would drop it)` });
      else undeclaredFields(fieldType, v, pointer(path, key), out, depth + 1);
    }
  } else if (t.typeName === "array" && Array.isArray(value) && t.itemsType) {
    value.forEach((item: unknown, i) => undeclaredFields(t.itemsType!, item, pointer(path, String(i)), out, depth + 1));
  } else if (t.typeName === "map" && t.valuesType) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) undeclaredFields(t.valuesType, v, pointer(path, key), out, depth + 1);
  } else if (t.typeName === "union:unwrapped" && t.types) {
    const branch = t.types.find((b) => b.isValid(value));
    if (branch) undeclaredFields(branch, value, path, out, depth + 1);
  } else if (t.typeName === "union:wrapped" && t.types) {
    const [[name, v] = []] = Object.entries(value as Record<string, unknown>);
    const branch = t.types.find((b) => b.branchName === name);
    if (branch) undeclaredFields(branch, v, pointer(path, String(name)), out, depth + 1);
  }
}

/** Encodes a JS value to Avro binary (no wire header). Errors: `PAYLOAD_INVALID` naming the first bad path. */
export function encodeAvro(model: AvroModel, value: unknown): Result<Uint8Array> {
  const type = avscTypeOf(model);
  if (!type.ok) return type;
  const violations = validateAvroValue(model, value);
  const first = violations[0];
  if (first) return fail("PAYLOAD_INVALID", `Value does not match the schema: ${first.message}${first.path ? ` at ${first.path}` : ""}`, { path: first.path });
  try {
    const buf = type.value.toBuffer(value);
    return ok(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    return fail("PAYLOAD_INVALID", `Cannot encode value: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Decodes Avro binary (no wire header) written with this schema. Errors: `PAYLOAD_INVALID` for truncated
 * data, trailing bytes, bad union indexes or lengths.
 */
export function decodeAvro(model: AvroModel, payload: Uint8Array): Result<unknown> {
  const type = avscTypeOf(model);
  if (!type.ok) return type;
  try {
    return ok(type.value.fromBuffer(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)) as unknown);
  } catch (e) {
    return fail("PAYLOAD_INVALID", `Cannot decode payload: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function typeName(t: AvscType): string {
  const name = (t as { name?: string }).name;
  return name ?? t.typeName;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  try {
    const text = JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  } catch {
    return String(value);
  }
}
