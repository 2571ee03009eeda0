import type { Producer } from "kafkajs";
import type { Db } from "../database.js";
import { markPublished, type OutboxEntry, pendingOutbox } from "../outbox.js";

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** Called after an entry was sent and before it is marked published (tests use it to simulate a crash). */
  readonly afterSend?: (entry: OutboxEntry) => void;
}

/**
 * The outbox relay: publishes unpublished outbox rows in order with a kafkajs producer, then marks them. It is
 * at-least-once: a crash between send and mark re-sends the row on the next run, with the same CloudEvents id,
 * and consumers deduplicate on `ce_id`.
 */
export class OutboxRelay {
  constructor(
    private readonly db: Db,
    private readonly producer: Producer,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  /** Publishes everything pending; returns how many rows it published. */
  async relayPending(): Promise<number> {
    let published = 0;
    for (const entry of pendingOutbox(this.db)) {
      await this.producer.send({
        topic: entry.topic,
        messages: [{ key: entry.record.key, value: entry.record.value, headers: entry.record.headers }],
      });
      this.options.afterSend?.(entry);
      markPublished(this.db, entry.seq);
      published++;
    }
    return published;
  }
}
