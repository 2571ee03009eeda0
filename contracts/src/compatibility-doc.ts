/**
 * `docs/compatibility.md`, generated from the engines' rule catalogues (`json-schema/rules.ts`,
 * `protobuf/rules.ts`) and policy sets, so the document cannot drift from the code: `compatibility-doc.test.ts`
 * fails when the file differs from {@link compatibilityDoc}. Regenerate with
 * `node --import tsx contracts/scripts/compatibility-doc.ts`.
 */
import { COMPATIBLE_CHANGES_STRICT, LENIENT_ADDITIONS } from "./json-schema/compatibility.js";
import { JSON_SCHEMA_RULES } from "./json-schema/rules.js";
import { PROTOBUF_RULES } from "./protobuf/rules.js";

/** A known disagreement between peers: what differs, who says what, what Charter does, and the source. */
export interface KnownDisagreement {
  readonly format: "JSON Schema" | "Protobuf";
  readonly topic: string;
  readonly peers: string;
  readonly charter: string;
  readonly source: string;
}

/** Every known disagreement between the peers Charter follows, with its source. */
export const KNOWN_DISAGREEMENTS: readonly KnownDisagreement[] = [
  {
    format: "JSON Schema",
    topic: "`{}` / `true` as the reader",
    peers: "Confluent: an `EmptySchema` reader reads any writer. Karapace: an untyped schema is an object schema, so `true` cannot read `{\"type\": \"integer\"}`.",
    charter: "STRICT/LENIENT: reads anything. KARAPACE: Karapace's answer.",
    source: "Confluent `json/diff/SchemaDiff.compare` (`update instanceof EmptySchema`); Karapace `compatibility/jsonschema/checks.py` (`get_type_of`)",
  },
  {
    format: "JSON Schema",
    topic: "`default` on a newly required property",
    peers: "Confluent: REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED and REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL are compatible. Karapace ignores `default`.",
    charter: "STRICT/LENIENT: compatible. KARAPACE: breaking.",
    source: "Confluent `json/diff/ObjectSchemaDiff` (compareRequired, compareProperties) and `SchemaDiff.COMPATIBLE_CHANGES_STRICT`",
  },
  {
    format: "JSON Schema",
    topic: "property added to an open content model",
    peers: "Confluent STRICT and Karapace: breaking (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL); Confluent LENIENT: compatible. A required one without a default: Confluent reports only the open-model addition (so LENIENT accepts it, though old data without the property fails the new schema); Karapace also reports the new required property.",
    charter: "as each policy's peer for optional properties (AsyncAPI payloads default to LENIENT); a new required property without a default stays breaking under LENIENT too (REQUIRED_ATTRIBUTE_ADDED).",
    source: "Confluent `SchemaDiff.COMPATIBLE_CHANGES_LENIENT`; Karapace `checks.py` (`compatibility_object`)",
  },
  {
    format: "JSON Schema",
    topic: "anyOf/oneOf writer, plain reader",
    peers: "Confluent: TYPE_CHANGED unless the combinator has one member. Karapace: compatible when the reader reads every member.",
    charter: "as each policy's peer.",
    source: "Confluent `SchemaDiff.compare` (combined vs non-combined); Karapace `checks.py` (`compatibility_subschemas`)",
  },
  {
    format: "JSON Schema",
    topic: "allOf reader with several members, plain writer",
    peers: "Confluent: TYPE_CHANGED. Karapace: compatible when every member reads the writer.",
    charter: "every policy: every member must read the writer (Charter itself builds allOf for `$ref` siblings and for combinators beside other keywords, where Confluent's answer would refuse identical value sets).",
    source: "Confluent `SchemaDiff.compare`; JSON Schema 2020-12 Core §10.2.1.1 (allOf)",
  },
  {
    format: "JSON Schema",
    topic: "keywords no peer compares: `format`, `propertyNames`, `contains`/`minContains`/`maxContains`, `if`/`then`/`else`",
    peers: "Confluent's SchemaDiff and Karapace ignore them, so adding `format: email` passes both.",
    charter: "STRICT/LENIENT: a narrowing for the reader (FORMAT_ADDED, PROPERTY_NAMES_ADDED, CONTAINS_ADDED, CONDITIONAL_CHANGED …); KARAPACE: ignored.",
    source: "issue 11; JSON Schema Validation 2020-12 §7 (format), Core §10.3.2 (propertyNames, contains), §10.2.2 (if/then/else)",
  },
  {
    format: "Protobuf",
    topic: "a field keeps its name but changes number",
    peers: "Confluent compares fields by number: FIELD_REMOVED + FIELD_ADDED, both compatible. Karapace and Apicurio (`checkNoChangingFieldIDs`): breaking. buf: breaking unless the old number is reserved.",
    charter: "as each policy's peer.",
    source: "Confluent `protobuf/diff/MessageSchemaDiff` (fields by tag); Apicurio `ProtobufCompatibilityChecker`; buf FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
  },
  {
    format: "Protobuf",
    topic: "package renamed",
    peers: "Confluent releases differ: PACKAGE_CHANGED is breaking in the releases Charter's default follows, and listed among COMPATIBLE_CHANGES in recent sources. Karapace: ignored. buf: FILE_SAME_PACKAGE (breaking).",
    charter: "CONFLUENT/BUF/APICURIO: breaking. KARAPACE: ignored.",
    source: "Confluent `protobuf/diff/SchemaDiff.COMPATIBLE_CHANGES`; Karapace `protobuf/compare_result.py`; buf FILE_SAME_PACKAGE",
  },
  {
    format: "Protobuf",
    topic: "string/bytes field optional ↔ repeated",
    peers: "Confluent: FIELD_STRING_OR_BYTES_LABEL_CHANGED, compatible. buf WIRE: compatible (only numeric cardinality is checked). Numeric fields: breaking for both.",
    charter: "compatible under every policy; numeric: breaking except APICURIO (not checked there).",
    source: "Confluent `protobuf/diff/FieldSchemaDiff.compareScalarTypes`; buf FIELD_WIRE_COMPATIBLE_CARDINALITY",
  },
  {
    format: "Protobuf",
    topic: "field renamed (same number)",
    peers: "Confluent and buf WIRE: compatible. buf WIRE_JSON: breaking when the JSON name changes. Apicurio (`checkNoChangingFieldNames`): breaking.",
    charter: "as each policy's peer (BUF follows WIRE_JSON).",
    source: "Confluent FIELD_NAME_CHANGED in COMPATIBLE_CHANGES; buf FIELD_SAME_JSON_NAME; Apicurio `ProtobufCompatibilityChecker`",
  },
  {
    format: "Protobuf",
    topic: "enum values removed or renamed, enums removed",
    peers: "Confluent: ENUM_CONST_REMOVED/CHANGED and ENUM_REMOVED are compatible. buf: ENUM_VALUE_NO_DELETE, ENUM_VALUE_SAME_NAME, ENUM_NO_DELETE.",
    charter: "as each policy's peer.",
    source: "Confluent `protobuf/diff/SchemaDiff.COMPATIBLE_CHANGES`; buf breaking rules",
  },
  {
    format: "Protobuf",
    topic: "services and RPCs",
    peers: "Confluent and buf WIRE/WIRE_JSON do not compare services. Apicurio: removing an RPC or changing its request/response type is breaking.",
    charter: "APICURIO only.",
    source: "Apicurio `checkNoRemovingServiceRPCs`, `checkNoChangingRPCSignature`",
  },
  {
    format: "Protobuf",
    topic: "options (custom and built-in)",
    peers: "No peer's compatibility check compares option values (buf has no WIRE rule for them; Confluent's diff ignores them).",
    charter:
      "not compared by the registry's policies; they are validated at parse time (resolved and type-checked as `buf build` does) and kept in the canonical form and descriptors. buf's FILE and PACKAGE rules on options (FILE_SAME_GO_PACKAGE, FIELD_SAME_JSTYPE …) run in `checkBufBreaking` and in `charter gate` with `buf: true` (docs/gate.md), which judges a buf module as `buf breaking` does.",
    source: "buf breaking rules (FILE/PACKAGE categories only); Confluent `protobuf/diff`",
  },
];

const verdict = (breaking: boolean): string => (breaking ? "breaking" : "compatible");
const esc = (s: string): string => s.replace(/\|/g, "\\|");

/** The whole of docs/compatibility.md. */
export function compatibilityDoc(): string {
  const lenient = new Set([...COMPATIBLE_CHANGES_STRICT, ...LENIENT_ADDITIONS]);
  const out: string[] = [
    "# Compatibility verdicts",
    "",
    "<!-- Generated from the engines' rule catalogues by `node --import tsx contracts/scripts/compatibility-doc.ts`;",
    "     contracts/src/compatibility-doc.test.ts fails when this file and the catalogues differ. Do not edit by hand. -->",
    "",
    "Charter gives Confluent Schema Registry's verdict by default wherever peers disagree; other peers' verdicts are",
    "reachable through policies. Every rule below is a change the new schema makes **as the reader**: under",
    "`BACKWARD` the new schema reads data written with the previous one, so the table applies as written; under",
    "`FORWARD` the previous schema reads the new one's data, so a row applies to the mirror change (removing what",
    "the row adds); `FULL` needs both; the `_TRANSITIVE` levels check every earlier version instead of the latest.",
    "The rule id stays the row's, but under `FORWARD` the message and hint of a JSON Schema violation (alone or",
    "in an AsyncAPI payload) say what the new schema did, from old to new (`MINIMUM_ADDED`: \"minimum 0 removed:",
    "consumers on the old schema reject smaller values\"), and its path and line point into the previous schema.",
    "",
    "## Policies",
    "",
    "Set a policy per subject or globally with Confluent's `compatibilityPolicy` config field",
    "(`PUT /config/{subject}` `{\"compatibilityPolicy\": \"LENIENT\"}`; `GET` returns it), or per run with",
    "`charter check --policy`. Values are case-insensitive; a format ignores the other formats' values.",
    "",
    "| Format | Policy | Follows |",
    "|---|---|---|",
    "| JSON Schema | `STRICT` (default) | Confluent `SchemaDiff.COMPATIBLE_CHANGES_STRICT` |",
    "| JSON Schema | `LENIENT` | Confluent `SchemaDiff.COMPATIBLE_CHANGES_LENIENT` |",
    "| JSON Schema | `KARAPACE` | Karapace `compatibility/jsonschema/checks.py` (Charter's verdicts before issue 11) |",
    "| Protobuf | `CONFLUENT` (default) | Confluent `protobuf/diff/SchemaDiff` |",
    "| Protobuf | `BUF` | `buf breaking` WIRE_JSON |",
    "| Protobuf | `APICURIO` | Apicurio Registry `ProtobufCompatibilityChecker` |",
    "| Protobuf | `KARAPACE` | Karapace `protobuf/compare_result.py` |",
    "| AsyncAPI payloads | `LENIENT` unless the subject sets one | adding an optional field to a message is the change AsyncAPI users expect to be non-breaking |",
    "",
    "Avro has one set of verdicts (Apache Avro `SchemaCompatibility`, which Confluent uses); its rules are",
    "described with the Avro engine.",
    "",
    "## JSON Schema",
    "",
    "Rule names are Confluent's `Difference.Type` where Confluent has one (source `confluent`), else Charter's",
    "(`charter`; `limit` = a bound on the check itself).",
    "",
    "| Rule | Change (new schema as reader) | STRICT | LENIENT | KARAPACE | Source | Usual fix |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of JSON_SCHEMA_RULES) {
    const strict = !COMPATIBLE_CHANGES_STRICT.has(r.rule);
    const len = !lenient.has(r.rule);
    const karapace = r.karapace ? "breaking" : "not compared";
    out.push(`| \`${r.rule}\` | ${esc(r.change)} | ${verdict(strict)} | ${verdict(len)} | ${karapace} | ${r.source} | ${esc(r.hint)} |`);
  }
  out.push(
    "",
    "Changes Confluent counts compatible under STRICT (never reported): " + [...COMPATIBLE_CHANGES_STRICT].sort().map((t) => `\`${t}\``).join(", ") + ".",
    "",
    "LENIENT also accepts: " + [...LENIENT_ADDITIONS].map((t) => `\`${t}\``).join(", ") + ".",
    "",
    "## Protobuf",
    "",
    "`rule` is the buf rule id, `Confluent` the `Difference.Type` Confluent names the change with.",
    "",
    "| Rule | Confluent | Change (new schema as reader) | CONFLUENT | BUF | APICURIO | KARAPACE | Usual fix |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const r of PROTOBUF_RULES) {
    const b = r.breaking;
    out.push(`| \`${r.rule}\` | ${r.confluent ? `\`${r.confluent}\`` : "—"} | ${esc(r.change)} | ${verdict(b.CONFLUENT)} | ${verdict(b.BUF)} | ${verdict(b.APICURIO)} | ${verdict(b.KARAPACE)} | ${esc(r.hint)} |`);
  }
  out.push(
    "",
    "Adding fields, messages, enums, enum values, oneofs and RPCs is compatible under every policy; so is moving one",
    "existing field into a new oneof (Confluent MessageSchemaDiff) and reordering or moving messages (MESSAGE_MOVED).",
    "",
    "## Known disagreements between peers",
    "",
    "The conformance runs (`npm run conformance`) list every case where Charter and a peer's own test suite",
    "disagree in `contracts/conformance/known-differences.md`.",
    "",
  );
  for (const format of ["JSON Schema", "Protobuf"] as const) {
    out.push(`### ${format}`, "");
    for (const d of KNOWN_DISAGREEMENTS.filter((x) => x.format === format)) {
      out.push(`- **${d.topic}.** ${d.peers} Charter: ${d.charter} Source: ${d.source}.`);
    }
    out.push("");
  }
  return out.join("\n");
}
