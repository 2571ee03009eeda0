import { parseJson, type CompatibilityLevel, type SchemaType } from "@charter/contracts/core";
import { detectFormat } from "../commands/check-detect.js";
import { subjectFor, type GateConfig } from "./config.js";

/** A contract file of one tree, with everything the gate needs to check it. */
export interface ContractFile {
  /** Repository-relative POSIX path. */
  readonly path: string;
  readonly subject: string;
  readonly format: SchemaType;
  readonly level: CompatibilityLevel;
  readonly policy?: Readonly<Record<string, string | boolean>>;
  readonly allowDeletion: boolean;
}

/** A JSON Schema declares a JSON Schema meta-schema; instances (tsconfig, renovate.json …) point at other schemas. */
const META_SCHEMA = /^https?:\/\/json-schema\.org\//;

/** Extensions the default rules look at; other files are never read. */
const DEFAULT_EXTENSIONS = /\.(avsc|proto|json|ya?ml)$/i;

/**
 * The default rules (no `contracts:` in the configuration): `*.avsc` → AVRO, `*.proto` → PROTOBUF, a `*.json`
 * object whose `$schema` names a JSON Schema meta-schema → JSON, a YAML or JSON file with a top-level
 * `asyncapi` key → ASYNCAPI. `undefined`: not a contract.
 */
export function defaultFormat(path: string, text: string | undefined): SchemaType | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".avsc")) return "AVRO";
  if (lower.endsWith(".proto")) return "PROTOBUF";
  if (text === undefined) return undefined;
  if (lower.endsWith(".json")) {
    const json = parseJson(text);
    if (!json.ok || json.value === null || typeof json.value !== "object" || Array.isArray(json.value)) return undefined;
    if (typeof json.value["asyncapi"] === "string") return "ASYNCAPI";
    const meta = json.value["$schema"];
    return typeof meta === "string" && META_SCHEMA.test(meta) ? "JSON" : undefined;
  }
  const detected = detectFormat(path, text).candidates;
  return detected.length === 1 && detected[0] === "ASYNCAPI" ? "ASYNCAPI" : undefined;
}

/** Whether `path` could be a contract under `config` before reading it (the mapping globs, or the default extensions). */
export function mayBeContract(config: GateConfig, path: string): boolean {
  return config.mappings ? config.mappings.some((m) => m.matches(path)) : DEFAULT_EXTENSIONS.test(path);
}

/** Whether deciding on `path` needs its text (format detection from content). */
export function needsText(config: GateConfig, path: string): boolean {
  if (!config.mappings) return !/\.(avsc|proto)$/i.test(path);
  const mapping = config.mappings.find((m) => m.matches(path));
  return mapping !== undefined && mapping.format === undefined;
}

/**
 * Decides whether `path` (with its text when {@link needsText}) is a contract under `config`: the first
 * mapping whose globs match gives format (else detected from the content with `charter check`'s rules; a file
 * whose format stays unknown or ambiguous is not a contract), subject template, level, policy and
 * `allowDeletion`; without mappings the default rules apply with subject `{path}`.
 */
export function classify(config: GateConfig, path: string, text: string | undefined): ContractFile | undefined {
  if (!config.mappings) {
    const format = defaultFormat(path, text);
    return format && { path, subject: path, format, level: config.level, allowDeletion: config.allowDeletion };
  }
  const mapping = config.mappings.find((m) => m.matches(path));
  if (!mapping) return undefined;
  let format = mapping.format;
  if (!format && text !== undefined) {
    const detected = detectFormat(path, text).candidates;
    if (detected.length === 1) format = detected[0];
  }
  if (!format) return undefined;
  return {
    path,
    subject: subjectFor(path, mapping.subject),
    format,
    level: mapping.level ?? config.level,
    ...(mapping.policy ? { policy: mapping.policy } : {}),
    allowDeletion: mapping.allowDeletion ?? config.allowDeletion,
  };
}
