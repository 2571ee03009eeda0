import { DEFAULT_COMPATIBILITY_LEVEL, isCompatibilityLevel, type CompatibilityLevel, type SchemaType } from "@charter/contracts/core";

/** Flags of `charter check` as commander hands them over. */
export interface CheckFlags {
  readonly against?: string;
  readonly format?: string;
  readonly level?: string;
  readonly policy?: string;
  readonly reference?: readonly string[];
  readonly output?: string;
}

/** A `--reference name=path` flag: the reference's name (as the schema uses it) and the file to read. */
export interface ReferenceFlag {
  readonly name: string;
  readonly path: string;
}

/** Output styles: a human report, or one JSON object (see docs/cli.md). */
export type CheckOutput = "text" | "json";

/** Settings of one `charter check` run, after validation. */
export interface CheckSettings {
  readonly newPath: string;
  readonly oldPath: string;
  /** Given with `--format`; detected from the files when absent. */
  readonly format?: SchemaType;
  readonly level: CompatibilityLevel;
  /**
   * `--policy`: the compatibility policy the engines apply (Confluent's `compatibilityPolicy`, upper-cased):
   * JSON Schema `STRICT` (default) | `LENIENT` | `KARAPACE`; Protobuf `CONFLUENT` (default) | `BUF` | `APICURIO`.
   * Absent: each engine's default (AsyncAPI payloads: LENIENT).
   */
  readonly policy?: string;
  readonly references: readonly ReferenceFlag[];
  readonly output: CheckOutput;
}

/** `--policy` values (case-insensitive): JSON Schema's, then Protobuf's (docs/compatibility.md). */
export const CHECK_POLICIES: readonly string[] = ["STRICT", "LENIENT", "KARAPACE", "CONFLUENT", "BUF", "APICURIO"];

/** `--format` spellings, case-insensitive. */
const FORMAT_NAMES: Readonly<Record<string, SchemaType>> = {
  avro: "AVRO",
  json: "JSON",
  jsonschema: "JSON",
  "json-schema": "JSON",
  protobuf: "PROTOBUF",
  proto: "PROTOBUF",
  asyncapi: "ASYNCAPI",
};

/** The schema type a format name stands for (`avro`, `json`, `jsonschema`, `protobuf`, `proto`, `asyncapi`; any case). */
export function formatFromName(name: string): SchemaType | undefined {
  return Object.hasOwn(FORMAT_NAMES, name.toLowerCase()) ? FORMAT_NAMES[name.toLowerCase()] : undefined;
}

/** Parses one `--reference` value: `name=path`, split at the first `=`, both sides non-empty. */
export function parseReferenceFlag(value: string): { ok: true; value: ReferenceFlag } | { ok: false; error: string } {
  const at = value.indexOf("=");
  const name = at > 0 ? value.slice(0, at).trim() : "";
  const path = at > 0 ? value.slice(at + 1).trim() : "";
  if (name === "" || path === "") return { ok: false, error: `Invalid --reference '${value}': expected name=path (e.g. common/money.proto=./protos/common/money.proto)` };
  return { ok: true, value: { name, path } };
}

/**
 * Validates the flags of `charter check <new> --against <old>`: `--format` one of avro|json|protobuf|asyncapi
 * (also jsonschema, json-schema, proto), `--level` any Confluent level (case-insensitive, default BACKWARD),
 * `--output` text|json (default text), each `--reference` `name=path`. Returns a message for the first bad
 * value.
 */
export function resolveCheckSettings(newPath: string, flags: CheckFlags): { ok: true; value: CheckSettings } | { ok: false; error: string } {
  if (newPath.trim() === "") return { ok: false, error: "Missing the new schema file" };
  const oldPath = flags.against ?? "";
  if (oldPath.trim() === "") return { ok: false, error: "Missing --against <old>: the schema file to check against" };
  let format: SchemaType | undefined;
  if (flags.format !== undefined) {
    format = formatFromName(flags.format);
    if (!format) return { ok: false, error: `Unknown --format '${flags.format}': expected avro, json, protobuf or asyncapi` };
  }
  const levelText = (flags.level ?? DEFAULT_COMPATIBILITY_LEVEL).toUpperCase();
  if (!isCompatibilityLevel(levelText)) {
    return { ok: false, error: `Unknown --level '${flags.level ?? ""}': expected NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE` };
  }
  let policy: string | undefined;
  if (flags.policy !== undefined) {
    policy = flags.policy.toUpperCase();
    if (!CHECK_POLICIES.includes(policy)) return { ok: false, error: `Unknown --policy '${flags.policy}': expected ${CHECK_POLICIES.join(", ")}` };
  }
  const outputText = (flags.output ?? "text").toLowerCase();
  if (outputText !== "text" && outputText !== "json") return { ok: false, error: `Unknown --output '${flags.output ?? ""}': expected text or json` };
  const references: ReferenceFlag[] = [];
  for (const r of flags.reference ?? []) {
    const parsed = parseReferenceFlag(r);
    if (!parsed.ok) return parsed;
    references.push(parsed.value);
  }
  return {
    ok: true,
    value: { newPath, oldPath, ...(format ? { format } : {}), level: levelText, ...(policy ? { policy } : {}), references, output: outputText },
  };
}
