// What kafkajs 2.x's producer answers (src/producer/responseSerializer.js over the Produce v3+ response).
import { logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createBroker } from "../test-broker.js";

describe("producer.send / sendBatch RecordMetadata", () => {
  it("has exactly kafkajs's fields, partitions ascending per topic, logStartOffset the low watermark", async () => {
    const broker = createBroker({ defaultPartitions: 3 });
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    await producer.connect();
    // murmur2 puts "b" on partition 2, "a" on 1 and "f" on 0: written in that order.
    await producer.send({ topic: "orders", messages: [{ key: "b", value: "1" }, { key: "b", value: "2" }] });
    await admin.deleteTopicRecords({ topic: "orders", partitions: [{ partition: 2, offset: "1" }] });
    const sent = await producer.send({
      topic: "orders",
      messages: [
        { key: "b", value: "3" },
        { key: "a", value: "4" },
        { key: "f", value: "5" },
      ],
    });
    expect(sent).toEqual([
      { topicName: "orders", partition: 0, errorCode: 0, baseOffset: "0", logAppendTime: "-1", logStartOffset: "0" },
      { topicName: "orders", partition: 1, errorCode: 0, baseOffset: "0", logAppendTime: "-1", logStartOffset: "0" },
      { topicName: "orders", partition: 2, errorCode: 0, baseOffset: "2", logAppendTime: "-1", logStartOffset: "1" },
    ]);

    const batch = await producer.sendBatch({
      topicMessages: [
        { topic: "shipments", messages: [{ key: "h", value: "x" }, { key: "g", value: "y" }] },
        { topic: "audit", messages: [{ value: "z" }] },
      ],
    });
    expect(batch.map((r) => `${r.topicName}/${r.partition}@${r.baseOffset}`)).toEqual(["shipments/0@0", "shipments/1@0", "audit/0@0"]);
    expect(batch.every((r) => !("offset" in r))).toBe(true);
    await producer.disconnect();
  });
});

describe("sendBatch with a topic listed twice", () => {
  it("merges its entries as kafkajs's messageProducer does: one topic entry, messages in order, partitioned together", async () => {
    const broker = createBroker({ defaultPartitions: 2 });
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const partitioned: string[] = [];
    const producer = kafka.producer({
      createPartitioner: () => ({ topic, message }) => {
        partitioned.push(`${topic}:${String(message.value)}`);
        return 0;
      },
    });
    await producer.connect();
    const sent = await producer.sendBatch({
      topicMessages: [
        { topic: "a", messages: [{ value: "1" }] },
        { topic: "b", messages: [{ value: "2" }] },
        { topic: "a", messages: [{ value: "3" }] },
      ],
    });
    expect(partitioned).toEqual(["a:1", "a:3", "b:2"]);
    expect(sent.map((r) => `${r.topicName}/${r.partition}@${r.baseOffset}`)).toEqual(["a/0@0", "b/0@0"]);
    expect(broker.messages().map((m) => `${m.topic}:${String(m.value)}@${m.offset}`)).toEqual(["a:1@0", "a:3@1", "b:2@0"]);
  });
});
