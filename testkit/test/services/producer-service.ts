// Producer usage from kafkajs's docs: acks, compression, sendBatch with topicMessages, retrying on KafkaJSError,
// transactions, and a custom partitioner.
import { CompressionTypes, KafkaJSError, Partitioners, type Kafka, type RecordMetadata } from "kafkajs";

export async function publishOrder(kafka: Kafka, order: { id: string; total: number }): Promise<RecordMetadata[]> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await producer.send({
          topic: "orders",
          acks: -1,
          timeout: 30000,
          compression: CompressionTypes.GZIP,
          messages: [{ key: order.id, value: JSON.stringify(order), headers: { "content-type": "application/json" } }],
        });
      } catch (e) {
        if (!(e instanceof KafkaJSError) || attempt >= 3) throw e;
      }
    }
  } finally {
    await producer.disconnect();
  }
}

export async function publishBatch(kafka: Kafka): Promise<RecordMetadata[]> {
  const producer = kafka.producer();
  await producer.connect();
  const result = await producer.sendBatch({
    acks: 1,
    compression: CompressionTypes.None,
    topicMessages: [
      { topic: "topic-a", messages: [{ key: "key", value: "hello topic-a" }] },
      { topic: "topic-b", messages: [{ key: "key", value: "hello topic-b" }] },
    ],
  });
  await producer.disconnect();
  return result;
}

export async function transfer(kafka: Kafka, commit: boolean): Promise<void> {
  const producer = kafka.producer({ transactionalId: "transfers", idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const transaction = await producer.transaction();
  try {
    await transaction.send({ topic: "ledger", messages: [{ key: "acct-1", value: "-10" }] });
    await transaction.send({ topic: "ledger", messages: [{ key: "acct-2", value: "+10" }] });
    if (!commit) throw new Error("changed my mind");
    await transaction.commit();
  } catch {
    await transaction.abort();
  }
  await producer.disconnect();
}
