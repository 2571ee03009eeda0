import type { Format } from "../format.js";
import { jsonSchemaCompatibility } from "./compatibility.js";
import { parseJsonSchema } from "./parse.js";
import { decodeJsonPayload, encodeJsonPayload, validateJsonPayload } from "./payload.js";

/**
 * The JSON Schema engine (`schemaType: "JSON"`): parse (drafts 4–2020-12, references by `$ref` name),
 * canonical form, reader/writer compatibility as value-set inclusion (Confluent `Difference.Type` names,
 * Karapace's conventions), validation with ajv, and UTF-8 JSON payloads.
 */
export const jsonSchemaFormat: Format = {
  type: "JSON",
  parse: parseJsonSchema,
  compatibility: jsonSchemaCompatibility,
  validate: validateJsonPayload,
  encode: encodeJsonPayload,
  decode: decodeJsonPayload,
};

export { parseJsonSchema } from "./parse.js";
export { jsonSchemaCompatibility } from "./compatibility.js";
export { validateJsonPayload, encodeJsonPayload, decodeJsonPayload } from "./payload.js";
export { canonicalJsonSchema } from "./canonical.js";
export { detectDraft, draftFromUri, DEFAULT_DRAFT, type JsonSchemaDraft } from "./draft.js";
export type { JsonSchemaModel, JsonSchemaDocument } from "./model.js";
