// Services written against kafkajs's documented API (test/services/*) run unchanged on broker.kafka().
import { KafkaJSError, KafkaJSProtocolError, logLevel, type Consumer, type Kafka, type LogEntry } from "kafkajs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBroker } from "../src/index.js";
import { provision } from "./services/admin-service.js";
import { startForwarder, TooManyRequestsError } from "./services/backpressure-service.js";
import { startBatchProjector } from "./services/batch-service.js";
import { startAuditSink } from "./services/manual-commit-service.js";
import { publishBatch, publishOrder, transfer } from "./services/producer-service.js";
import { sendGreeting, startGreetingConsumer } from "./services/readme-service.js";
import { startReplayer } from "./services/replay-service.js";

const running: Consumer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.disconnect();
});

describe("kafkajs services run unchanged on broker.kafka()", () => {
  it("the README producer and consumer", async () => {
    const broker = createBroker();
    const kafka: Kafka = broker.kafka({ clientId: "my-app", brokers: ["kafka1:9092", "kafka2:9092"], logLevel: logLevel.NOTHING });
    const seen: string[] = [];
    await sendGreeting(kafka, "Hello KafkaJS user!");
    running.push(await startGreetingConsumer(kafka, seen));
    await broker.waitForIdle();
    expect(seen).toEqual(["Hello KafkaJS user!"]);
  });

  it("eachBatch with resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning and isStale", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "payments",
      messages: [5, 7, -2].map((amount, i) => ({ key: `p${i}`, value: JSON.stringify({ account: "acc-1", amount }) })),
    });
    const totals = new Map<string, number>();
    running.push(await startBatchProjector(kafka, totals));
    await broker.waitForIdle();
    expect(totals.get("acc-1")).toBe(10);
    expect(broker.lag("projector").total).toBe(0);
  });

  it("manual commits: only committed offsets survive a restart", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "audit", messages: ["a", "b", "c"].map((value) => ({ value })) });
    const sink: string[] = [];
    const consumer = await startAuditSink(kafka, sink, { commitEvery: 2 });
    await broker.waitForIdle();
    await consumer.disconnect();
    expect(broker.committed("audit-sink", ["audit"])).toEqual([{ topic: "audit", partition: 0, offset: 2, metadata: null }]);
    running.push(await startAuditSink(kafka, sink, { commitEvery: 2 }));
    await broker.waitForIdle();
    expect(sink).toEqual(["a", "b", "c", "c"]);
  });

  it("pause/resume by topic partition, RegExp subscriptions and instrumentation events", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: "jobs.email" }, { topic: "jobs.sms" }, { topic: "other" }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "jobs.email", messages: [{ value: "e1" }] });
    await producer.send({ topic: "jobs.sms", messages: [{ value: "s1" }] });
    await producer.send({ topic: "other", messages: [{ value: "o1" }] });
    const received: string[] = [];
    let throttled = false;
    const dependency = {
      send: async (payload: string) => {
        if (!throttled) {
          throttled = true;
          throw new TooManyRequestsError(0);
        }
        received.push(payload);
      },
    };
    const log: string[] = [];
    running.push(await startForwarder(kafka, dependency, log));
    await vi.waitFor(() => expect(received.sort()).toEqual(["jobs.email:e1", "jobs.sms:s1"]));
    expect(log[0]).toBe("joined forwarder as leader=true");
    expect(log[1]).toMatch(/^paused jobs\.(email|sms): \[\{"topic":"jobs\.(email|sms)","partitions":\[0\]\}\]$/);
  });

  it("producer options, KafkaJSError handling, sendBatch and transactions", async () => {
    const broker = createBroker({ defaultPartitions: 3 });
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    broker.faults.failNextSends("orders", 2);
    const [meta] = await publishOrder(kafka, { id: "o-21", total: 5 });
    expect(broker.messages("orders")).toHaveLength(1);
    expect(meta).toMatchObject({ topicName: "orders", errorCode: 0, baseOffset: "0" });
    broker.faults.failNextSends("orders", 3);
    await expect(publishOrder(kafka, { id: "o-22", total: 5 })).rejects.toBeInstanceOf(KafkaJSError);

    const batch = await publishBatch(kafka);
    expect(batch.map((m) => m.topicName).sort()).toEqual(["topic-a", "topic-b"]);

    await transfer(kafka, false);
    expect(broker.messages("ledger")).toEqual([]);
    await transfer(kafka, true);
    expect(broker.messages("ledger").map((m) => m.value?.toString())).toEqual(["-10", "+10"]);
  });

  it("admin APIs and kafkajs protocol errors for unknown topics", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const { created, again, topics, metadata } = await provision(kafka);
    expect({ created, again, topics }).toEqual({ created: true, again: false, topics: ["events"] });
    expect(metadata.topics[0]!.partitions.map((p) => p.partitionId)).toEqual([0, 1, 2]);
    const admin = kafka.admin();
    await expect(admin.fetchTopicMetadata({ topics: ["missing"] })).rejects.toBeInstanceOf(KafkaJSProtocolError);
    await admin.deleteTopics({ topics: ["events"] });
    expect(await admin.listTopics()).toEqual([]);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await expect(producer.send({ topic: "nope", messages: [{ value: "x" }] })).rejects.toMatchObject({ type: "UNKNOWN_TOPIC_OR_PARTITION" });
    await expect(kafka.producer().send({ topic: "t", messages: [{ value: "x" }] })).rejects.toThrow("The producer is disconnected");
  });

  it("logLevel and logCreator on the Kafka constructor arguments", async () => {
    const broker = createBroker();
    const entries: LogEntry[] = [];
    const kafka = broker.kafka({ logLevel: logLevel.ERROR, logCreator: () => (entry) => void entries.push(entry) });
    const consumer = kafka.consumer({ groupId: "g" });
    running.push(consumer);
    await consumer.subscribe({ topic: "t", fromBeginning: true });
    let failed = false;
    await consumer.run({
      eachMessage: async () => {
        if (!failed) {
          failed = true;
          throw new Error("first time fails");
        }
      },
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "t", messages: [{ value: "x" }] });
    await broker.waitForIdle();
    expect(entries.map((e) => [e.label, e.log.message])).toEqual([["ERROR", "Error when calling eachMessage"]]);
    expect(entries[0]!.namespace).toBe("Consumer");
  });

  it("autoCommitThreshold commits every N resolved offsets, and at the end of each batch", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "t", messages: ["1", "2", "3", "4", "5"].map((value) => ({ value })) });
    const consumer = kafka.consumer({ groupId: "g" });
    running.push(consumer);
    const commits: string[] = [];
    consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => commits.push(payload.topics[0]!.partitions[0]!.offset));
    await consumer.subscribe({ topic: "t", fromBeginning: true });
    await consumer.run({ autoCommitThreshold: 2, eachMessage: async () => {} });
    await broker.waitForIdle();
    expect(commits).toEqual(["2", "4", "5"]);
  });

  it("seek from a GROUP_JOIN listener", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "history", messages: ["a", "b", "c"].map((value) => ({ value })) });
    const seen: string[] = [];
    running.push(await startReplayer(kafka, "1", seen));
    await broker.waitForIdle();
    expect(seen).toEqual(["b", "c"]);
  });

  it("a drop-in Kafka class for code that constructs its own client", async () => {
    const broker = createBroker();
    const Kafka = broker.Kafka;
    const kafka = new Kafka({ clientId: "svc", brokers: ["localhost:9092"], logLevel: logLevel.NOTHING });
    await sendGreeting(kafka, "hi");
    expect(broker.messages("test-topic").map((m) => m.value?.toString())).toEqual(["hi"]);
  });
});
