import { createHash } from "node:crypto";
import type { StoredSchema } from "../storage/storage.js";

const byGuid = new WeakMap<StoredSchema, string>();

/**
 * A schema's GUID (Confluent 8.x `Schema.getGuid`): the MD5 of its content, written as a UUID from the digest's
 * 16 bytes (`new UUID(msb, lsb)`, no version bits set). Confluent hashes its canonical text, references,
 * metadata and rule set (`MD5.ofSchema`); Charter hashes the same content through the schema's stored identity —
 * type, canonical-form fingerprint, references and `contractKey` (metadata and rule set) — so identical schemas
 * share a GUID, every instance and every restart computes the same one, and nothing extra is stored. Cached per
 * stored schema (immutable).
 */
export function schemaGuid(schema: StoredSchema): string {
  let guid = byGuid.get(schema);
  if (guid === undefined) {
    const hex = createHash("md5")
      .update(`${schema.schemaType}\u0000${schema.fingerprint}\u0000${schema.referencesKey}\u0000${schema.contractKey}`)
      .digest("hex");
    guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    byGuid.set(schema, guid);
  }
  return guid;
}

/**
 * A GUID path segment in the form {@link schemaGuid} writes, or `undefined` when it is not a GUID. Confluent
 * `MD5.fromString` reads a UUID or 32 hex digits; both are accepted, in any case.
 */
export function parseGuid(text: string): string | undefined {
  const lower = text.toLowerCase();
  const hex = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower) ? lower.replaceAll("-", "") : /^[0-9a-f]{32}$/.test(lower) ? lower : undefined;
  if (hex === undefined) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
