/**
 * `@charter/testkit/pact`: Pact V4 message contracts bound to the contract — consumer interactions built from
 * a JSON Schema / Avro / AsyncAPI message (example + schema-derived matchers, Kafka topic/key/headers as
 * metadata) and one-call provider verification (Pact's verifier + the contract schema) on the in-memory broker.
 * Needs `@pact-foundation/pact` (≥ 16.3, V4 asynchronous messages) installed beside the testkit.
 */
export { consumeContractMessage, type ConsumeContractMessageOptions, type ProviderState } from "./consumer-pact.js";
export {
  verifyContractMessages,
  findPactFiles,
  type VerifyContractMessagesOptions,
  type ProducerContext,
  type VerificationFailure,
  type VerificationReport,
  type ProviderStateHandler,
} from "./provider-verify.js";
export {
  contractExample,
  contractExampleHeaders,
  contractTopic,
  valueJsonSchema,
  toEachMessagePayload,
  type ContractMessage,
} from "./contract-message.js";
export { matchersFromSchema, javaDateTimePattern, EMAIL_PATTERN } from "./matchers-from-schema.js";
export { exampleFromSchema, FORMAT_EXAMPLES } from "./example-from-schema.js";
export { avroToJsonSchema, SchemaView, type SchemaNode } from "./schema-view.js";
export { checkPactFileV4, type PactFileProblem } from "./pact-file.js";
