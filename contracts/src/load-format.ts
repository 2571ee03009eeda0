import type { Format, SchemaType } from "./format.js";

/** The schema types that have an engine in this build, in the order `GET /schemas/types` lists them. */
const ENGINE_TYPES: readonly SchemaType[] = ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"];

/** Engines already imported by {@link loadFormat}, for {@link lazyFormat}'s synchronous methods. */
const loaded = new Map<SchemaType, Format>();

/** The schema types that have an engine in this build, in the order `GET /schemas/types` lists them. */
export function supportedSchemaTypes(): SchemaType[] {
  return [...ENGINE_TYPES];
}

/**
 * The engine for `type`, importing only that engine's module (avsc, ajv, protobufjs or @asyncapi/parser load
 * on first use; later calls reuse Node's module cache). `undefined` for a type with no engine. Rejects only
 * when the engine's module cannot be loaded (a broken install).
 */
export async function loadFormat(type: string): Promise<Format | undefined> {
  const known = loaded.get(type as SchemaType);
  if (known !== undefined) return known;
  let format: Format;
  switch (type as SchemaType) {
    case "AVRO":
      format = (await import("./avro/index.js")).avroFormat;
      break;
    case "JSON":
      format = (await import("./json-schema/index.js")).jsonSchemaFormat;
      break;
    case "PROTOBUF":
      format = (await import("./protobuf/index.js")).protobufFormat;
      break;
    case "ASYNCAPI":
      format = (await import("./asyncapi/index.js")).asyncApiFormat;
      break;
    default:
      return undefined;
  }
  loaded.set(format.type, format);
  return format;
}

/** Whether {@link loadFormat} has imported `type`'s engine in this thread. */
export function isFormatLoaded(type: string): boolean {
  return loaded.has(type as SchemaType);
}

/** The smallest valid schema of each type: parsing it loads what an engine imports on first use. */
const WARM_UP: Readonly<Record<SchemaType, string>> = {
  AVRO: '"int"',
  JSON: '{"type": "object"}',
  PROTOBUF: 'syntax = "proto3";\nmessage WarmUp {}\n',
  ASYNCAPI: 'asyncapi: 3.0.0\ninfo: {title: warm-up, version: "1"}\n',
};

/**
 * {@link loadFormat}, then one parse of a minimal schema, so that what the engine imports or compiles on its first
 * parse (the AsyncAPI parser's Spectral ruleset and schema parsers, Ajv's meta-schemas) is loaded too: a caller
 * that times each parse (the registry's per-task budget) then times only the work on the schema. `undefined`
 * for a type with no engine; rejects like {@link loadFormat}, or when the engine refuses the minimal schema.
 */
export async function warmUpFormat(type: string): Promise<Format | undefined> {
  const format = await loadFormat(type);
  if (format === undefined) return undefined;
  const parsed = await format.parse(WARM_UP[format.type]);
  if (!parsed.ok) throw new Error(`the ${format.type} engine refused its warm-up schema: ${parsed.error.message}`);
  return format;
}

const lazy = new Map<SchemaType, Format>();

/**
 * A synchronous lookup that imports nothing: a {@link Format} for `type` whose engine module is imported by its
 * first `parse` ({@link loadFormat}). For callers that need `(type) => Format | undefined` (the registry's
 * `formats` option) in a process that should load only the engines it uses. The other methods take a
 * `ParsedSchema`, which only a parse returns, so the engine is loaded by then; given one from an engine imported
 * directly (`@charter/contracts/avro`) before any `loadFormat` of that type, they throw an `Error` saying so.
 * `undefined` for a type with no engine.
 */
export function lazyFormat(type: string): Format | undefined {
  const schemaType = type as SchemaType;
  if (!ENGINE_TYPES.includes(schemaType)) return undefined;
  let format = lazy.get(schemaType);
  if (format === undefined) {
    const engine = (): Format => {
      const known = loaded.get(schemaType);
      if (known === undefined) throw new Error(`the ${schemaType} engine is not loaded yet: parse with it (or await loadFormat("${schemaType}")) first`);
      return known;
    };
    format = {
      type: schemaType,
      parse: async (text, options) => (await loadFormat(schemaType))!.parse(text, options),
      compatibility: (reader, writer, options) => engine().compatibility(reader, writer, options),
      validate: (schema, value, options) => engine().validate(schema, value, options),
      encode: (schema, value, options) => engine().encode(schema, value, options),
      decode: (schema, payload, options) => engine().decode(schema, payload, options),
    };
    lazy.set(schemaType, format);
  }
  return format;
}
