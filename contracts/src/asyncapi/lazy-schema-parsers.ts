import type { SchemaParser } from "@asyncapi/parser";

/**
 * The mime types (`schemaFormat` values) of @asyncapi/avro-schema-parser and @asyncapi/protobuf-schema-parser, as
 * their `getMimeTypes()` answer (lazy-schema-parsers.test.ts checks they still do).
 */
export const AVRO_SCHEMA_FORMATS: readonly string[] = ["1.9.0", "1.8.2"].flatMap((v) => [
  `application/vnd.apache.avro;version=${v}`,
  `application/vnd.apache.avro+json;version=${v}`,
  `application/vnd.apache.avro+yaml;version=${v}`,
]);
/** See {@link AVRO_SCHEMA_FORMATS}. */
export const PROTOBUF_SCHEMA_FORMATS: readonly string[] = ["application/vnd.google.protobuf;version=2", "application/vnd.google.protobuf;version=3"];

/**
 * A schema parser for @asyncapi/parser's registry that loads the real one (`load`) on its first `validate` or
 * `parse`, so a document without Avro or Protobuf payloads never loads avsc or protobufjs (≈ 100 modules, a tenth
 * of an AsyncAPI `charter check`). The parser awaits both methods, so they may load asynchronously.
 */
export function lazySchemaParser(mimeTypes: readonly string[], load: () => Promise<SchemaParser>): SchemaParser {
  let real: Promise<SchemaParser> | undefined;
  const get = (): Promise<SchemaParser> => (real ??= load());
  return {
    getMimeTypes: () => [...mimeTypes],
    validate: async (input) => (await get()).validate(input),
    parse: async (input) => (await get()).parse(input),
  };
}

/** The Avro schema parser, loaded on first use. */
export function lazyAvroSchemaParser(): SchemaParser {
  return lazySchemaParser(AVRO_SCHEMA_FORMATS, async () => (await import("@asyncapi/avro-schema-parser")).AvroSchemaParser());
}

/** The Protobuf schema parser, loaded on first use. */
export function lazyProtobufSchemaParser(): SchemaParser {
  return lazySchemaParser(PROTOBUF_SCHEMA_FORMATS, async () => (await import("@asyncapi/protobuf-schema-parser")).ProtoBuffSchemaParser());
}
