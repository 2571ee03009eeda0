/**
 * buf's breaking rule categories (FILE, PACKAGE, WIRE, WIRE_JSON) per buf.yaml version, and the deprecated rule
 * ids buf replaces. Source: buf's rule specs (`bufcheck`), as listed in buf's rule-categories per config version.
 */

/** buf's breaking categories (CSR: v2 configs only, buf ≥ 1.54). */
export type BufCategory = "FILE" | "PACKAGE" | "WIRE" | "WIRE_JSON" | "CSR";

/** buf's WIRE category (v2 configs; see {@link bufCategoryRules} for other versions). Source: buf rule-categories. */
export const WIRE_RULES: readonly string[] = [
  "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
  "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
  "FIELD_SAME_DEFAULT",
  "FIELD_SAME_ONEOF",
  "FIELD_WIRE_COMPATIBLE_CARDINALITY",
  "FIELD_WIRE_COMPATIBLE_TYPE",
  "FILE_SAME_PACKAGE",
  "MESSAGE_SAME_REQUIRED_FIELDS",
  "RESERVED_ENUM_NO_DELETE",
  "RESERVED_MESSAGE_NO_DELETE",
  "RPC_SAME_CLIENT_STREAMING",
  "RPC_SAME_IDEMPOTENCY_LEVEL",
  "RPC_SAME_REQUEST_TYPE",
  "RPC_SAME_RESPONSE_TYPE",
  "RPC_SAME_SERVER_STREAMING",
];

/** buf's WIRE_JSON category (v2): WIRE plus the JSON-name and JSON-format rules. */
export const WIRE_JSON_RULES: readonly string[] = [
  ...WIRE_RULES.filter((r) => r !== "FIELD_WIRE_COMPATIBLE_CARDINALITY" && r !== "FIELD_WIRE_COMPATIBLE_TYPE"),
  "ENUM_SAME_JSON_FORMAT",
  "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
  "ENUM_VALUE_SAME_NAME",
  "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
  "FIELD_SAME_JSON_NAME",
  "FIELD_SAME_NAME",
  "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
  "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
  "MESSAGE_SAME_JSON_FORMAT",
];

/** Rules FILE and PACKAGE share (v2): every element-pair rule, the file values, and the deletions of values. */
const FILE_AND_PACKAGE: readonly string[] = [
  "ENUM_SAME_JSON_FORMAT",
  "ENUM_SAME_TYPE",
  "ENUM_VALUE_NO_DELETE",
  "ENUM_VALUE_SAME_NAME",
  "EXTENSION_MESSAGE_NO_DELETE",
  "FIELD_NO_DELETE",
  "FIELD_SAME_CARDINALITY",
  "FIELD_SAME_CPP_STRING_TYPE",
  "FIELD_SAME_DEFAULT",
  "FIELD_SAME_JAVA_UTF8_VALIDATION",
  "FIELD_SAME_JSON_NAME",
  "FIELD_SAME_JSTYPE",
  "FIELD_SAME_NAME",
  "FIELD_SAME_ONEOF",
  "FIELD_SAME_TYPE",
  "FIELD_SAME_UTF8_VALIDATION",
  "FILE_SAME_CC_ENABLE_ARENAS",
  "FILE_SAME_CC_GENERIC_SERVICES",
  "FILE_SAME_CSHARP_NAMESPACE",
  "FILE_SAME_GO_PACKAGE",
  "FILE_SAME_JAVA_GENERIC_SERVICES",
  "FILE_SAME_JAVA_MULTIPLE_FILES",
  "FILE_SAME_JAVA_OUTER_CLASSNAME",
  "FILE_SAME_JAVA_PACKAGE",
  "FILE_SAME_OBJC_CLASS_PREFIX",
  "FILE_SAME_OPTIMIZE_FOR",
  "FILE_SAME_PACKAGE",
  "FILE_SAME_PHP_CLASS_PREFIX",
  "FILE_SAME_PHP_METADATA_NAMESPACE",
  "FILE_SAME_PHP_NAMESPACE",
  "FILE_SAME_PY_GENERIC_SERVICES",
  "FILE_SAME_RUBY_PACKAGE",
  "FILE_SAME_SWIFT_PREFIX",
  "FILE_SAME_SYNTAX",
  "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
  "MESSAGE_SAME_JSON_FORMAT",
  "MESSAGE_SAME_REQUIRED_FIELDS",
  "ONEOF_NO_DELETE",
  "RESERVED_ENUM_NO_DELETE",
  "RESERVED_MESSAGE_NO_DELETE",
  "RPC_NO_DELETE",
  "RPC_SAME_CLIENT_STREAMING",
  "RPC_SAME_IDEMPOTENCY_LEVEL",
  "RPC_SAME_REQUEST_TYPE",
  "RPC_SAME_RESPONSE_TYPE",
  "RPC_SAME_SERVER_STREAMING",
];

/** buf's FILE category (v2; buf's default): deletions are checked per file, so moving an element between files breaks. */
export const FILE_RULES: readonly string[] = [...FILE_AND_PACKAGE, "ENUM_NO_DELETE", "EXTENSION_NO_DELETE", "FILE_NO_DELETE", "MESSAGE_NO_DELETE", "SERVICE_NO_DELETE"];

/** buf's PACKAGE category (v2): deletions are checked per package, so elements may move between its files. */
export const PACKAGE_RULES: readonly string[] = [
  ...FILE_AND_PACKAGE,
  "PACKAGE_ENUM_NO_DELETE",
  "PACKAGE_EXTENSION_NO_DELETE",
  "PACKAGE_MESSAGE_NO_DELETE",
  "PACKAGE_NO_DELETE",
  "PACKAGE_SERVICE_NO_DELETE",
];

/**
 * buf's CSR category (v2 only, buf ≥ 1.54): the checks the Buf Schema Registry runs on Confluent Schema Registry
 * subjects — WIRE_JSON plus the per-file deletions of elements and values and the type/syntax rules a Confluent
 * Protobuf deserializer depends on. Source: bufbuild/buf#3783 (the CSR category).
 */
export const CSR_RULES: readonly string[] = [
  ...WIRE_JSON_RULES,
  "ENUM_NO_DELETE",
  "ENUM_VALUE_NO_DELETE",
  "EXTENSION_MESSAGE_NO_DELETE",
  "FIELD_NO_DELETE",
  "FIELD_SAME_TYPE",
  "FILE_NO_DELETE",
  "FILE_SAME_SYNTAX",
  "MESSAGE_NO_DELETE",
  "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
  "ONEOF_NO_DELETE",
];

/**
 * Deprecated rule ids and the rules buf runs in their place (an empty list: accepted, checks nothing, as for
 * `php_generic_services`, which protobuf removed).
 */
export const REPLACED_RULES: Readonly<Record<string, readonly string[]>> = {
  FIELD_SAME_LABEL: ["FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"],
  FIELD_SAME_CTYPE: ["FIELD_SAME_CPP_STRING_TYPE"],
  FILE_SAME_JAVA_STRING_CHECK_UTF8: ["FIELD_SAME_JAVA_UTF8_VALIDATION"],
  FILE_SAME_PHP_GENERIC_SERVICES: [],
};

/** buf rule ids accepted outside the categories: the deprecated ids and MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT. */
export const EXTRA_RULES: readonly string[] = [...Object.keys(REPLACED_RULES), "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT"];

/**
 * The rules of a buf category for a buf.yaml version. v2 is {@link FILE_RULES} etc.; v1 lacks FIELD_SAME_DEFAULT
 * and the extension deletions; v1beta1 also keeps FILE_SAME_PACKAGE in FILE only, and its WIRE/WIRE_JSON use
 * FIELD_SAME_CARDINALITY/FIELD_SAME_TYPE instead of the wire-compatible type rule. CSR exists in v2 only: for
 * an older version it is an empty list (buf refuses the id there; {@link isBufCategory} callers should say so).
 * Source: buf `bufcheck` rule specs per version.
 */
export function bufCategoryRules(category: BufCategory, version: "v1beta1" | "v1" | "v2" = "v2"): string[] {
  if (category === "CSR") return version === "v2" ? [...CSR_RULES] : [];
  const v2 = { FILE: FILE_RULES, PACKAGE: PACKAGE_RULES, WIRE: WIRE_RULES, WIRE_JSON: WIRE_JSON_RULES }[category];
  if (version === "v2") return [...v2];
  const v1 = v2.filter((r) => r !== "FIELD_SAME_DEFAULT" && r !== "EXTENSION_NO_DELETE" && r !== "PACKAGE_EXTENSION_NO_DELETE");
  if (version === "v1" || category === "FILE") return v1;
  const v1beta1 = v1.filter((r) => r !== "FILE_SAME_PACKAGE");
  if (category === "PACKAGE") return v1beta1;
  const dropped = category === "WIRE" ? "FIELD_WIRE_COMPATIBLE_TYPE" : "FIELD_WIRE_JSON_COMPATIBLE_TYPE";
  return [...v1beta1.filter((r) => r !== dropped), "FIELD_SAME_CARDINALITY", "FIELD_SAME_TYPE"];
}

/** buf's breaking categories, as buf.yaml names them. */
const CATEGORIES: ReadonlySet<string> = new Set<BufCategory>(["FILE", "PACKAGE", "WIRE", "WIRE_JSON", "CSR"]);

/** Whether `id` names a buf breaking category (as opposed to a rule id). */
export function isBufCategory(id: string): id is BufCategory {
  return CATEGORIES.has(id);
}

/**
 * Every id buf itself knows for `use`/`except`/`ignore_only`: the categories and every built-in rule of any
 * config version (CSR's and v1beta1's rules are all in FILE or WIRE_JSON), deprecated ids included.
 */
const BUILTIN_IDS: ReadonlySet<string> = new Set([...CATEGORIES, ...FILE_RULES, ...PACKAGE_RULES, ...WIRE_RULES, ...WIRE_JSON_RULES, ...EXTRA_RULES]);

/** Whether `id` is one of buf's built-in breaking rules or categories (else it may be a Buf plugin's rule). */
export function isBufBuiltinRule(id: string): boolean {
  return BUILTIN_IDS.has(id);
}
