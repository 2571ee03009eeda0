import type { Producer } from "kafkajs";
import type { OrderCreated, OrderCreatedHeaders, OrdersClient } from "../../generated/src/index.js";
import type { Db } from "../database.js";
import { ORDER_EVENTS } from "../events.js";
import { markPublished, type OutboxEntry, pendingOutbox } from "../outbox.js";

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** Called after an entry was sent and before it is marked published (tests use it to simulate a crash). */
  readonly afterSend?: (entry: OutboxEntry) => void;
  /**
   * The client generated from `contracts/asyncapi.yaml` (`generated/`): `order-events` entries are published
   * through it, so each `OrderCreated` and its CloudEvents headers are checked against the contract before they
   * leave. Other topics go through the producer as they are.
   */
  readonly orders?: OrdersClient;
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
      const { key, value, headers } = entry.record;
      if (this.options.orders && entry.topic === ORDER_EVENTS) {
        // The stored record is untyped; the client checks payload and headers against the contract before sending.
        await this.options.orders.publishOrderCreated(JSON.parse(value) as OrderCreated, { key, headers: headers as unknown as OrderCreatedHeaders });
      } else {
        await this.producer.send({ topic: entry.topic, messages: [{ key, value, headers }] });
      }
      this.options.afterSend?.(entry);
      markPublished(this.db, entry.seq);
      published++;
    }
    return published;
  }
}
