import type { Transaction } from "./transaction.js";
import type { BrokerMessage } from "./types.js";

/** A stored record plus what only the broker needs. */
export interface LogEntry extends BrokerMessage {
  /** The transaction that wrote the record (its state says whether it is open, committed or aborted). */
  readonly transaction?: Transaction;
  /**
   * Set on a transaction marker (Kafka's control record): `commit` or `abort`. Markers take an offset like
   * any record, but consumers never see them and `broker.messages()` leaves them out.
   */
  readonly control?: "commit" | "abort";
  /** Broker time at append (delivery delays count from here). */
  readonly appendedAt: number;
  /** The key consumers receive: the log bytes, or the decoded key when a contract binding decodes. */
  readonly consumerKey: Buffer | null;
  /** The value consumers receive: the log bytes, or the decoded value when a contract binding decodes. */
  readonly consumerValue: Buffer | null;
  /** Broker-wide append sequence (orders `broker.messages()` across partitions). */
  readonly seq: number;
}

/**
 * One partition's append-only log; offset = index. Records below `startOffset` (Kafka's log start offset, the
 * low watermark) were deleted by `deleteRecords`: they stay in `entries` for `broker.messages()` but are no
 * longer delivered.
 */
export class PartitionLog {
  readonly entries: LogEntry[] = [];
  startOffset = 0;
  /** Open transactions that wrote here → the first offset each wrote (which holds the last stable offset back). */
  readonly openTransactions = new Map<Transaction, number>();
  get endOffset(): number {
    return this.entries.length;
  }
  /**
   * Kafka's last stable offset: the first offset of the oldest open transaction, else the log end. Read
   * committed consumers read up to it, not past it.
   */
  get stableOffset(): number {
    let lso = this.entries.length;
    for (const first of this.openTransactions.values()) if (first < lso) lso = first;
    return lso;
  }
}

/** Static topic settings (from `admin.createTopics` `configEntries`, kept for `describeConfigs`-style reads). */
export interface TopicConfig {
  readonly configEntries: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** A topic: its partitions, in order. */
export class Topic {
  readonly partitions: PartitionLog[] = [];
  constructor(
    readonly name: string,
    partitionCount: number,
    readonly config: TopicConfig = { configEntries: [] },
  ) {
    this.addPartitions(partitionCount);
  }
  addPartitions(count: number): void {
    for (let i = 0; i < count; i++) this.partitions.push(new PartitionLog());
  }
}

/**
 * Kafka topic-name rules (`org.apache.kafka.common.internals.Topic.validate`): 1–249 characters of
 * `[a-zA-Z0-9._-]`, not `.` or `..`. Returns the reason a name is invalid, or `undefined`.
 */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return "topic name is empty";
  if (name === "." || name === "..") return `topic name cannot be "${name}"`;
  if (name.length > 249) return `topic name is ${name.length} characters long (at most 249)`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return `topic name ${JSON.stringify(name)} has characters outside [a-zA-Z0-9._-]`;
  return undefined;
}
