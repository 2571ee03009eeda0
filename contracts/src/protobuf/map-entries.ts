/**
 * The entry messages protoc synthesizes for map fields (`map<K, V> foo = n` declares a nested `FooEntry` with
 * `K key = 1; V value = 2;`). Option values decode a map field through them; buf's images hold them like any
 * other message, so buf pairs them by full name and runs the message and field rules on them (MESSAGE_SAME_JSON_FORMAT, FIELD_SAME_TYPE on `value` …); protocompile
 * gives the entry and its fields the source location of the map field (the type span for type findings).
 * Semantics: protobuf's `descriptor.proto` (MessageOptions.map_entry) and buf `bufprotosource`.
 */
import { emptyMessage, type ProtoField, type ProtoMessage } from "./ast.js";
import { mapEntryName } from "./names.js";

/**
 * The synthetic `key` (1) and `value` (2) fields of a map field's entry message, positioned on the map field
 * (where buf reports them, the entry having no source of its own).
 */
export function mapEntryFields(map: ProtoField): [ProtoField, ProtoField] {
  const base = { label: undefined, options: [], pos: map.pos, typePos: map.typePos, end: map.end };
  const key: ProtoField = { ...base, name: "key", number: 1, type: map.mapKey ?? "string", resolved: { kind: "scalar", name: map.mapKey ?? "string" } };
  const value: ProtoField = { ...base, name: "value", number: 2, type: map.type, ...(map.resolvedMapValue ? { resolved: map.resolvedMapValue } : {}) };
  return [key, value];
}

/**
 * The entry message of map field `map` declared in the message `parentFullName` (`parentFullName.FooEntry`),
 * placed on the map field.
 */
export function mapEntryMessage(parentFullName: string, map: ProtoField): ProtoMessage {
  const name = mapEntryName(map.name);
  return { ...emptyMessage(name, `${parentFullName}.${name}`, map.pos, false), fields: mapEntryFields(map), end: map.end };
}

/** The full name of a map field's entry message, as buf's `TypeName` of the map field (without the leading dot). */
export function mapEntryFullName(parentFullName: string, map: ProtoField): string {
  return `${parentFullName}.${mapEntryName(map.name)}`;
}
