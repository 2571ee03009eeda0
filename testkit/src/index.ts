/**
 * `@charter/testkit`: an in-memory Kafka broker that kafkajs code runs on unchanged, contract binding of
 * topics, and the pieces the Pact (`@charter/testkit/pact`) and vitest (`@charter/testkit/vitest`) entry
 * points build on.
 */
export { createBroker, TestBroker } from "./test-broker.js";
export { Broker, type CreateBrokerOptions, type ProduceOptions, type TopicRecords, type WaitForIdleOptions } from "./broker/broker.js";
export type { BrokerClock, ClockMode } from "./broker/virtual-clock.js";
export type { RetryPolicy } from "./broker/retry-policy.js";
export { backoffMs } from "./broker/retry-policy.js";
export { Faults, type CrashPlan } from "./broker/faults.js";
export { DLT_HEADERS, defaultDeadLetterTopic } from "./broker/dead-letter.js";
export { murmur2, toPositive } from "./broker/murmur2.js";
export { partitionForKey, createDefaultPartitioner, type Partitioner } from "./broker/partitioner.js";
export type { TopicBinding, OutgoingRecord, EncodedRecord } from "./broker/topic-binding.js";
export type {
  BrokerMessage,
  GroupLag,
  HeaderValue,
  MessageHeaders,
  PartitionLag,
  ProduceRecord,
  RecordPosition,
  TopicPartition,
} from "./broker/types.js";
export type { AssignmentEvent, DeliveryHandler, JoinGroupOptions, MemberListener, Delivery, GroupMember } from "./broker/consumer-group.js";
export { RANGE_PROTOCOL, selectProtocol, type AssignmentRequest, type GroupAssignment, type GroupProtocol, type ProtocolMember } from "./broker/group-protocol.js";
export { rangeAssign, roundRobinAssign } from "./broker/assignor.js";
export { Transaction, type TransactionState } from "./broker/transaction.js";
export { createKafka, kafkaClass, type KafkaFacadeConfig } from "./kafkajs/kafka.js";
export { TestkitError, type TestkitErrorCode } from "./errors.js";
export {
  loadContract,
  isRegistryContract,
  violationsOf,
  describeViolations,
  type ContractSource,
  type RegistryContract,
  type FileContract,
  type LoadedContract,
  type ContractSchema,
} from "./contracts/load-contract.js";
export { RegistryClient, type RegistrySchema } from "./contracts/registry-client.js";
export { contractBinding, readValue, lenientJson } from "./contracts/bind-contract.js";
export { decodeMessage, type DecodedMessage } from "./contracts/decoded-message.js";
