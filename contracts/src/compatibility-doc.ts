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
    peers: "Confluent: FIELD_STRING_OR_BYTES_LABEL_CHANGED, compatible (a length-delimited value reads as a one-element list). buf WIRE and WIRE_JSON: breaking (FIELD_WIRE_COMPATIBLE_CARDINALITY / FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY compare cardinalities whatever the type). Numeric fields: breaking for both.",
    charter: "compatible under CONFLUENT, APICURIO and KARAPACE; BUF: breaking. Numeric fields: breaking under every policy.",
    source: "Confluent `protobuf/diff/FieldSchemaDiff.compareScalarTypes`; buf `cardinality.go`",
  },
  {
    format: "Protobuf",
    topic: "field renamed (same number)",
    peers: "Confluent and buf WIRE: compatible. buf WIRE_JSON: breaking (FIELD_SAME_NAME; FIELD_SAME_JSON_NAME too when the JSON name changes). Apicurio (`checkNoChangingFieldNames`): breaking.",
    charter: "as each policy's peer (BUF follows WIRE_JSON).",
    source: "Confluent FIELD_NAME_CHANGED in COMPATIBLE_CHANGES; buf FIELD_SAME_NAME, FIELD_SAME_JSON_NAME; Apicurio `ProtobufCompatibilityChecker`",
  },
  {
    format: "Protobuf",
    topic: "messages and enums removed",
    peers: "Confluent: MESSAGE_REMOVED is breaking, ENUM_REMOVED compatible. buf WIRE_JSON: both compatible (its deletion rules are in the FILE and PACKAGE categories; the CSR category, buf's checks for Confluent subjects, has MESSAGE_NO_DELETE and ENUM_NO_DELETE).",
    charter: "as each policy's peer (BUF: compatible).",
    source: "Confluent `protobuf/diff/SchemaDiff.COMPATIBLE_CHANGES`; buf rule categories",
  },
  {
    format: "Protobuf",
    topic: "enum values removed or renamed",
    peers: "Confluent: ENUM_CONST_REMOVED/CHANGED are compatible. buf WIRE_JSON: ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED, ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED, ENUM_VALUE_SAME_NAME.",
    charter: "as each policy's peer.",
    source: "Confluent `protobuf/diff/SchemaDiff.COMPATIBLE_CHANGES`; buf breaking rules",
  },
  {
    format: "Protobuf",
    topic: "services and RPCs",
    peers: "Confluent does not compare services. buf WIRE/WIRE_JSON: an RPC must keep its request and response types, streaming and idempotency level (RPC_SAME_*); removals are FILE/PACKAGE rules. Apicurio: removing an RPC or changing its request/response type is breaking.",
    charter: "as each policy's peer (CONFLUENT and KARAPACE: not compared).",
    source: "buf RPC_SAME_* rules; Apicurio `checkNoRemovingServiceRPCs`, `checkNoChangingRPCSignature`",
  },
  {
    format: "Protobuf",
    topic: "options (custom and built-in)",
    peers: "Confluent's diff ignores option values. buf WIRE/WIRE_JSON compare only those that change the wire or JSON form: `default` (FIELD_SAME_DEFAULT), `json_name`, presence and encoding features, `json_format`, `idempotency_level`.",
    charter:
      "BUF compares what buf WIRE_JSON compares; the other policies do not compare options. Options are validated at parse time (resolved and type-checked as `buf build` does) and kept in the canonical form and descriptors. buf's FILE and PACKAGE rules on options (FILE_SAME_GO_PACKAGE, FIELD_SAME_JSTYPE …) run in `checkBufBreaking` and in `charter gate` with `buf: true` (docs/gate.md), which judges a buf module as `buf breaking` does.",
    source: "buf breaking rules; Confluent `protobuf/diff`",
  },
  {
    format: "Protobuf",
    topic: "BUF: which files are paired",
    peers: "buf pairs files by path (FILE_SAME_PACKAGE compares the packages of two files of the same path). A registry schema has no file name.",
    charter:
      "BUF judges the schema and its references as one buf module: the schema's own file is paired with the other version's schema whatever the names, references by their names (import paths); built-in well-known files are not compared. So a schema that is a different file in each version (the only deliberate difference from `buf breaking` over the same files, asserted in `contracts/src/protobuf/buf-policy-parity.test.ts`) gets FILE_SAME_PACKAGE when the two files' packages differ. A finding inside a reference has no line; its message names the file and line there.",
    source: "buf `bufcheckserverhandle/breaking.go` (`checkFileSameValue`); Confluent schema references",
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
    "| Protobuf | `BUF` | `buf breaking` WIRE_JSON (buf.yaml v2) over the schema and its references |",
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
    "`rule` is the buf rule id, `Confluent` the `Difference.Type` Confluent names the change with. `BUF` runs buf's own",
    "WIRE_JSON rules (`checkBufBreaking`, which agrees with the buf binary): its violations carry buf's rule id and message,",
    "the element's path (`/Message/field`; a map's key and value are the map field) and the line in the schema's own",
    "text; where it names a change with another id, the `BUF` column says which. The single policy keys (`fieldNumber`,",
    "`label` …) refine the other policies, not `BUF`.",
    "",
    "| Rule | Confluent | Change (new schema as reader) | CONFLUENT | BUF | APICURIO | KARAPACE | Usual fix |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const r of PROTOBUF_RULES) {
    const b = r.breaking;
    const buf = b.BUF && r.buf ? `breaking (\`${r.buf}\`)` : verdict(b.BUF);
    out.push(`| \`${r.rule}\` | ${r.confluent ? `\`${r.confluent}\`` : "—"} | ${esc(r.change)} | ${verdict(b.CONFLUENT)} | ${buf} | ${verdict(b.APICURIO)} | ${verdict(b.KARAPACE)} | ${esc(r.hint)} |`);
  }
  out.push(
    "",
    "Adding fields, messages, enums, enum values, oneofs and RPCs is compatible under every policy, and so is reordering",
    "messages. Moving one existing field into a new oneof (Confluent MessageSchemaDiff) and moving a message elsewhere",
    "(MESSAGE_MOVED) are compatible except under BUF (FIELD_SAME_ONEOF; FIELD_WIRE_JSON_COMPATIBLE_TYPE on the fields of",
    "the moved type, whose full name changed).",
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
