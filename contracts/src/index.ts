export * from "./errors.js";
export * from "./format.js";
export * from "./compatibility-level.js";
export * from "./wire-format.js";
export * from "./json-text.js";
export * from "./formats.js";
export { protobufImports, protobufMessageIndexes, protobufSerialized } from "./protobuf/index.js";
export { avroResolvedSchema } from "./avro/index.js";
export { asAsyncApiModel, readYamlOrJson, type AsyncApiModel, type AsyncApiMessage, type AsyncApiSchema, type OperationAction } from "./asyncapi/index.js";
