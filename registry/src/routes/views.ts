import type { StoredSchema } from "../storage/storage.js";
import type { Registration, VersionedSchema } from "../service/registry-service.js";
import { schemaGuid } from "../service/schema-guid.js";

/**
 * Confluent's optional `Schema` fields: `schemaType` (omitted for AVRO, the default), `references`, `metadata`
 * and `ruleSet` (omitted when empty).
 */
function optionalFields(schema: StoredSchema): Record<string, unknown> {
  return {
    ...(schema.schemaType !== "AVRO" ? { schemaType: schema.schemaType } : {}),
    ...(schema.references.length > 0 ? { references: schema.references } : {}),
    ...(schema.metadata !== undefined ? { metadata: schema.metadata } : {}),
    ...(schema.ruleSet !== undefined ? { ruleSet: schema.ruleSet } : {}),
  };
}

/**
 * `GET /schemas/ids/{id}` and `GET /schemas/guids/{guid}` body: `{schema, schemaType?, references?, metadata?,
 * ruleSet?, guid}`, the text exactly as stored (Confluent 8.x answers the schema's `guid` with it).
 */
export function schemaByIdView(schema: StoredSchema): Record<string, unknown> {
  return { schema: schema.text, ...optionalFields(schema), guid: schemaGuid(schema) };
}

const byIdJson = new WeakMap<StoredSchema, string>();

/**
 * {@link schemaByIdView} serialized once per schema: the hot read path (`GET /schemas/ids/{id}`) then sends a
 * cached string. Stored schemas are immutable, so the cache never goes stale; it dies with the schema object.
 */
export function schemaByIdJson(schema: StoredSchema): string {
  let json = byIdJson.get(schema);
  if (json === undefined) {
    json = JSON.stringify(schemaByIdView(schema));
    byIdJson.set(schema, json);
  }
  return json;
}

/**
 * A subject version as Confluent's `Schema` entity: `{subject, version, id, guid, schemaType?, references?,
 * metadata?, ruleSet?, schema}` (`guid` as Confluent 8.x `Schema.getGuid` always answers it).
 */
export function versionView(v: VersionedSchema): Record<string, unknown> {
  return {
    subject: v.version.subject,
    version: v.version.version,
    id: v.schema.id,
    guid: schemaGuid(v.schema),
    ...optionalFields(v.schema),
    schema: v.schema.text,
  };
}

/**
 * `POST /subjects/{s}/versions` answer: `{id, version}` (classic Confluent `{id}`, plus `version` as CP 8 adds),
 * with `metadata` and `ruleSet` when the stored version has them (CP 7.4+ answers them, so clients see the
 * defaults and overrides the config merged in).
 */
export function registrationView(r: Registration): Record<string, unknown> {
  return {
    id: r.id,
    version: r.version,
    ...(r.schema.metadata !== undefined ? { metadata: r.schema.metadata } : {}),
    ...(r.schema.ruleSet !== undefined ? { ruleSet: r.schema.ruleSet } : {}),
    // Charter extension: lint findings that did not refuse the schema (subject config `lint`).
    ...(r.lint !== undefined && r.lint.length > 0 ? { lint: r.lint.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, path: f.path, ...(f.line !== undefined ? { line: f.line } : {}) })) } : {}),
  };
}
