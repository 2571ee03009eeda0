/** A header value as kafkajs takes it: a string (stored UTF-8) or raw bytes. */
export type HeaderValue = string | Buffer;

/** Record headers: one value, or several for a repeated header name (Kafka allows repeats). */
export interface MessageHeaders {
  [name: string]: HeaderValue | HeaderValue[] | undefined;
}

/** One record to produce. Strings are stored UTF-8 encoded. */
export interface ProduceRecord {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: MessageHeaders;
  /** Explicit partition; default: the partitioner's choice (murmur2 of the key, round-robin when keyless). */
  readonly partition?: number | null;
  /** Create time in ms since the epoch (a number, or a numeric string as kafkajs takes it); default the broker clock's `now()`. */
  readonly timestamp?: number | string;
}

/**
 * A record as stored in a partition log: what `broker.messages(topic)` returns. `key`/`value` are the bytes on
 * the log (Confluent wire format when the topic is bound to a registry subject); `headers` as produced;
 * `timestamp` in ms since the epoch; offsets count from 0 per partition.
 */
export interface BrokerMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: MessageHeaders;
  readonly timestamp: number;
}

/** Where a produced record landed. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
}

/** A topic and one of its partitions. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Per-partition lag of a consumer group: `lag = logEndOffset − committedOffset` (committed −1 counts as 0). */
export interface PartitionLag extends TopicPartition {
  /** Next offset the group will read after a restart; −1 when the group never committed this partition. */
  readonly committedOffset: number;
  /** Offset the next produced record will get. */
  readonly logEndOffset: number;
  readonly lag: number;
}

/** Lag of one group over the topics it subscribes to (Kafka `kafka-consumer-groups --describe`). */
export interface GroupLag {
  readonly groupId: string;
  readonly total: number;
  readonly partitions: readonly PartitionLag[];
}
