import kafkajs from "kafkajs";

/**
 * kafkajs's own runtime values (error classes, `logLevel`, `AssignerProtocol`'s encoders, `PartitionAssigners`, `CompressionCodecs`), loaded from the
 * `kafkajs` peer dependency so that `instanceof KafkaJSError` in service code holds for errors the facade throws.
 */
export const {
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSDeleteGroupsError,
  KafkaJSDeleteTopicRecordsError,
  KafkaJSBrokerNotFound,
  KafkaJSNotImplemented,
  logLevel,
  AssignerProtocol,
  PartitionAssigners,
  CompressionCodecs,
} = kafkajs;

/** kafkajs's runtime constructor of protocol errors takes the broker error's `{ message, type, code, retriable }`. */
type ProtocolErrorConstructor = new (e: { message: string; type: string; code: number; retriable: boolean }) => InstanceType<typeof KafkaJSProtocolError>;

/** A `KafkaJSProtocolError` as kafkajs builds it from a Kafka error code. */
export function protocolError(type: string, code: number, message: string, retriable: boolean): InstanceType<typeof KafkaJSProtocolError> {
  return new (KafkaJSProtocolError as unknown as ProtocolErrorConstructor)({ message, type, code, retriable });
}

/** Kafka error 3, as kafkajs reports it for an unknown topic. */
export function unknownTopicError(topic: string): InstanceType<typeof KafkaJSProtocolError> {
  const e = protocolError("UNKNOWN_TOPIC_OR_PARTITION", 3, "This server does not host this topic-partition", true);
  Object.assign(e, { topic });
  return e;
}
