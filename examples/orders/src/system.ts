import type { Consumer, Kafka, Producer } from "kafkajs";
import { EmailService, type Mailer } from "./email-service.js";
import { InventoryService } from "./inventory-service.js";
import { startEmailConsumer, startInventoryConsumer, startOrderStatusProjection, startPaymentConsumer } from "./messaging/consumers.js";
import { OutboxRelay, type OutboxRelayOptions } from "./messaging/outbox-relay.js";
import { OrderService } from "./order-service.js";
import { OrderStatusView } from "./order-status-view.js";
import { type PaymentGateway, PaymentService } from "./payment-service.js";

/** Everything the orders system needs from outside. */
export interface OrdersSystemOptions {
  readonly kafka: Kafka;
  readonly gateway: PaymentGateway;
  readonly mailer: Mailer;
  readonly initialStock: Record<string, number>;
  readonly orderRelay?: OutboxRelayOptions;
}

/** The running orders system: its services, relays and consumers. */
export interface OrdersSystem {
  readonly orders: OrderService;
  readonly inventory: InventoryService;
  readonly payments: PaymentService;
  readonly email: EmailService;
  readonly view: OrderStatusView;
  /** Publishes the order service's outbox. */
  readonly orderRelay: OutboxRelay;
  stop(): Promise<void>;
}

/** Wires the services to Kafka and starts every consumer. */
export async function startOrdersSystem(options: OrdersSystemOptions): Promise<OrdersSystem> {
  const { kafka } = options;
  const producers: Producer[] = [kafka.producer(), kafka.producer()];
  await Promise.all(producers.map((p) => p.connect()));
  const orders = new OrderService();
  const inventory = new InventoryService(options.initialStock);
  const payments = new PaymentService(options.gateway);
  const email = new EmailService(options.mailer);
  const view = new OrderStatusView();
  const orderRelay = new OutboxRelay(orders.db, producers[0]!, options.orderRelay);
  const paymentRelay = new OutboxRelay(payments.db, producers[1]!);
  const consumers: Consumer[] = await Promise.all([
    startInventoryConsumer(kafka, inventory),
    startPaymentConsumer(kafka, payments, paymentRelay),
    startEmailConsumer(kafka, email),
    startOrderStatusProjection(kafka, view),
  ]);
  return {
    orders,
    inventory,
    payments,
    email,
    view,
    orderRelay,
    async stop() {
      await Promise.all(consumers.map((c) => c.disconnect()));
      await Promise.all(producers.map((p) => p.disconnect()));
      for (const db of [orders.db, inventory.db, payments.db, email.db, view.db]) db.close();
    },
  };
}
