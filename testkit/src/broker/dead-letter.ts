import type { LogEntry } from "./topic-log.js";

/** Spring Kafka's `DeadLetterPublishingRecoverer` default destination: `<topic>.DLT`. */
export function defaultDeadLetterTopic(topic: string): string {
  return `${topic}.DLT`;
}

/**
 * Header names a dead-lettered record carries, Spring Kafka's `KafkaHeaders.DLT_*` spelling; values are UTF-8
 * strings (Spring writes partition/offset as big-endian ints; text is what a JS test can read).
 * `kafka_dlt-attempts` (Charter's) counts the deliveries made before dead-lettering.
 */
export const DLT_HEADERS = {
  originalTopic: "kafka_dlt-original-topic",
  originalPartition: "kafka_dlt-original-partition",
  originalOffset: "kafka_dlt-original-offset",
  originalTimestamp: "kafka_dlt-original-timestamp",
  originalConsumerGroup: "kafka_dlt-original-consumer-group",
  exceptionFqcn: "kafka_dlt-exception-fqcn",
  exceptionMessage: "kafka_dlt-exception-message",
  exceptionStacktrace: "kafka_dlt-exception-stacktrace",
  attempts: "kafka_dlt-attempts",
} as const;

/** The headers added to `entry` when group `groupId` dead-letters it after `attempts` failed deliveries. */
export function deadLetterHeaders(entry: LogEntry, groupId: string, error: unknown, attempts: number): Record<string, string> {
  const e = error instanceof Error ? error : undefined;
  return {
    [DLT_HEADERS.originalTopic]: entry.topic,
    [DLT_HEADERS.originalPartition]: String(entry.partition),
    [DLT_HEADERS.originalOffset]: String(entry.offset),
    [DLT_HEADERS.originalTimestamp]: String(entry.timestamp),
    [DLT_HEADERS.originalConsumerGroup]: groupId,
    [DLT_HEADERS.exceptionFqcn]: e?.name ?? typeof error,
    [DLT_HEADERS.exceptionMessage]: e?.message ?? String(error),
    [DLT_HEADERS.exceptionStacktrace]: e?.stack ?? String(error),
    [DLT_HEADERS.attempts]: String(attempts),
  };
}
