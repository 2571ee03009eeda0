/**
 * `@charter/contracts/core`: the light entry — types, errors, JSON/YAML text helpers, limits, compatibility
 * levels, the wire format, and the helpers that find references (Avro names, Protobuf imports, JSON Schema
 * drafts), the AsyncAPI model's type guard — without any format engine. Engines are loaded on demand with
 * {@link loadFormat} or {@link lazyFormat}, so a command that checks one Avro file never loads protobufjs or
 * @asyncapi/parser.
 */
export * from "./errors.js";
export * from "./format.js";
export * from "./compatibility-level.js";
export * from "./wire-format.js";
export * from "./json-text.js";
export * from "./limits.js";
export * from "./yaml-text.js";
export * from "./load-format.js";
export { protobufImports } from "./protobuf/imports.js";
export { detectDraft, type JsonSchemaDraft } from "./json-schema/draft.js";
export { fullName as avroFullName, referenceCandidates as avroReferenceCandidates } from "./avro/names.js";
export { pointerTokens } from "./asyncapi/source-map.js";
export {
  asAsyncApiModel,
  type AsyncApiModel,
  type AsyncApiMessage,
  type AsyncApiSchema,
  type AsyncApiChannel,
  type AsyncApiOperation,
  type AsyncApiParameter,
  type OperationAction,
} from "./asyncapi/model.js";
