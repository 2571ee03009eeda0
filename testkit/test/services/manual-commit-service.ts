// Manual commits (autoCommit: false + consumer.commitOffsets), as kafkajs's docs show for exactly-once-ish sinks.
import type { Consumer, Kafka } from "kafkajs";

export async function startAuditSink(kafka: Kafka, sink: string[], options: { commitEvery: number }): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: "audit-sink" });
  await consumer.connect();
  await consumer.subscribe({ topic: "audit", fromBeginning: true });
  let sinceCommit = 0;
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      sink.push(message.value!.toString());
      if (++sinceCommit >= options.commitEvery) {
        await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
        sinceCommit = 0;
      }
    },
  });
  return consumer;
}
