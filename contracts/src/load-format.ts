import type { Format, SchemaType } from "./format.js";

/**
 * The engine for `type`, importing only that engine's module (avsc, ajv, protobufjs or @asyncapi/parser load
 * on first use; later calls reuse Node's module cache). `undefined` for a type with no engine. Rejects only
 * when the engine's module cannot be loaded (a broken install).
 */
export async function loadFormat(type: string): Promise<Format | undefined> {
  switch (type as SchemaType) {
    case "AVRO":
      return (await import("./avro/index.js")).avroFormat;
    case "JSON":
      return (await import("./json-schema/index.js")).jsonSchemaFormat;
    case "PROTOBUF":
      return (await import("./protobuf/index.js")).protobufFormat;
    case "ASYNCAPI":
      return (await import("./asyncapi/index.js")).asyncApiFormat;
    default:
      return undefined;
  }
}
