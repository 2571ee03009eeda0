/** Payloads of the orders system's events (see contracts/asyncapi.yaml). */

export const ORDER_EVENTS = "order-events";
export const PAYMENT_EVENTS = "payment-events";

export const EventTypes = {
  OrderCreated: "com.example.orders.OrderCreated",
  PaymentCompleted: "com.example.payments.PaymentCompleted",
  PaymentFailed: "com.example.payments.PaymentFailed",
} as const;

export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface OrderCreated {
  readonly orderId: string;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly OrderItem[];
  readonly total: number;
  readonly currency: "EUR" | "USD";
  readonly createdAt: string;
}

export interface PaymentCompleted {
  readonly orderId: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: "EUR" | "USD";
}

export interface PaymentFailed {
  readonly orderId: string;
  readonly reason: "DECLINED" | "INVALID_ORDER";
}
