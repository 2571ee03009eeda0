// An eachBatch consumer as kafkajs's docs (Consuming Messages → eachBatch) write one.
import type { Consumer, Kafka } from "kafkajs";

export async function startBatchProjector(kafka: Kafka, totals: Map<string, number>): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: "projector" });
  await consumer.connect();
  await consumer.subscribe({ topics: ["payments"], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const { account, amount } = JSON.parse(message.value!.toString()) as { account: string; amount: number };
        totals.set(account, (totals.get(account) ?? 0) + amount);
        resolveOffset(message.offset);
        await heartbeat();
      }
      await commitOffsetsIfNecessary();
    },
  });
  return consumer;
}
