// Rewinds on every join: seek from a GROUP_JOIN listener to each assigned partition's start offset.
import type { Consumer, Kafka } from "kafkajs";

export async function startReplayer(kafka: Kafka, startOffset: string, seen: string[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: "replayer" });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
      for (const partition of partitions) consumer.seek({ topic, partition, offset: startOffset });
    }
  });
  await consumer.connect();
  await consumer.subscribe({ topic: "history" });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
  return consumer;
}
