import { extname } from "node:path";
import { parseJson, type ContractError, type JsonValue, type SchemaType } from "@charter/contracts/core";

/**
 * What the content and extension of one file say about its schema type. `candidates` lists every type the
 * file could be (one = detected, several = ambiguous, none = unknown); `reason` says why, for messages;
 * `syntax` is set when the file should be JSON (`.json`, or no YAML/Protobuf look) but is not.
 */
export interface Detection {
  readonly candidates: readonly SchemaType[];
  readonly reason: string;
  readonly syntax?: ContractError;
}

/** Avro `type` values JSON Schema does not have. */
const AVRO_ONLY_TYPES = new Set(["record", "error", "enum", "fixed", "map", "int", "long", "float", "double", "bytes"]);
/** JSON Schema `type` values Avro does not have. */
const JSON_ONLY_TYPES = new Set(["object", "integer", "number"]);
/** Keys only Avro schemas use. */
const AVRO_KEYS = ["fields", "symbols", "values", "namespace", "aliases", "logicalType", "size"];
/** JSON Schema keywords (validation and applicators) that no Avro schema uses. */
const JSON_KEYS = [
  "$schema", "$id", "$ref", "$defs", "definitions", "properties", "patternProperties", "additionalProperties",
  "required", "allOf", "anyOf", "oneOf", "not", "const", "enum", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "prefixItems",
  "contains", "propertyNames", "dependentRequired", "dependentSchemas", "unevaluatedProperties", "if", "then", "else",
  "multipleOf", "minProperties", "maxProperties", "$anchor", "$dynamicRef",
];

/** A top-level `asyncapi:` key in YAML (column 0) or `"asyncapi":` in JSON. */
const ASYNCAPI_KEY = /^(?:asyncapi|["']asyncapi["'])\s*:/m;
/** A `.proto` file's first statements. */
const PROTO_LOOK = /^\s*(?:syntax|edition)\s*=\s*["']|^\s*(?:package|message|import|enum|service)\s+[\w."]/m;

const detected = (type: SchemaType, reason: string): Detection => ({ candidates: [type], reason });
const unknown = (reason: string): Detection => ({ candidates: [], reason });

/**
 * The schema type of a JSON value: an object with `asyncapi` → ASYNCAPI; Avro signals (a `type` of
 * record/enum/fixed/map/int/long/…, `fields`, `symbols`, a string `items`, a string or array document) →
 * AVRO; JSON Schema signals (`$schema`, `properties`, `required`, `$ref`, a `type` of object/integer/number,
 * a boolean document) → JSON; both or neither (`{"type": "string"}` reads as either) → ambiguous: only
 * parsing tells (`charter check` parses with each candidate).
 */
export function classifyJson(value: JsonValue): Detection {
  if (typeof value === "string") return detected("AVRO", "a JSON string is an Avro type name");
  if (Array.isArray(value)) return detected("AVRO", "a JSON array is an Avro union");
  if (typeof value === "boolean") return detected("JSON", "a boolean is a JSON Schema");
  if (value === null || typeof value !== "object") return unknown("a JSON number or null is no schema");
  if (typeof value["asyncapi"] === "string") return detected("ASYNCAPI", "it has an `asyncapi` key");
  const type = value["type"];
  const avro: string[] = AVRO_KEYS.filter((k) => k in value);
  if (typeof type === "string" && AVRO_ONLY_TYPES.has(type)) avro.push(`type ${type}`);
  if (type !== null && typeof type === "object" && !Array.isArray(type)) avro.push("a nested type");
  if (typeof value["items"] === "string") avro.push("a string items");
  const json: string[] = JSON_KEYS.filter((k) => k in value);
  if (typeof type === "string" && JSON_ONLY_TYPES.has(type)) json.push(`type ${type}`);
  if (avro.length > 0 && json.length === 0) return detected("AVRO", `it has Avro ${avro.join(", ")}`);
  if (json.length > 0 && avro.length === 0) return detected("JSON", `it has JSON Schema ${json.join(", ")}`);
  if (avro.length > 0) return { candidates: ["AVRO", "JSON"], reason: `it mixes Avro (${avro.join(", ")}) and JSON Schema (${json.join(", ")})` };
  return { candidates: ["AVRO", "JSON"], reason: "nothing in it is only Avro or only JSON Schema" };
}

/**
 * Detects a file's schema type from its name and text, without parsing it as a schema:
 * `.proto` → PROTOBUF; `.avsc` → AVRO; `.yaml`/`.yml` → ASYNCAPI when a top-level `asyncapi:` key is
 * there (else unknown); anything else is read as JSON and classified by {@link classifyJson}; text that is
 * not JSON is ASYNCAPI when it has a top-level `asyncapi:` key, PROTOBUF when it looks like a `.proto`,
 * and otherwise a syntax error (`.json`) or unknown.
 */
export function detectFormat(fileName: string, text: string): Detection {
  const ext = extname(fileName).toLowerCase();
  if (ext === ".proto") return detected("PROTOBUF", "the .proto extension");
  if (ext === ".avsc") return detected("AVRO", "the .avsc extension");
  if (ext === ".yaml" || ext === ".yml") {
    return ASYNCAPI_KEY.test(text) ? detected("ASYNCAPI", "its top-level `asyncapi:` key") : unknown("a YAML file without a top-level `asyncapi:` key");
  }
  const json = parseJson(text);
  if (json.ok) return classifyJson(json.value);
  if (ASYNCAPI_KEY.test(text)) return detected("ASYNCAPI", "its top-level `asyncapi:` key");
  if (ext !== ".json" && PROTO_LOOK.test(text)) return detected("PROTOBUF", "it reads like a .proto file");
  if (ext === ".json") return { candidates: [], reason: "it is not valid JSON", syntax: json.error };
  return unknown("it is neither JSON, YAML with an `asyncapi:` key, nor a .proto file");
}

/**
 * The outcome of {@link combineDetections}: the one type, or why there is none — with the types both files
 * could still be (`candidates`, several when the look is ambiguous; the caller may settle that by parsing) and
 * what each file looked like (`reason`).
 */
export type CombinedDetection =
  | { readonly ok: true; readonly type: SchemaType }
  | { readonly ok: false; readonly message: string; readonly candidates: readonly SchemaType[]; readonly reason: string };

/**
 * The type both files share: the intersection of their candidates must hold exactly one type (so an
 * ambiguous old file `{"type":"string"}` goes with a new one that has `$schema`). Otherwise a message
 * naming the files, what each looked like, and `--format`.
 */
export function combineDetections(files: ReadonlyArray<{ readonly name: string; readonly detection: Detection }>): CombinedDetection {
  const hint = "; pass --format avro|json|protobuf|asyncapi";
  for (const f of files) {
    if (f.detection.candidates.length === 0) return { ok: false, message: `cannot detect the format of ${f.name}: ${f.detection.reason}${hint}`, candidates: [], reason: f.detection.reason };
  }
  const common = files.reduce<readonly SchemaType[]>((acc, f) => acc.filter((t) => f.detection.candidates.includes(t)), ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"]);
  if (common.length === 1) return { ok: true, type: common[0]! };
  const distinct = files.filter((f, i) => files.findIndex((g) => g.name === f.name) === i);
  const described = distinct.map((f) => `${f.name} looks like ${f.detection.candidates.join(" or ")} (${f.detection.reason})`).join(", ");
  const reason = distinct.map((f) => f.detection.reason).join("; ");
  return { ok: false, message: `${common.length === 0 ? "the files disagree on their format" : "the format is ambiguous"}: ${described}${hint}`, candidates: common, reason };
}
