/**
 * The JSON Schema engine's rule catalogue: every `Violation.rule` the compatibility walk can report, with what
 * it means, the usual fix (`Violation.hint`), and whether Karapace's conventions report it too. Rule names are
 * Confluent's `io.confluent.kafka.schemaregistry.json.diff.Difference.Type` where Confluent has one; the rest
 * (format, propertyNames, contains, if/then/else, unevaluated*, limits) are Charter's, named in the same style.
 * `docs/compatibility.md` is generated from this list (`scripts/compatibility-doc.ts`).
 */
import type { Violation } from "../format.js";

/** One rule: a change kind that stops the reader from reading the writer's data (under some policy). */
export interface JsonSchemaRule {
  readonly rule: string;
  /** The change, in one line, reader = new schema for BACKWARD. */
  readonly change: string;
  /** The usual fix, one sentence. */
  readonly hint: string;
  /**
   * Which peer defines the rule: `confluent` (a `Difference.Type`), `charter` (a keyword Confluent and
   * Karapace do not compare), `limit` (a bound on the check itself).
   */
  readonly source: "confluent" | "charter" | "limit";
  /** Reported under the KARAPACE policy too (Karapace's checks.py has the rule or an equivalent). */
  readonly karapace: boolean;
}

const R = (rule: string, change: string, hint: string, source: JsonSchemaRule["source"] = "confluent", karapace = true): JsonSchemaRule => ({ rule, change, hint, source, karapace });

/** Every rule the walk reports, in the order docs/compatibility.md lists them. */
export const JSON_SCHEMA_RULES: readonly JsonSchemaRule[] = [
  R("TYPE_CHANGED", "the type changed to one that does not accept the old values", "keep the old type, or add the new one beside it with anyOf / a type array"),
  R("TYPE_NARROWED", "number became integer", "keep `number`, or make the change in a new subject"),
  R("ENUM_ARRAY_NARROWED", "enum (or const) lost values, or was added", "keep every old value in the enum"),
  R("MAX_LENGTH_ADDED", "maxLength added", "drop the new maxLength, or validate it in the application instead"),
  R("MAX_LENGTH_DECREASED", "maxLength decreased", "keep maxLength at least as large as before"),
  R("MIN_LENGTH_ADDED", "minLength added", "drop the new minLength, or validate it in the application instead"),
  R("MIN_LENGTH_INCREASED", "minLength increased", "keep minLength no larger than before"),
  R("PATTERN_ADDED", "pattern added", "drop the new pattern, or validate it in the application instead"),
  R("PATTERN_CHANGED", "pattern changed (regex inclusion is not decided: any change counts)", "keep the old pattern; widen it only by removing it"),
  R("FORMAT_ADDED", "format added (values of other formats were valid)", "drop the new format, or validate it in the application instead", "charter", false),
  R("FORMAT_CHANGED", "format changed", "keep the old format", "charter", false),
  R("MAXIMUM_ADDED", "maximum added", "drop the new maximum"),
  R("MAXIMUM_DECREASED", "maximum decreased", "keep the maximum at least as large as before"),
  R("MINIMUM_ADDED", "minimum added", "drop the new minimum"),
  R("MINIMUM_INCREASED", "minimum increased", "keep the minimum no larger than before"),
  R("EXCLUSIVE_MAXIMUM_ADDED", "exclusiveMaximum added", "drop the new exclusiveMaximum"),
  R("EXCLUSIVE_MAXIMUM_DECREASED", "exclusiveMaximum decreased", "keep the bound at least as large as before"),
  R("EXCLUSIVE_MINIMUM_ADDED", "exclusiveMinimum added", "drop the new exclusiveMinimum"),
  R("EXCLUSIVE_MINIMUM_INCREASED", "exclusiveMinimum increased", "keep the bound no larger than before"),
  R("MULTIPLE_OF_ADDED", "multipleOf added", "drop the new multipleOf"),
  R("MULTIPLE_OF_EXPANDED", "multipleOf became a multiple of the old one", "use a divisor of the old multipleOf"),
  R("MULTIPLE_OF_CHANGED", "multipleOf changed to a value that does not divide the old one", "use a divisor of the old multipleOf"),
  R("REQUIRED_ATTRIBUTE_ADDED", "an existing property became required", "give the property a default, or keep it optional"),
  R("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "a new required property (old data does not have it)", "make the new property optional, or give it a default"),
  R("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "a property added to an open content model (old data may hold any value under that name)", "close the content model (additionalProperties: false), or use the LENIENT policy"),
  R("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "a property added whose schema does not accept what the old patternProperties/additionalProperties allowed under that name", "give the property a schema that accepts what the old additionalProperties/patternProperties allowed, or use the LENIENT policy"),
  R("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "a property removed from a closed content model (old data with it is now refused)", "keep the property (it may be deprecated), or open the content model"),
  R("PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "a property removed that the new patternProperties/additionalProperties do not accept", "keep the property, or widen additionalProperties/patternProperties to accept it, or use the LENIENT policy"),
  R("ADDITIONAL_PROPERTIES_REMOVED", "additionalProperties became false", "keep additionalProperties open, or use the LENIENT policy"),
  R("ADDITIONAL_PROPERTIES_NARROWED", "additionalProperties gained a schema", "keep additionalProperties unconstrained, or use the LENIENT policy"),
  R("DEPENDENCY_ARRAY_ADDED", "a property dependency (dependencies / dependentRequired) added", "drop the new dependency"),
  R("DEPENDENCY_ARRAY_EXTENDED", "a property dependency requires more properties", "keep the old list of dependent properties"),
  R("DEPENDENCY_SCHEMA_ADDED", "a schema dependency (dependencies / dependentSchemas) added", "drop the new schema dependency"),
  R("MAX_PROPERTIES_ADDED", "maxProperties added", "drop the new maxProperties"),
  R("MAX_PROPERTIES_DECREASED", "maxProperties decreased", "keep maxProperties at least as large as before"),
  R("MIN_PROPERTIES_ADDED", "minProperties added", "drop the new minProperties"),
  R("MIN_PROPERTIES_INCREASED", "minProperties increased", "keep minProperties no larger than before"),
  R("PROPERTY_NAMES_ADDED", "propertyNames added", "drop the new propertyNames constraint", "charter", false),
  R("PROPERTY_NAMES_NARROWED", "propertyNames no longer accepts every old name", "widen propertyNames to accept the old names", "charter", false),
  R("UNEVALUATED_PROPERTIES_REMOVED", "unevaluatedProperties became false", "keep unevaluatedProperties open, or declare the properties old data has", "charter"),
  R("UNEVALUATED_PROPERTIES_NARROWED", "unevaluatedProperties gained a schema", "keep unevaluatedProperties unconstrained", "charter"),
  R("ITEMS_ADDED", "items gained a schema where any item was allowed", "drop the new items schema", "charter"),
  R("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "a tuple position added where the old tuple allowed any value", "close the old tuple (additionalItems / items: false) first, or give the position an empty schema"),
  R("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "a tuple position added whose schema does not accept the old additionalItems", "give the position a schema that accepts the old additionalItems"),
  R("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", "a tuple position removed from a closed tuple", "keep the position, or allow additional items"),
  R("ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "a tuple position removed that the new additionalItems do not accept", "keep the position, or widen additionalItems to accept it"),
  R("ADDITIONAL_ITEMS_REMOVED", "additionalItems (2020-12: items after prefixItems) became false", "keep additional items allowed"),
  R("ADDITIONAL_ITEMS_NARROWED", "additionalItems gained a schema", "keep additionalItems unconstrained"),
  R("UNEVALUATED_ITEMS_REMOVED", "unevaluatedItems became false", "keep unevaluatedItems open", "charter"),
  R("UNEVALUATED_ITEMS_NARROWED", "unevaluatedItems gained a schema", "keep unevaluatedItems unconstrained", "charter"),
  R("MAX_ITEMS_ADDED", "maxItems added", "drop the new maxItems"),
  R("MAX_ITEMS_DECREASED", "maxItems decreased", "keep maxItems at least as large as before"),
  R("MIN_ITEMS_ADDED", "minItems added", "drop the new minItems"),
  R("MIN_ITEMS_INCREASED", "minItems increased", "keep minItems no larger than before"),
  R("UNIQUE_ITEMS_ADDED", "uniqueItems became true", "drop uniqueItems, or deduplicate in the application"),
  R("CONTAINS_ADDED", "contains added", "drop the new contains constraint", "charter", false),
  R("CONTAINS_NARROWED", "contains no longer accepts what the old one did", "widen contains to accept the old items", "charter", false),
  R("MIN_CONTAINS_INCREASED", "minContains increased", "keep minContains no larger than before", "charter", false),
  R("MAX_CONTAINS_DECREASED", "maxContains added or decreased", "keep maxContains at least as large as before", "charter", false),
  R("CONDITIONAL_CHANGED", "if/then/else changed", "keep the old conditions; add new conditions in a new subject", "charter", false),
  R("COMBINED_TYPE_CHANGED", "allOf/anyOf/oneOf changed to a criterion that accepts less (e.g. anyOf → oneOf)", "keep the old combinator, or use anyOf"),
  R("PRODUCT_TYPE_EXTENDED", "allOf gained a subschema", "drop the new allOf member"),
  R("SUM_TYPE_NARROWED", "anyOf/oneOf lost a subschema", "keep every old anyOf/oneOf member"),
  R("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "the allOf/anyOf/oneOf members cannot each be matched with a compatible old member", "change one member at a time, each in a compatible way"),
  R("NOT_TYPE_EXTENDED", "the `not` schema now excludes values it allowed", "keep the old `not` schema, or narrow it"),
  R("PATTERN_NOT_EVALUATED", "a patternProperties regex could not be run safely to decide coverage", "use a simpler pattern, or declare the property", "limit"),
  R("SCHEMA_TOO_DEEP", "the schemas nest too deeply to compare", "flatten the schema with $defs and $ref", "limit"),
  R("COMPATIBILITY_CHECK_TOO_COMPLEX", "the comparison exceeded its step budget", "split the schema, or reduce combinator fan-out", "limit"),
];

const BY_RULE: ReadonlyMap<string, JsonSchemaRule> = new Map(JSON_SCHEMA_RULES.map((r) => [r.rule, r]));

/** The catalogue entry of `rule`, if any. */
export function jsonSchemaRule(rule: string): JsonSchemaRule | undefined {
  return BY_RULE.get(rule);
}

/** `v` (and its causes) with `hint` filled from the catalogue where it has one. */
export function withHint(v: Violation): Violation {
  const hint = BY_RULE.get(v.rule)?.hint;
  const causes = v.causes?.map(withHint);
  return { ...v, ...(hint !== undefined && v.hint === undefined ? { hint } : {}), ...(causes ? { causes } : {}) };
}
