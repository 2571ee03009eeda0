// A service written the way kafkajs's README writes one: it takes a `Kafka` and uses only the documented API.
import type { Kafka } from "kafkajs";

export async function sendGreeting(kafka: Kafka, text: string): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: "test-topic", messages: [{ value: text }] });
  await producer.disconnect();
}

export async function startGreetingConsumer(kafka: Kafka, seen: string[]) {
  const consumer = kafka.consumer({ groupId: "test-group" });
  await consumer.connect();
  await consumer.subscribe({ topic: "test-topic", fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(message.value!.toString());
    },
  });
  return consumer;
}
