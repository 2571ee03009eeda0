import type { SchemaMetadata } from "../metadata.js";

/**
 * The properties `GET /subjects/{s}/metadata?key=k1&value=v1&key=k2&value=v2` asks for (Confluent
 * `SubjectsResource.getLatestWithMetadata`): the i-th `key` with the i-th `value`, as many pairs as the shorter
 * list has; a key given twice keeps its last value (a `HashMap` filled in order).
 */
export function metadataQuery(keys: readonly string[], values: readonly string[]): ReadonlyMap<string, string> {
  const pairs = new Map<string, string>();
  for (let i = 0; i < Math.min(keys.length, values.length); i++) pairs.set(keys[i]!, values[i]!);
  return pairs;
}

/**
 * Whether a version's `metadata.properties` holds every pair of `query` (Confluent
 * `KafkaSchemaRegistry.getLatestWithMetadata`: `props.entrySet().containsAll(metadata.entrySet())`). A version
 * without properties matches nothing, not even an empty query.
 */
export function hasProperties(metadata: SchemaMetadata | undefined, query: ReadonlyMap<string, string>): boolean {
  const properties = metadata?.properties;
  if (properties === undefined) return false;
  for (const [key, value] of query) {
    if (!Object.hasOwn(properties, key) || properties[key] !== value) return false;
  }
  return true;
}
