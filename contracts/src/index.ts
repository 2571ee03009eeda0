export * from "./errors.js";
export * from "./format.js";
export * from "./compatibility-level.js";
export * from "./wire-format.js";
export * from "./json-text.js";
export * from "./limits.js";
export * from "./yaml-text.js";
export * from "./formats.js";
export * from "./load-format.js";
export { protobufImports, protobufMessageIndexes, protobufSerialized, protobufModel, messageIndexesOf, type ProtobufModel } from "./protobuf/index.js";
export { asAvroModel, type AvroModel, type AvroType, type AvroField } from "./avro/model.js";
export { avroResolvedSchema } from "./avro/index.js";
export { writeSchema } from "./avro/canonical-form.js";
export { detectDraft, type JsonSchemaDraft } from "./json-schema/draft.js";
export { createCompiler, type SchemaCompiler } from "./json-schema/ajv-factory.js";
export {
  asAsyncApiModel,
  type AsyncApiModel,
  type AsyncApiMessage,
  type AsyncApiSchema,
  type AsyncApiChannel,
  type AsyncApiOperation,
  type AsyncApiParameter,
  type OperationAction,
} from "./asyncapi/index.js";
export { fullName as avroFullName, referenceCandidates as avroReferenceCandidates } from "./avro/names.js";
export { pointerTokens } from "./asyncapi/source-map.js";
export * from "./lint/index.js";
