import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import { type CloudEvent, fromKafkaRecord } from "../cloudevents.js";
import type { EmailService } from "../email-service.js";
import { EventTypes, ORDER_EVENTS, type OrderCreated, PAYMENT_EVENTS, type PaymentCompleted, type PaymentFailed } from "../events.js";
import type { InventoryService } from "../inventory-service.js";
import type { OrderStatusView } from "../order-status-view.js";
import type { PaymentService } from "../payment-service.js";
import type { OutboxRelay } from "./outbox-relay.js";

/** Handles one CloudEvent; unknown event types are skipped. */
type EventHandler = (event: CloudEvent) => Promise<void> | void;

/** Starts a consumer in `groupId` on `topics`, decoding each record as a binary-mode CloudEvent. */
async function startEventConsumer(kafka: Kafka, groupId: string, topics: string[], handle: EventHandler): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }: { message: KafkaMessage }) => {
      await handle(fromKafkaRecord(message));
    },
  });
  return consumer;
}

/** Inventory: reserves stock for every OrderCreated (group `inventory`). */
export function startInventoryConsumer(kafka: Kafka, inventory: InventoryService): Promise<Consumer> {
  return startEventConsumer(kafka, "inventory", [ORDER_EVENTS], (event) => {
    if (event.type === EventTypes.OrderCreated) inventory.reserve(event.id, event.data as OrderCreated);
  });
}

/**
 * Payment: charges every OrderCreated and relays the outcome from its outbox (group `payment`). Gateway errors
 * propagate, so the broker redelivers, retries with backoff and finally dead-letters the order event.
 */
export function startPaymentConsumer(kafka: Kafka, payments: PaymentService, relay: OutboxRelay): Promise<Consumer> {
  return startEventConsumer(kafka, "payment", [ORDER_EVENTS], async (event) => {
    if (event.type !== EventTypes.OrderCreated) return;
    await payments.handle(event.id, event.data as OrderCreated);
    await relay.relayPending();
  });
}

/** Email: order confirmations and payment receipts (group `email`). */
export function startEmailConsumer(kafka: Kafka, email: EmailService): Promise<Consumer> {
  return startEventConsumer(kafka, "email", [ORDER_EVENTS, PAYMENT_EVENTS], (event) => {
    if (event.type === EventTypes.OrderCreated) email.orderConfirmation(event.id, event.data as OrderCreated);
    if (event.type === EventTypes.PaymentCompleted) email.paymentReceipt(event.id, event.data as PaymentCompleted);
  });
}

/** The order-status read model (group `order-status-view`). */
export function startOrderStatusProjection(kafka: Kafka, view: OrderStatusView): Promise<Consumer> {
  return startEventConsumer(kafka, "order-status-view", [ORDER_EVENTS, PAYMENT_EVENTS], (event) => {
    switch (event.type) {
      case EventTypes.OrderCreated: {
        const order = event.data as OrderCreated;
        return view.apply(event.id, order.orderId, "PENDING_PAYMENT", order.total);
      }
      case EventTypes.PaymentCompleted:
        return view.apply(event.id, (event.data as PaymentCompleted).orderId, "PAID");
      case EventTypes.PaymentFailed:
        return view.apply(event.id, (event.data as PaymentFailed).orderId, "PAYMENT_FAILED");
    }
  });
}
