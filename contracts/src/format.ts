import type { ContractError, Result } from "./errors.js";

/**
 * Schema types, spelled as Confluent's `schemaType` field spells them (`AVRO` is the default when a request
 * omits it). `ASYNCAPI` is Charter's own.
 */
export type SchemaType = "AVRO" | "JSON" | "PROTOBUF" | "ASYNCAPI";

/** Every schema type Charter knows, in the order `GET /schemas/types` lists them. */
export const SCHEMA_TYPES: readonly SchemaType[] = ["JSON", "PROTOBUF", "AVRO", "ASYNCAPI"];

/**
 * A schema another schema depends on, already fetched: `name` is what the dependant uses to name it (Avro: the
 * full name of a named type; JSON Schema: the `$ref` URL; Protobuf: the import path), `schema` its text.
 * Confluent: `references: [{name, subject, version}]` in a register request; the registry resolves them (and
 * their own references, transitively) into this shape, dependencies before dependants.
 */
export interface ResolvedReference {
  readonly name: string;
  readonly schema: string;
}

/** Options for {@link Format.parse}. The limits default to `DEFAULT_LIMITS` (limits.ts). */
export interface ParseOptions {
  /** Referenced schemas, dependencies first (see {@link ResolvedReference}). Default: none. */
  readonly references?: readonly ResolvedReference[];
  /** Deepest nesting accepted (JSON arrays/objects, nested types). Default 256. Deeper: `SCHEMA_TOO_DEEP`. */
  readonly maxDepth?: number;
  /** Most values in one JSON/YAML document. Default 500,000. More: `SCHEMA_TOO_DEEP`. */
  readonly maxNodes?: number;
  /** Longest regular expression in a schema, in UTF-16 code units. Default 4096. Longer: `SCHEMA_INVALID`. */
  readonly maxPatternLength?: number;
}

/**
 * A parsed, valid schema. `canonical` is the engine's normalized text: two schemas that mean the same thing
 * have the same canonical text (key order, whitespace, namespace spelling, defaults written equivalently), and
 * two that differ in anything that matters to readers, writers or validation (defaults, aliases, field order)
 * do not. `fingerprint` is the lowercase hex SHA-256 of `canonical`. `model` is the engine's own
 * representation, opaque outside it.
 */
export interface ParsedSchema {
  readonly type: SchemaType;
  /** The text as given. */
  readonly text: string;
  readonly canonical: string;
  readonly fingerprint: string;
  readonly references: readonly ResolvedReference[];
  readonly model: unknown;
}

/**
 * One reason a reader schema cannot read data written with a writer schema. `rule` is a stable id from the
 * format's peer vocabulary (Avro `SchemaIncompatibilityType`, Confluent JSON Schema `Difference.Type`, buf rule
 * ids); `path` a JSON Pointer into the reader schema (the writer's when the reader has no such place).
 */
export interface Violation {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  /** 1-based line in the reader (new) text, when the engine knows it. */
  readonly line?: number;
  /** Nested violations, e.g. a payload's format violations under an AsyncAPI message rule. */
  readonly causes?: readonly Violation[];
  /** Protobuf: the Confluent `Difference.Type` of the change, when Confluent names it (`rule` holds the buf id). */
  readonly confluent?: string;
  /**
   * The usual fix in one sentence, for people ("give the new field a default, or keep the old name as an alias").
   * Engines fill it from their rule catalogue; absent when no general advice applies.
   */
  readonly hint?: string;
}

/** Options for {@link Format.compatibility}. Engines may add their own policy fields. */
export interface CompatibilityOptions {
  /** Engine-specific policy switches (e.g. Protobuf field-number policy); unknown keys are ignored. */
  readonly policy?: Readonly<Record<string, string | boolean>>;
  /**
   * Which of the two schemas is the newer version: `"new"` when the reader is the schema being introduced (a
   * BACKWARD check), `"old"` when the reader is the earlier version (FORWARD). It never changes the verdict;
   * engines use it to word changes as the user made them, from old to new (an operation only the writer has
   * was *added* when the writer is the new schema). `checkLevel` sets it; absent, engines assume `"new"`.
   */
  readonly readerIs?: "new" | "old";
}

/** Options for {@link Format.validate}, {@link Format.encode} and {@link Format.decode}; engines ignore what they do not use. */
export interface PayloadOptions {
  /**
   * Protobuf: the message type to use, by full name (`pkg.Outer.Inner`) or Confluent message indexes (`[0]` =
   * the first top-level message, `[1, 0]` = the first nested message of the second). Default: the first message.
   */
  readonly message?: string | readonly number[];
}

/**
 * A format engine: pure functions, no I/O. Every method returns errors as values and never throws for bad
 * input.
 */
export interface Format {
  readonly type: SchemaType;
  /**
   * Parses and validates schema text. Errors name the position (JSON Pointer `path`, and `line`/`column` when
   * known) and the cause. Async because some formats (AsyncAPI) parse asynchronously.
   */
  parse(text: string, options?: ParseOptions): Promise<Result<ParsedSchema>>;
  /**
   * Reader/writer compatibility: the violations that stop `reader` from reading data written with `writer`
   * (empty = compatible). Confluent: BACKWARD checks (reader = new, writer = old); FORWARD the reverse.
   */
  compatibility(reader: ParsedSchema, writer: ParsedSchema, options?: CompatibilityOptions): readonly Violation[];
  /** Validates a decoded payload (a JS value) against the schema: empty = valid. */
  validate(schema: ParsedSchema, value: unknown, options?: PayloadOptions): readonly Violation[];
  /** Encodes a JS value to the format's binary payload (without the wire-format header). */
  encode(schema: ParsedSchema, value: unknown, options?: PayloadOptions): Result<Uint8Array>;
  /** Decodes the format's binary payload (without the wire-format header) with `schema` as writer schema. */
  decode(schema: ParsedSchema, payload: Uint8Array, options?: PayloadOptions): Result<unknown>;
}

export type { ContractError, Result };
