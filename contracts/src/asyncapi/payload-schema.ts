import { pointer, type JsonValue } from "../json-text.js";
import type { PayloadFormat } from "./model.js";

/** The parser's marker for a payload a schema parser converted (AsyncAPI parser-js `constants.ts`). */
export const ORIGINAL_PAYLOAD = "x-parser-original-payload";
/** The Avro schema parser keeps the Avro Kafka key here before converting it (avro-schema-parser `parse`). */
export const ORIGINAL_KAFKA_KEY = "x-parser-original-bindings-kafka-key";

/** Most JSON nodes one schema may expand to once `$ref`s are inlined (guards against exponential DAGs). */
const MAX_SCHEMA_NODES = 200_000;

/**
 * The default `schemaFormat` of a document (AsyncAPI 2.6/3.0 §Schema Object / Multi Format Schema Object):
 * `application/vnd.aai.asyncapi;version=<asyncapi>`.
 */
export function defaultSchemaFormat(version: string): string {
  return `application/vnd.aai.asyncapi;version=${version}`;
}

/**
 * Which engine reads a `schemaFormat` mime type (AsyncAPI 3.0 §Multi Format Schema Object table): AsyncAPI
 * Schema and JSON Schema → `json`; `application/vnd.apache.avro…` → `avro`; `application/vnd.google.protobuf…`
 * → `protobuf`; anything else (RAML, OpenAPI) → `other`. Case-insensitive, parameters ignored.
 */
export function payloadFormatOf(schemaFormat: string): PayloadFormat {
  const mime = schemaFormat.split(";")[0]!.trim().toLowerCase();
  if (mime.startsWith("application/vnd.aai.asyncapi") || mime === "application/schema+json" || mime === "application/schema+yaml") {
    return "json";
  }
  if (mime.startsWith("application/vnd.apache.avro")) return "avro";
  if (mime.startsWith("application/vnd.google.protobuf")) return "protobuf";
  return "other";
}

/** `$schema` URI for a `application/schema+json;version=draft-XX` format; `undefined` keeps the engine default. */
export function jsonSchemaDialect(schemaFormat: string): string | undefined {
  const version = /version=([^;]+)/i.exec(schemaFormat)?.[1]?.trim().toLowerCase();
  if (!schemaFormat.toLowerCase().startsWith("application/schema+")) return undefined;
  switch (version) {
    case "draft-04":
      return "http://json-schema.org/draft-04/schema#";
    case "draft-06":
      return "http://json-schema.org/draft-06/schema#";
    case "2019-09":
      return "https://json-schema.org/draft/2019-09/schema";
    case "2020-12":
      return "https://json-schema.org/draft/2020-12/schema";
    default:
      return undefined;
  }
}

/** The parser's name of a schema: its `components.schemas` key, or `<anonymous-schema-N>` (parser-js `anonymous-naming`). */
const SCHEMA_ID = "x-parser-schema-id";

/** Thrown inside {@link plainSchema} when a schema expands past the node budget; caught by the model builder. */
export class SchemaTooLarge extends Error {}

/**
 * Copies a resolved schema into plain JSON for a format engine: drops the parser's `x-parser-*` annotations
 * and turns each back-edge of a cycle (the parser resolves circular `$ref`s into object cycles) into a local
 * `{"$ref": "#/…"}` to the ancestor, so the result is finite and self-contained. Shared (acyclic) sub-objects
 * are copied at each use. Throws {@link SchemaTooLarge} past 200 000 nodes. When `names` is given, it receives
 * the JSON Pointer (in the copy) of every schema the parser named after its `components.schemas` key.
 */
export function plainSchema(value: unknown, names?: Map<string, string>): JsonValue {
  let budget = MAX_SCHEMA_NODES;
  const onPath = new Map<object, string>();
  const copy = (v: unknown, at: string): JsonValue => {
    if (--budget < 0) throw new SchemaTooLarge(`schema expands to more than ${MAX_SCHEMA_NODES} nodes`);
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    if (typeof v !== "object") return null;
    const seen = onPath.get(v);
    if (seen !== undefined) return { $ref: `#${seen}` };
    onPath.set(v, at);
    try {
      if (Array.isArray(v)) return v.map((item, i) => copy(item, pointer(at, i)));
      const out: { [key: string]: JsonValue } = {};
      const id = (v as Record<string, unknown>)[SCHEMA_ID];
      if (names && typeof id === "string" && !id.startsWith("<anonymous")) names.set(at, id);
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (k.startsWith("x-parser-") || child === undefined) continue;
        out[k] = copy(child, pointer(at, k));
      }
      return out;
    } finally {
      onPath.delete(v);
    }
  };
  return copy(value, "");
}

