import type { StoredSchema } from "../storage/storage.js";
import type { VersionedSchema } from "../service/registry-service.js";

/** Confluent's `schemaType`/`references` fields: omitted for AVRO (the default) and for no references. */
function typeAndReferences(schema: StoredSchema): Record<string, unknown> {
  return {
    ...(schema.schemaType !== "AVRO" ? { schemaType: schema.schemaType } : {}),
    ...(schema.references.length > 0 ? { references: schema.references } : {}),
  };
}

/** `GET /schemas/ids/{id}` body: `{schema, schemaType?, references?}`, the text exactly as stored. */
export function schemaByIdView(schema: StoredSchema): Record<string, unknown> {
  return { schema: schema.text, ...typeAndReferences(schema) };
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

/** A subject version as Confluent's `Schema` entity: `{subject, version, id, schemaType?, references?, schema}`. */
export function versionView(v: VersionedSchema): Record<string, unknown> {
  return {
    subject: v.version.subject,
    version: v.version.version,
    id: v.schema.id,
    ...typeAndReferences(v.schema),
    schema: v.schema.text,
  };
}
