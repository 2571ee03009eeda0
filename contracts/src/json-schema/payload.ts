import type { ErrorObject } from "ajv";
import { fail, ok, type Result } from "../errors.js";
import type { ParsedSchema, Violation } from "../format.js";
import { pointer } from "../json-text.js";
import { RegexInputTooLongError } from "../safe-regex.js";
import { asJsonSchemaModel } from "./model.js";

/**
 * Validates a decoded payload against a parsed JSON Schema with the ajv validator compiled at parse time.
 * Returns one violation per ajv error: `rule` is the failing keyword (`type`, `required`, `maximum` …),
 * `path` the JSON Pointer into the payload (for `required`, pointing at the missing property), `message`
 * ajv's text; a backtracking pattern (lookaround) on a value too long to run it safely gives one `pattern`
 * violation (safe-regex.ts). A value JSON cannot represent (`undefined`, a function, `NaN`, a `bigint` …) gives one
 * `PAYLOAD_INVALID` violation. Empty = valid. A schema from another engine gives `PAYLOAD_INVALID` at "".
 */
export function validateJsonPayload(schema: ParsedSchema, value: unknown): readonly Violation[] {
  const model = asJsonSchemaModel(schema.model);
  if (!model) return [{ rule: "PAYLOAD_INVALID", path: "", message: `not a JSON Schema (schema type ${schema.type})` }];
  const notJson = findNonJson(value, "");
  if (notJson !== undefined) return [{ rule: "PAYLOAD_INVALID", path: notJson.path, message: notJson.message }];
  try {
    if (model.validator(value)) return [];
  } catch (e) {
    // A lookahead/backreference pattern is run on values up to a bounded length only (safe-regex.ts).
    if (e instanceof RegexInputTooLongError) return [{ rule: "pattern", path: "", message: e.message }];
    throw e;
  }
  return (model.validator.errors ?? []).map(toViolation);
}

function toViolation(e: ErrorObject): Violation {
  const missing = e.keyword === "required" && typeof e.params["missingProperty"] === "string" ? e.params["missingProperty"] : undefined;
  return {
    rule: e.keyword,
    path: missing === undefined ? e.instancePath : pointer(e.instancePath, missing),
    message: `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
  };
}

/** The first place where `value` is not a JSON value, or `undefined` when it is one. */
function findNonJson(value: unknown, path: string): { path: string; message: string } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { path, message: `${value} is not a JSON number` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonJson(value[i], pointer(path, i));
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return { path, message: "only plain objects, arrays and JSON scalars can be encoded" };
    for (const [k, v] of Object.entries(value)) {
      const bad = findNonJson(v, pointer(path, k));
      if (bad) return bad;
    }
    return undefined;
  }
  return { path, message: `a ${typeof value} is not a JSON value` };
}

/**
 * Encodes a payload as UTF-8 JSON (Confluent's JSON Schema serializer writes the JSON text after the wire
 * header). Validates first: an invalid value gives `PAYLOAD_INVALID` naming the first violation's path.
 */
export function encodeJsonPayload(schema: ParsedSchema, value: unknown): Result<Uint8Array> {
  const violations = validateJsonPayload(schema, value);
  const first = violations[0];
  if (first) {
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : "";
    return fail("PAYLOAD_INVALID", `${first.message}${more}`, { path: first.path });
  }
  return ok(new TextEncoder().encode(JSON.stringify(value)));
}

/**
 * Decodes UTF-8 JSON bytes to a JS value. Errors: `PAYLOAD_INVALID` for bytes that are not UTF-8 or not JSON.
 * Does not validate against `schema`, like Confluent's deserializer with its default
 * `json.fail.invalid.schema=false`; call {@link validateJsonPayload} to check.
 */
export function decodeJsonPayload(schema: ParsedSchema, payload: Uint8Array): Result<unknown> {
  if (!asJsonSchemaModel(schema.model)) return fail("PAYLOAD_INVALID", `not a JSON Schema (schema type ${schema.type})`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(payload);
  } catch {
    return fail("PAYLOAD_INVALID", "payload is not valid UTF-8");
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return fail("PAYLOAD_INVALID", `payload is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}
