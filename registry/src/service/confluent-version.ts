import { contractKey, mergeMetadata, type SchemaMetadata, type SchemaRuleSet } from "../metadata.js";

/**
 * The metadata property holding a version's own number (Confluent `KafkaSchemaRegistry.CONFLUENT_VERSION`, 7.5+).
 * The registry writes it; a client sends it to name the version it means.
 */
export const CONFLUENT_VERSION = "confluent:version";

/**
 * The number in `metadata.properties["confluent:version"]`, or `undefined` when the property is absent or not an
 * int32 (Confluent `Metadata.getConfluentVersionNumber`).
 */
export function confluentVersionNumber(metadata: SchemaMetadata | undefined): number | undefined {
  const value = metadata?.properties?.[CONFLUENT_VERSION];
  if (value === undefined || !/^[-+]?\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : undefined;
}

/** Whether `metadata` has the `confluent:version` property at all (whatever its value). */
export function hasConfluentVersion(metadata: SchemaMetadata | undefined): boolean {
  return metadata?.properties?.[CONFLUENT_VERSION] !== undefined;
}

/** `metadata` with `confluent:version` set to `version` (Confluent `Metadata.setConfluentVersion`: a merge). */
export function withConfluentVersion(metadata: SchemaMetadata | undefined, version: number): SchemaMetadata | undefined {
  return mergeMetadata(metadata, { properties: { [CONFLUENT_VERSION]: String(version) } });
}

/**
 * `metadata` without `confluent:version` (Confluent `Metadata.removeConfluentVersion`); a metadata left empty is
 * no metadata, as Charter stores it.
 */
export function withoutConfluentVersion(metadata: SchemaMetadata | undefined): SchemaMetadata | undefined {
  if (!hasConfluentVersion(metadata)) return metadata;
  const properties = Object.fromEntries(Object.entries(metadata!.properties!).filter(([k]) => k !== CONFLUENT_VERSION));
  const out: { tags?: SchemaMetadata["tags"]; properties?: Record<string, string>; sensitive?: SchemaMetadata["sensitive"] } = {};
  if (metadata!.tags !== undefined) out.tags = metadata!.tags;
  if (Object.keys(properties).length > 0) out.properties = properties;
  if (metadata!.sensitive !== undefined) out.sensitive = metadata!.sensitive;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The data-contract half of a schema a lookup compares: its metadata and rule set. */
export interface Contract {
  readonly metadata?: SchemaMetadata;
  readonly ruleSet?: SchemaRuleSet;
}

/**
 * Whether a schema sent with contract `current` finds a stored version (contract `stored`, number `version`) of
 * the same text and references, `confluent:version` aside — Confluent `AbstractSchemaProvider
 * .canLookupIgnoringVersion`: when only the stored version carries `confluent:version`, it is ignored; when only
 * the request carries it, it must equal the version's number and is then ignored; otherwise the contracts must
 * be equal.
 */
export function canLookupIgnoringVersion(current: Contract, stored: Contract, version: number): boolean {
  const currentVersion = confluentVersionNumber(current.metadata);
  const storedVersion = confluentVersionNumber(stored.metadata);
  if (currentVersion === undefined && storedVersion !== undefined) {
    return contractKey(current.metadata, current.ruleSet) === contractKey(withoutConfluentVersion(stored.metadata), stored.ruleSet);
  }
  if (currentVersion !== undefined && storedVersion === undefined) {
    if (currentVersion !== version) return false;
    return contractKey(withoutConfluentVersion(current.metadata), current.ruleSet) === contractKey(stored.metadata, stored.ruleSet);
  }
  return contractKey(current.metadata, current.ruleSet) === contractKey(stored.metadata, stored.ruleSet);
}
