// The README's service: an idempotent stock reservation consumer written against kafkajs.
import type { Consumer, Kafka } from "kafkajs";

export async function startStockConsumer(kafka: Kafka, stock: Map<string, number>): Promise<Consumer> {
  const seen = new Set<string>();
  const consumer = kafka.consumer({ groupId: "stock" });
  await consumer.connect();
  await consumer.subscribe({ topics: ["orders"], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const order = JSON.parse(message.value!.toString()) as { orderId: string; items: Array<{ sku: string; qty: number }> };
      if (seen.has(order.orderId)) return; // duplicate delivery
      seen.add(order.orderId);
      for (const item of order.items) stock.set(item.sku, (stock.get(item.sku) ?? 0) - item.qty);
    },
  });
  return consumer;
}
