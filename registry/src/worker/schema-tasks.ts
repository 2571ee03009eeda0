import { createHash } from "node:crypto";
import {
  asAsyncApiModel,
  checkLevel,
  type CompatibilityLevel,
  type CompatibilityOptions,
  type ContractError,
  type Format,
  type LevelVerdict,
  type ParsedSchema,
  type ParseOptions,
  type ResolvedReference,
  type SchemaType,
} from "@charter/contracts/core";
import type { LintFinding } from "@charter/contracts/lint";
import { messagePayloads, type MessagePayload } from "../service/asyncapi-messages.js";

/**
 * The work the registry hands to its schema workers, as plain (structured-cloneable) data both ways: a parsed
 * schema's `model` never crosses the boundary. Parsing, canonical forms, fingerprints and compatibility checks
 * run here; storage I/O stays with the caller. Run by `schema-worker.ts` in worker threads and by the in-process
 * executor alike (`schema-executor.ts`).
 */

/** A schema to parse: its type, text and resolved references (dependencies first). */
export interface SchemaSource {
  readonly schemaType: string;
  readonly text: string;
  readonly references: readonly ResolvedReference[];
}

/** The parse limits every task applies (`limits.ts`): depth, node count, regex length. */
export type ParseLimits = Pick<ParseOptions, "maxDepth" | "maxNodes" | "maxPatternLength">;

/** A message payload of an ASYNCAPI document, with its schema's identity instead of the parsed schema. */
export type PayloadView = Omit<MessagePayload, "parsed"> & {
  readonly parsed?: { readonly type: SchemaType; readonly fingerprint: string; readonly text: string };
};

/** One unit of schema work. */
export type SchemaTask =
  /** Parse (validate) a schema; with `subject`, an ASYNCAPI document's message payloads as registered under it. */
  | { readonly kind: "prepare"; readonly source: SchemaSource; readonly subject?: string; readonly limits: ParseLimits }
  /** `checkLevel` of `next` against earlier versions (oldest → latest), as `checkLevel` takes them. */
  | {
      readonly kind: "check";
      readonly level: CompatibilityLevel;
      readonly next: SchemaSource;
      readonly previous: ReadonlyArray<{ readonly version: number; readonly source: SchemaSource }>;
      readonly options?: CompatibilityOptions;
      readonly limits: ParseLimits;
    }
  /**
   * The `charter lint` rules (docs/lint.md) on `next`, with `previous` (the latest version) for the rules that
   * compare; a previous version that no longer parses is left out.
   */
  | { readonly kind: "lint"; readonly next: SchemaSource; readonly previous?: SchemaSource; readonly limits: ParseLimits }
  /** The message payloads of a stored ASYNCAPI document registered under `subject`. */
  | { readonly kind: "messages"; readonly subject: string; readonly source: SchemaSource; readonly limits: ParseLimits }
  /**
   * A stored schema in another format (Confluent's `format` parameter): PROTOBUF `serialized` (base64
   * `FileDescriptorProto`), AVRO `resolved` (referenced named types inlined).
   */
  | { readonly kind: "formatted"; readonly format: "serialized" | "resolved"; readonly source: SchemaSource; readonly limits: ParseLimits };

/** What a parse of a new schema gives the registry. */
export interface PreparedView {
  readonly type: SchemaType;
  /** The engine's text (Protobuf given as base64 descriptor: the printed `.proto`). */
  readonly text: string;
  readonly canonical: string;
  readonly fingerprint: string;
  /** With a `subject`: the document's message payloads (ASYNCAPI; empty for others). */
  readonly payloads: readonly PayloadView[];
}

/** The answer to a {@link SchemaTask}. */
export type SchemaTaskResult =
  | { readonly kind: "prepared"; readonly prepared: PreparedView }
  | { readonly kind: "verdict"; readonly verdict: LevelVerdict }
  | { readonly kind: "linted"; readonly findings: readonly LintFinding[] }
  | { readonly kind: "messages"; readonly payloads: readonly PayloadView[] }
  | { readonly kind: "formatted"; readonly text: string }
  /** The schema of the request does not parse (the registry answers 42201). */
  | { readonly kind: "invalid"; readonly error: ContractError }
  /** A stored schema no longer parses (a store error: 500). */
  | { readonly kind: "stored-invalid"; readonly message: string };

/** Parsed schemas by content, so stored versions parse once per worker (LRU). */
export class ParsedSchemaCache {
  private readonly entries = new Map<string, ParsedSchema>();
  constructor(private readonly capacity = 256) {}

  /** The key of a source: type, text and references. */
  static key(source: SchemaSource): string {
    const hash = createHash("sha256").update(source.schemaType).update("\u0000").update(source.text);
    for (const r of source.references) hash.update("\u0000").update(r.name).update("\u0000").update(r.schema);
    return hash.digest("hex");
  }

  get(key: string): ParsedSchema | undefined {
    const found = this.entries.get(key);
    if (found !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, parsed: ParsedSchema): void {
    this.entries.delete(key);
    this.entries.set(key, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** What runs tasks: the engine lookup and a cache. */
export interface TaskContext {
  readonly formats: (type: string) => Format | undefined;
  readonly cache: ParsedSchemaCache;
}

type Parsed = { ok: true; parsed: ParsedSchema } | { ok: false; error: ContractError };

/**
 * `format.parse`, cached by content, with a thrown exception (an engine bug, e.g. a stack overflow on hostile
 * input) turned into `SCHEMA_INVALID` so bad input can never become a 500.
 */
async function parse(source: SchemaSource, limits: ParseLimits, context: TaskContext): Promise<Parsed> {
  const key = ParsedSchemaCache.key(source);
  const cached = context.cache.get(key);
  if (cached !== undefined) return { ok: true, parsed: cached };
  const format = context.formats(source.schemaType);
  if (format === undefined) return { ok: false, error: { code: "UNSUPPORTED", message: `Unknown schema type '${source.schemaType}'` } };
  try {
    const result = await format.parse(source.text, { references: source.references, ...limits });
    if (!result.ok) return { ok: false, error: result.error };
    context.cache.set(key, result.value);
    return { ok: true, parsed: result.value };
  } catch (e) {
    return { ok: false, error: { code: "SCHEMA_INVALID", message: `The ${source.schemaType} engine failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

function payloadViews(subject: string, document: ParsedSchema): PayloadView[] {
  const model = asAsyncApiModel(document.model);
  if (model === undefined) return [];
  return messagePayloads(subject, model).map(({ parsed, ...rest }) =>
    parsed === undefined ? rest : { ...rest, parsed: { type: parsed.type, fingerprint: parsed.fingerprint, text: parsed.text } },
  );
}

/** Runs one {@link SchemaTask}. Never throws for bad input: engine failures become `invalid` results. */
export async function runSchemaTask(task: SchemaTask, context: TaskContext): Promise<SchemaTaskResult> {
  switch (task.kind) {
    case "prepare": {
      const parsed = await parse(task.source, task.limits, context);
      if (!parsed.ok) return { kind: "invalid", error: parsed.error };
      const { type, text, canonical, fingerprint } = parsed.parsed;
      const payloads = task.subject === undefined ? [] : payloadViews(task.subject, parsed.parsed);
      return { kind: "prepared", prepared: { type, text, canonical, fingerprint, payloads } };
    }
    case "check": {
      const next = await parse(task.next, task.limits, context);
      if (!next.ok) return { kind: "invalid", error: next.error };
      const previous = [];
      for (const p of task.previous) {
        const parsed = await parse(p.source, task.limits, context);
        if (!parsed.ok) return { kind: "stored-invalid", message: `version ${p.version} no longer parses: ${parsed.error.message}` };
        previous.push({ version: p.version, schema: parsed.parsed });
      }
      const format = context.formats(task.next.schemaType);
      if (format === undefined) return { kind: "invalid", error: { code: "UNSUPPORTED", message: `Unknown schema type '${task.next.schemaType}'` } };
      try {
        return { kind: "verdict", verdict: checkLevel(format, task.level, next.parsed, previous, task.options) };
      } catch (e) {
        // Engines must not throw; if one does, the request fails cleanly instead of with a 500.
        return { kind: "invalid", error: { code: "SCHEMA_INVALID", message: `Compatibility check failed: ${e instanceof Error ? e.message : String(e)}` } };
      }
    }
    case "lint": {
      const next = await parse(task.next, task.limits, context);
      if (!next.ok) return { kind: "invalid", error: next.error };
      const previous = task.previous ? await parse(task.previous, task.limits, context) : undefined;
      // Imported on use: the lint rules read every format's model (protobufjs included).
      const { lintSchema } = await import("@charter/contracts/lint");
      try {
        return { kind: "linted", findings: lintSchema(next.parsed, previous?.ok ? { previous: previous.parsed } : {}) };
      } catch (e) {
        return { kind: "invalid", error: { code: "SCHEMA_INVALID", message: `Lint failed: ${e instanceof Error ? e.message : String(e)}` } };
      }
    }
    case "messages":
    case "formatted": {
      const parsed = await parse(task.source, task.limits, context);
      if (!parsed.ok) return { kind: "stored-invalid", message: parsed.error.message };
      if (task.kind === "messages") return { kind: "messages", payloads: payloadViews(task.subject, parsed.parsed) };
      const text =
        task.format === "serialized"
          ? (await import("@charter/contracts/protobuf")).protobufSerialized(parsed.parsed)
          : (await import("@charter/contracts/avro")).avroResolvedSchema(parsed.parsed);
      return text.ok ? { kind: "formatted", text: text.value } : { kind: "stored-invalid", message: text.error.message };
    }
  }
}
