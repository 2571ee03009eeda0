import type { TopicPartition } from "./types.js";

/** Where a transaction stands: Kafka's transaction coordinator states, as consumers see them. */
export type TransactionState = "open" | "committed" | "aborted";

/**
 * One transaction of a transactional producer (Kafka's transaction coordinator state for a
 * `transactionalId`). Its records are appended as it sends them (offsets assigned at once, as Kafka does);
 * read-committed consumers see them once it commits and never once it aborts; ending it writes a marker
 * (control record) to every partition it wrote to. Consumer offsets sent with it are committed with it.
 */
export class Transaction {
  state: TransactionState = "open";
  /** Group offsets to commit with the transaction (kafkajs `transaction.sendOffsets`). */
  readonly offsets: Array<{ readonly groupId: string; readonly entries: ReadonlyArray<TopicPartition & { offset: number }> }> = [];

  constructor(
    readonly transactionalId: string,
    /** Kafka's producer id (one per `transactionalId`), counted from 0 by the broker. */
    readonly producerId: number,
  ) {}

  /** True until committed or aborted. */
  get open(): boolean {
    return this.state === "open";
  }
}

/**
 * A transaction marker's key (Kafka's `ControlRecordType` schema: version int16 0, type int16 — 0 abort,
 * 1 commit), what kafkajs's `filterAbortedMessages` compares an abort marker against.
 */
export function controlRecordKey(type: "commit" | "abort"): Buffer {
  return Buffer.from([0, 0, 0, type === "commit" ? 1 : 0]);
}

/** A transaction marker's value (Kafka's `EndTransactionMarker`: version int16 0, coordinator epoch int32 0). */
export function controlRecordValue(): Buffer {
  return Buffer.alloc(6);
}
