/**
 * `@charter/contracts`: everything in `@charter/contracts/core`, plus `getFormat` (which imports every engine),
 * the engines' model helpers and the lint rules.
 */
export * from "./core.js";
export * from "./formats.js";
export { protobufMessageIndexes, protobufSerialized, protobufModel, messageIndexesOf, type ProtobufModel } from "./protobuf/index.js";
export { asAvroModel, type AvroModel, type AvroType, type AvroField } from "./avro/model.js";
export { avroResolvedSchema } from "./avro/index.js";
export { writeSchema } from "./avro/canonical-form.js";
export { createCompiler, type SchemaCompiler } from "./json-schema/ajv-factory.js";
export * from "./lint/index.js";
