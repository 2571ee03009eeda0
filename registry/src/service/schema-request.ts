import { Errors, failure, success, type Outcome } from "../errors.js";
import { parseMetadata, parseRuleSet, type SchemaMetadata, type SchemaRuleSet } from "../metadata.js";
import { MAX_VERSION } from "./version-spec.js";

/** A reference as a client sends it; `version` -1 means the referenced subject's latest version. */
export interface ReferenceRequest {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/**
 * A validated register / lookup / compatibility request body. Confluent `RegisterSchemaRequest`: `schema`
 * (text), `schemaType` (default AVRO), `references`, `metadata` and `ruleSet` (data contracts; part of the
 * schema's identity), `id` (only honoured in IMPORT mode) and `version`. Other fields (`schemaTagsToAdd`, …)
 * are accepted and ignored, so newer clients work.
 */
export interface SchemaRequest {
  readonly schema: string;
  readonly schemaType: string;
  readonly references: readonly ReferenceRequest[];
  /** Confluent `metadata`; absent when the body has none (or an empty one). */
  readonly metadata?: SchemaMetadata;
  /** Confluent `ruleSet`; absent when the body has none (or an empty one). */
  readonly ruleSet?: SchemaRuleSet;
  /** Explicit id (IMPORT mode); absent when the body has none, null, or a value ≤ 0 (clients send -1/0). */
  readonly id?: number;
  /**
   * Explicit version (Confluent `RegisterSchemaRequest.version`): in IMPORT the version to write; outside it, the
   * version the registration must become (the next one, else 42201). Absent when the body has none, null, 0 or a
   * negative value.
   */
  readonly version?: number;
  /** `version: -1`: "the latest version" — a registration answered by the latest version when it holds the schema. */
  readonly latestVersion?: boolean;
}

/** Options for {@link parseSchemaRequest}. */
export interface SchemaRequestOptions {
  /** Largest schema text accepted, in UTF-8 bytes; larger → 42209. */
  readonly maxSchemaBytes: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `a number`, `an object`, `an array`, … — how a message names the JSON type a client sent. */
function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return typeof value === "number" || typeof value === "boolean" ? `a ${typeof value} (${String(value)})` : `a ${typeof value}`;
}

function optionalPositiveInt(value: unknown, field: string): Outcome<number | undefined> {
  if (value === undefined || value === null) return success(undefined);
  if (typeof value !== "number" || !Number.isInteger(value) || value > MAX_VERSION) {
    return failure(Errors.invalidSchema(`'${field}' must be an integer`));
  }
  return success(value > 0 ? value : undefined);
}

/**
 * Validates a parsed JSON body into a {@link SchemaRequest}. Errors: 42201 for a missing, non-string (the message
 * names the JSON type sent) or empty `schema`, a non-string `schemaType`, malformed `references` or a non-integer
 * `id`/`version`; 422 for a malformed `metadata`, 42210 for an invalid `ruleSet`; 42209 when the schema text is
 * larger than `maxSchemaBytes`. The schema type is upper-cased (Confluent accepts `avro`).
 */
export function parseSchemaRequest(body: unknown, options: SchemaRequestOptions): Outcome<SchemaRequest> {
  if (!isRecord(body)) return failure(Errors.invalidSchema("The request body must be a JSON object with a 'schema' field"));
  const { schema, schemaType, references } = body;
  if (schema === undefined || schema === null) {
    return failure(Errors.invalidSchema("Missing schema: the request body needs a 'schema' field holding the schema text as a string"));
  }
  if (typeof schema !== "string") {
    return failure(
      Errors.invalidSchema(`The 'schema' field must be a string holding the schema text (JSON-encoded for Avro and JSON Schema), not ${describeJsonType(schema)}`),
    );
  }
  if (schema.length === 0) return failure(Errors.invalidSchema("Empty schema: the 'schema' field must be a non-empty string"));
  if (Buffer.byteLength(schema, "utf8") > options.maxSchemaBytes) {
    return failure(Errors.schemaTooLarge(options.maxSchemaBytes));
  }
  if (schemaType !== undefined && schemaType !== null && typeof schemaType !== "string") {
    return failure(Errors.invalidSchema("'schemaType' must be a string"));
  }
  const refs: ReferenceRequest[] = [];
  if (references !== undefined && references !== null) {
    if (!Array.isArray(references)) return failure(Errors.invalidSchema("'references' must be an array"));
    for (const [i, r] of references.entries()) {
      if (
        !isRecord(r) ||
        typeof r.name !== "string" ||
        r.name === "" ||
        typeof r.subject !== "string" ||
        r.subject === "" ||
        typeof r.version !== "number" ||
        !Number.isInteger(r.version) ||
        r.version > MAX_VERSION ||
        (r.version < 1 && r.version !== -1)
      ) {
        return failure(
          Errors.invalidSchema(`Invalid reference at index ${i}: expected {name, subject, version} with version ≥ 1 or -1`),
        );
      }
      refs.push({ name: r.name, subject: r.subject, version: r.version });
    }
  }
  const id = optionalPositiveInt(body.id, "id");
  if (!id.ok) return id;
  const version = optionalPositiveInt(body.version, "version");
  if (!version.ok) return version;
  const metadata = parseMetadata(body.metadata);
  if (!metadata.ok) return metadata;
  const ruleSet = parseRuleSet(body.ruleSet);
  if (!ruleSet.ok) return ruleSet;
  return success({
    schema,
    schemaType: typeof schemaType === "string" && schemaType !== "" ? schemaType.toUpperCase() : "AVRO",
    references: refs,
    ...(metadata.value !== undefined ? { metadata: metadata.value } : {}),
    ...(ruleSet.value !== undefined ? { ruleSet: ruleSet.value } : {}),
    ...(id.value !== undefined ? { id: id.value } : {}),
    ...(version.value !== undefined ? { version: version.value } : {}),
    ...(body.version === -1 ? { latestVersion: true } : {}),
  });
}
