import { asyncApiFormat } from "./asyncapi/index.js";
import { avroFormat } from "./avro/index.js";
import type { Format, SchemaType } from "./format.js";
import { jsonSchemaFormat } from "./json-schema/index.js";
import { protobufFormat } from "./protobuf/index.js";

const FORMATS: ReadonlyMap<SchemaType, Format> = new Map<SchemaType, Format>([
  ["AVRO", avroFormat],
  ["JSON", jsonSchemaFormat],
  ["PROTOBUF", protobufFormat],
  ["ASYNCAPI", asyncApiFormat],
]);

/**
 * The engine for `type`, or `undefined` when this build has none (the registry answers 42201). Importing this
 * module imports every engine; `lazyFormat` and `loadFormat` (`@charter/contracts/core`) import one on use.
 */
export function getFormat(type: string): Format | undefined {
  return FORMATS.get(type as SchemaType);
}
