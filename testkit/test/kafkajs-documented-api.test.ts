// kafkajs's documented API (https://kafka.js.org/docs), used the way its docs show, on broker.kafka(): each test
// asserts what kafkajs documents, not what the facade happens to do.
import {
  AssignerProtocol,
  CompressionTypes,
  KafkaJSDeleteTopicRecordsError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNotImplemented,
  KafkaJSNumberOfRetriesExceeded,
  logLevel,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
  type ICustomPartitioner,
} from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createBroker } from "../src/index.js";

const running: Consumer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.disconnect();
});

function quietKafka(options: Parameters<typeof createBroker>[0] = {}) {
  const broker = createBroker(options);
  return { broker, kafka: broker.kafka({ clientId: "docs-app", brokers: ["kafka:9092"], logLevel: logLevel.NOTHING }) };
}

async function connectedProducer(kafka: Kafka, config: Parameters<Kafka["producer"]>[0] = {}) {
  const producer = kafka.producer(config);
  await producer.connect();
  return producer;
}

async function collect(kafka: Kafka, groupId: string, topic: string, into: KafkaMessage[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId });
  running.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void into.push(message) });
  return consumer;
}

describe("producing (kafkajs docs: Producing Messages)", () => {
  it("keys as string, Buffer or null, tombstones, headers (repeated too) and explicit timestamps reach consumers as kafkajs delivers them", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({
      topic: "profiles",
      acks: -1,
      timeout: 30000,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: "user-1", value: "v1", headers: { "correlation-id": "abc", trace: ["t1", Buffer.from("t2")] }, timestamp: "1700000000000" },
        { key: Buffer.from([0x01, 0x02]), value: Buffer.from("v2") },
        { key: null, value: null },
      ],
    });
    const seen: KafkaMessage[] = [];
    await collect(kafka, "profiles-reader", "profiles", seen);
    await broker.waitForIdle();
    expect(seen).toHaveLength(3);
    const [first, second, tombstone] = seen as [KafkaMessage, KafkaMessage, KafkaMessage];
    // kafkajs docs: "key, value and header values are Buffers"; timestamps and offsets are strings.
    expect(first.key).toEqual(Buffer.from("user-1"));
    expect(first.value).toEqual(Buffer.from("v1"));
    expect(first.timestamp).toBe("1700000000000");
    expect(first.offset).toBe("0");
    expect(first.headers).toEqual({ "correlation-id": Buffer.from("abc"), trace: [Buffer.from("t1"), Buffer.from("t2")] });
    expect(second.key).toEqual(Buffer.from([0x01, 0x02]));
    expect(typeof second.timestamp).toBe("string");
    expect(Number.isFinite(Number(second.timestamp))).toBe(true);
    expect(tombstone.key).toBeNull();
    expect(tombstone.value).toBeNull();
  });

  it("a custom createPartitioner receives { topic, partitionMetadata, message } and picks the partition", async () => {
    const { broker, kafka } = quietKafka();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "routed", numPartitions: 3 }] });
    const calls: Array<{ topic: string; partitions: number; key: string }> = [];
    const lastPartition: ICustomPartitioner = () => ({ topic, partitionMetadata, message }) => {
      calls.push({ topic, partitions: partitionMetadata.length, key: String(message.key) });
      return partitionMetadata.length - 1;
    };
    const producer = await connectedProducer(kafka, { createPartitioner: lastPartition });
    const [meta] = await producer.send({ topic: "routed", messages: [{ key: "k", value: "v" }] });
    expect(calls).toEqual([{ topic: "routed", partitions: 3, key: "k" }]);
    expect(meta).toMatchObject({ topicName: "routed", partition: 2, errorCode: 0, baseOffset: "0" });
    expect(broker.messages("routed").map((m) => m.partition)).toEqual([2]);
  });

  it("sendBatch with topicMessages answers one RecordMetadata per topic-partition written", async () => {
    const { kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    const result = await producer.sendBatch({
      acks: 1,
      compression: CompressionTypes.None,
      topicMessages: [
        { topic: "batch-a", messages: [{ value: "a1" }, { value: "a2" }] },
        { topic: "batch-b", messages: [{ value: "b1" }] },
      ],
    });
    expect(result.map((r) => [r.topicName, r.partition, r.baseOffset]).sort()).toEqual([
      ["batch-a", 0, "0"],
      ["batch-b", 0, "0"],
    ]);
  });

  it("acks: 0 resolves to no RecordMetadata (there is no produce response) but writes the records", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    expect(await producer.send({ topic: "fire-and-forget", acks: 0, messages: [{ value: "x" }] })).toEqual([]);
    expect(await producer.sendBatch({ acks: 0, topicMessages: [{ topic: "fire-and-forget", messages: [{ value: "y" }] }] })).toEqual([]);
    expect(broker.messages("fire-and-forget").map((m) => m.value?.toString())).toEqual(["x", "y"]);
  });

  it("invalid messages and idempotent producers without retries fail with non-retriable KafkaJS errors", async () => {
    const { kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    const noValue = producer.send({ topic: "t", messages: [{ key: "k" } as never] });
    await expect(noValue).rejects.toBeInstanceOf(KafkaJSNonRetriableError);
    await expect(noValue).rejects.toBeInstanceOf(KafkaJSError);
    await expect(noValue).rejects.toMatchObject({ retriable: false });
    // kafkajs: "Idempotent producer must allow retries to protect against transient errors".
    expect(() => kafka.producer({ idempotent: true, retry: { retries: 0 } })).toThrow(KafkaJSNonRetriableError);
    // kafkajs: an idempotent producer must wait for all in-sync replicas (acks -1, the default).
    const idempotent = await connectedProducer(kafka, { idempotent: true });
    await expect(idempotent.send({ topic: "t", acks: 1, messages: [{ value: "v" }] })).rejects.toThrow("invalidates the idempotent producer's EoS guarantees");
    await expect(idempotent.send({ topic: "t", messages: [{ value: "v" }] })).resolves.toHaveLength(1);
  });

  it("retry.retries (on the producer, else on the Kafka client) is the retryCount of KafkaJSNumberOfRetriesExceeded", async () => {
    const broker = createBroker();
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    broker.faults.failNextSends("orders", 1);
    const fromClient = await connectedProducer(kafka).then((p) => p.send({ topic: "orders", messages: [{ value: "x" }] })).catch((e: unknown) => e);
    expect(fromClient).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(fromClient).toMatchObject({ retryCount: 2, retriable: false });
    broker.faults.failNextSends("orders", 1);
    const own = await connectedProducer(kafka, { retry: { retries: 7 } }).then((p) => p.send({ topic: "orders", messages: [{ value: "x" }] })).catch((e: unknown) => e);
    expect(own).toMatchObject({ retryCount: 7 });
  });
});

describe("transactions (kafkajs docs: Transactions)", () => {
  it("send + sendOffsets + commit writes records and the group's offsets atomically; abort writes neither", async () => {
    const { broker, kafka } = quietKafka();
    const plain = await connectedProducer(kafka);
    await plain.send({ topic: "in", messages: [{ value: "1" }, { value: "2" }] });

    const producer = await connectedProducer(kafka, { transactionalId: "copier", idempotent: true, maxInFlightRequests: 1 });
    const aborted = await producer.transaction();
    await aborted.send({ topic: "out", messages: [{ value: "never" }] });
    await aborted.sendOffsets({ consumerGroupId: "copier-group", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "1" }] }] });
    await aborted.abort();
    expect(aborted.isActive()).toBe(false);

    const committed = await producer.transaction();
    expect(committed.isActive()).toBe(true);
    // kafkajs: "There is already an ongoing transaction for this producer".
    await expect(producer.transaction()).rejects.toBeInstanceOf(KafkaJSNonRetriableError);
    await committed.sendBatch({ topicMessages: [{ topic: "out", messages: [{ value: "1" }, { value: "2" }] }] });
    await committed.sendOffsets({ consumerGroupId: "copier-group", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "2" }] }] });
    await committed.commit();
    // kafkajs: a transaction cannot be used once ended.
    await expect(committed.send({ topic: "out", messages: [{ value: "late" }] })).rejects.toThrow("Cannot continue to use transaction once ended");
    await expect(committed.commit()).rejects.toBeInstanceOf(KafkaJSNonRetriableError);

    const seen: KafkaMessage[] = [];
    await collect(kafka, "out-reader", "out", seen);
    await broker.waitForIdle();
    expect(seen.map((m) => m.value?.toString())).toEqual(["1", "2"]);
    const admin = kafka.admin();
    expect(await admin.fetchOffsets({ groupId: "copier-group", topics: ["in"] })).toEqual([{ topic: "in", partitions: [{ partition: 0, offset: "2", metadata: null }] }]);
  });

  it("transaction() needs a transactionalId", async () => {
    const { kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await expect(producer.transaction()).rejects.toThrow("Must provide transactional id for transactional producer");
  });
});

describe("consuming (kafkajs docs: Consuming Messages)", () => {
  it("eachBatch hands a Batch with highWatermark, offsets and lag; with eachBatchAutoResolve: false unresolved messages come again", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "readings", messages: ["a", "b", "c", "d"].map((value) => ({ value })) });
    const consumer = kafka.consumer({ groupId: "readings-batch" });
    running.push(consumer);
    await consumer.subscribe({ topic: "readings", fromBeginning: true });
    type BatchView = Pick<EachBatchPayload["batch"], "topic" | "partition" | "highWatermark"> & {
      offsets: string[];
      first: string | null;
      last: string;
      lag: string;
      lagLow: string;
      empty: boolean;
      uncommittedAfter: unknown;
    };
    const batches: BatchView[] = [];
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, uncommittedOffsets }) => {
        const firstTime = batches.length === 0;
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          // The first time, stop before "c": "c" and "d" stay unresolved.
          if (firstTime && message.value?.toString() === "c") break;
          resolveOffset(message.offset);
          await heartbeat();
        }
        batches.push({
          topic: batch.topic,
          partition: batch.partition,
          highWatermark: batch.highWatermark,
          offsets: batch.messages.map((m) => m.offset),
          first: batch.firstOffset(),
          last: batch.lastOffset(),
          lag: batch.offsetLag(),
          lagLow: batch.offsetLagLow(),
          empty: batch.isEmpty(),
          uncommittedAfter: uncommittedOffsets().topics,
        });
      },
    });
    await broker.waitForIdle();
    expect(batches).toEqual([
      {
        topic: "readings",
        partition: 0,
        highWatermark: "4",
        offsets: ["0", "1", "2", "3"],
        first: "0",
        last: "3",
        lag: "0",
        lagLow: "3",
        empty: false,
        uncommittedAfter: [{ topic: "readings", partitions: [{ partition: 0, offset: "2" }] }],
      },
      {
        topic: "readings",
        partition: 0,
        highWatermark: "4",
        offsets: ["2", "3"],
        first: "2",
        last: "3",
        lag: "0",
        lagLow: "1",
        empty: false,
        uncommittedAfter: [{ topic: "readings", partitions: [{ partition: 0, offset: "4" }] }],
      },
    ]);
    expect(broker.committed("readings-batch", ["readings"])).toEqual([{ topic: "readings", partition: 0, offset: 4, metadata: null }]);
  });

  it("partitionsConsumedConcurrently runs several partitions' handlers at the same time", async () => {
    const { broker, kafka } = quietKafka({ defaultPartitions: 3 });
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "work", messages: [0, 1, 2].map((partition) => ({ partition, value: `p${partition}` })) });
    const consumer = kafka.consumer({ groupId: "workers" });
    running.push(consumer);
    await consumer.subscribe({ topic: "work", fromBeginning: true });
    const entered = new Set<number>();
    let releaseAll!: () => void;
    const allEntered = new Promise<void>((resolve) => (releaseAll = resolve));
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ partition }) => {
        entered.add(partition);
        if (entered.size === 3) releaseAll();
        // Sequential processing would wait here forever (waitForIdle then times out).
        await allEntered;
      },
    });
    await broker.waitForIdle({ timeoutMs: 10_000 });
    expect([...entered].sort()).toEqual([0, 1, 2]);
  });

  it("pause/paused/resume whole topics: a paused topic is not fetched, resume picks up where it stopped", async () => {
    const { broker, kafka } = quietKafka({ defaultPartitions: 2 });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: "slow", numPartitions: 2 }] });
    const seen: KafkaMessage[] = [];
    const consumer = await collect(kafka, "slow-reader", "slow", seen);
    consumer.pause([{ topic: "slow" }]);
    expect(consumer.paused()).toEqual([{ topic: "slow", partitions: [0, 1] }]);
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "slow", messages: [{ partition: 0, value: "x" }, { partition: 1, value: "y" }] });
    await broker.waitForIdle();
    expect(seen).toEqual([]);
    consumer.resume([{ topic: "slow", partitions: [1] }]);
    expect(consumer.paused()).toEqual([{ topic: "slow", partitions: [0] }]);
    await broker.waitForIdle();
    expect(seen.map((m) => m.value?.toString())).toEqual(["y"]);
    consumer.resume([{ topic: "slow" }]);
    expect(consumer.paused()).toEqual([]);
    await broker.waitForIdle();
    expect(seen.map((m) => m.value?.toString())).toEqual(["y", "x"]);
  });

  it("seek replays from an offset; with autoCommit: false only commitOffsets commits (with metadata)", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "ledger", messages: ["a", "b", "c"].map((value) => ({ value })) });
    const consumer = kafka.consumer({ groupId: "ledger-reader" });
    running.push(consumer);
    await consumer.subscribe({ topic: "ledger", fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await broker.waitForIdle();
    expect(seen).toEqual(["a", "b", "c"]);
    const admin = kafka.admin();
    expect(await admin.fetchOffsets({ groupId: "ledger-reader", topics: ["ledger"] })).toEqual([{ topic: "ledger", partitions: [{ partition: 0, offset: "-1", metadata: null }] }]);

    expect(() => consumer.seek({ topic: "ledger", partition: 0, offset: "-5" })).toThrow("Offset must not be a negative number");
    consumer.seek({ topic: "ledger", partition: 0, offset: "1" });
    await broker.waitForIdle();
    expect(seen).toEqual(["a", "b", "c", "b", "c"]);
    await consumer.commitOffsets([{ topic: "ledger", partition: 0, offset: "3", metadata: "checkpoint-1" }]);
    expect(await admin.fetchOffsets({ groupId: "ledger-reader", topics: ["ledger"] })).toEqual([
      { topic: "ledger", partitions: [{ partition: 0, offset: "3", metadata: "checkpoint-1" }] },
    ]);
  });

  it("seek and pause before run throw KafkaJSNonRetriableError; a consumer needs a groupId", async () => {
    const { kafka } = quietKafka();
    const consumer = kafka.consumer({ groupId: "not-running" });
    await consumer.subscribe({ topic: "t" });
    expect(() => consumer.seek({ topic: "t", partition: 0, offset: "0" })).toThrow(KafkaJSNonRetriableError);
    expect(() => consumer.pause([{ topic: "t" }])).toThrow(KafkaJSNonRetriableError);
    expect(() => kafka.consumer({} as never)).toThrow(KafkaJSNonRetriableError);
  });
});

describe("instrumentation events (kafkajs docs: Instrumentation)", () => {
  it("consumer events carry { id, type, timestamp, payload } with the documented payloads", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "metrics", messages: [{ value: "m0" }, { value: "m1" }] });
    const consumer = kafka.consumer({ groupId: "observer" });
    running.push(consumer);
    const events: Array<{ type: string; payload: unknown }> = [];
    const { CONNECT, GROUP_JOIN, FETCH_START, FETCH, START_BATCH_PROCESS, END_BATCH_PROCESS, COMMIT_OFFSETS, STOP, DISCONNECT } = consumer.events;
    for (const name of [CONNECT, GROUP_JOIN, FETCH_START, FETCH, START_BATCH_PROCESS, END_BATCH_PROCESS, COMMIT_OFFSETS, STOP, DISCONNECT]) {
      consumer.on(name, (e: { id: unknown; type: string; timestamp: number; payload: unknown }) => {
        expect(e.type).toBe(name);
        expect(typeof e.timestamp).toBe("number");
        expect(e.id).toBeDefined();
        events.push({ type: e.type, payload: e.payload });
      });
    }
    const removeHeartbeat = consumer.on(consumer.events.HEARTBEAT, () => {});
    expect(typeof removeHeartbeat).toBe("function");
    removeHeartbeat();
    expect(() => consumer.on("consumer.not_an_event" as never, () => {})).toThrow(KafkaJSNonRetriableError);

    await consumer.connect();
    await consumer.subscribe({ topic: "metrics", fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    await broker.waitForIdle();
    await consumer.disconnect();
    running.length = 0;

    const payload = (type: string) => events.find((e) => e.type === type)?.payload;
    expect(payload(GROUP_JOIN)).toEqual({
      duration: expect.any(Number),
      groupId: "observer",
      isLeader: true,
      leaderId: expect.any(String),
      groupProtocol: expect.any(String),
      memberId: expect.any(String),
      memberAssignment: { metrics: [0] },
    });
    expect(payload(FETCH_START)).toEqual({ nodeId: expect.anything() });
    expect(payload(FETCH)).toEqual({ numberOfBatches: expect.any(Number), duration: expect.any(Number), nodeId: expect.anything() });
    expect(payload(START_BATCH_PROCESS)).toEqual({
      topic: "metrics",
      partition: 0,
      highWatermark: "2",
      offsetLag: "0",
      offsetLagLow: "1",
      batchSize: 2,
      firstOffset: "0",
      lastOffset: "1",
    });
    expect(payload(END_BATCH_PROCESS)).toMatchObject({ topic: "metrics", partition: 0, batchSize: 2, duration: expect.any(Number) });
    expect(payload(COMMIT_OFFSETS)).toEqual({
      groupId: "observer",
      memberId: expect.any(String),
      groupGenerationId: expect.any(Number),
      topics: [{ topic: "metrics", partitions: [{ partition: 0, offset: "2" }] }],
    });
    const order = events.map((e) => e.type);
    expect(order[0]).toBe(CONNECT);
    expect(order.indexOf(FETCH_START)).toBeLessThan(order.indexOf(START_BATCH_PROCESS));
    expect(order.indexOf(START_BATCH_PROCESS)).toBeLessThan(order.indexOf(END_BATCH_PROCESS));
    expect(order.slice(-2)).toEqual([STOP, DISCONNECT]);
  });

  it("a member already in the group sees REBALANCING then GROUP_JOIN when another joins; stop then run again resumes from committed offsets", async () => {
    const { broker, kafka } = quietKafka({ defaultPartitions: 2 });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: "shared", numPartitions: 2 }] });
    const first = kafka.consumer({ groupId: "pair" });
    running.push(first);
    const firstEvents: string[] = [];
    first.on(first.events.REBALANCING, ({ payload }) => void firstEvents.push(`rebalancing ${payload.groupId}`));
    first.on(first.events.GROUP_JOIN, ({ payload }) => void firstEvents.push(`join ${JSON.stringify(payload.memberAssignment)}`));
    const seen: string[] = [];
    await first.subscribe({ topic: "shared", fromBeginning: true });
    await first.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await broker.waitForIdle();
    const second = kafka.consumer({ groupId: "pair" });
    running.push(second);
    const secondEvents: string[] = [];
    second.on(second.events.REBALANCING, () => void secondEvents.push("rebalancing"));
    second.on(second.events.GROUP_JOIN, () => void secondEvents.push("join"));
    await second.subscribe({ topic: "shared", fromBeginning: true });
    await second.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await broker.waitForIdle();
    expect(firstEvents).toEqual(['join {"shared":[0,1]}', "rebalancing pair", 'join {"shared":[0]}']);
    expect(secondEvents).toEqual(["join"]);

    // kafkajs: a stopped consumer can run again; it continues from the group's committed offsets.
    await second.stop();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "shared", messages: [{ partition: 0, value: "a" }] });
    await broker.waitForIdle();
    await first.stop();
    await producer.send({ topic: "shared", messages: [{ partition: 1, value: "b" }] });
    await first.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await broker.waitForIdle();
    expect(seen).toEqual(["a", "b"]);
  });

  it("producer and admin CONNECT/DISCONNECT events", async () => {
    const { kafka } = quietKafka();
    const seen: string[] = [];
    const producer = kafka.producer();
    producer.on(producer.events.CONNECT, (e) => void seen.push(e.type));
    producer.on(producer.events.DISCONNECT, (e) => void seen.push(e.type));
    const admin = kafka.admin();
    admin.on(admin.events.CONNECT, (e) => void seen.push(e.type));
    admin.on(admin.events.DISCONNECT, (e) => void seen.push(e.type));
    await producer.connect();
    await admin.connect();
    await admin.disconnect();
    await producer.disconnect();
    expect(seen).toEqual(["producer.connect", "admin.connect", "admin.disconnect", "producer.disconnect"]);
  });
});

describe("admin client (kafkajs docs: Admin Client)", () => {
  it("fetchOffsets with resolveOffsets resolves a group with no committed offset to the log end, as kafkajs does", async () => {
    const { kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "events", messages: [{ value: "a" }, { value: "b" }] });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchOffsets({ groupId: "fresh", topics: ["events"] })).toEqual([{ topic: "events", partitions: [{ partition: 0, offset: "-1", metadata: null }] }]);
    expect(await admin.fetchOffsets({ groupId: "fresh", topics: ["events"], resolveOffsets: true })).toEqual([
      { topic: "events", partitions: [{ partition: 0, offset: "2", metadata: null }] },
    ]);
  });

  it("resetOffsets (earliest) and setOffsets move a stopped group; a running group is refused", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "audit", messages: ["a", "b", "c"].map((value) => ({ value })) });
    const seen: KafkaMessage[] = [];
    const consumer = await collect(kafka, "auditor", "audit", seen);
    await broker.waitForIdle();
    const admin = kafka.admin();
    await admin.connect();
    await expect(admin.resetOffsets({ groupId: "auditor", topic: "audit", earliest: true })).rejects.toThrow(
      "The consumer group must have no running instances, current state: Stable",
    );
    await consumer.disconnect();
    await admin.resetOffsets({ groupId: "auditor", topic: "audit", earliest: true });
    expect(await admin.fetchOffsets({ groupId: "auditor", topics: ["audit"], resolveOffsets: true })).toEqual([
      { topic: "audit", partitions: [{ partition: 0, offset: "0", metadata: null }] },
    ]);
    await admin.setOffsets({ groupId: "auditor", topic: "audit", partitions: [{ partition: 0, offset: "2" }] });
    const replay: KafkaMessage[] = [];
    await collect(kafka, "auditor", "audit", replay);
    await broker.waitForIdle();
    expect(replay.map((m) => m.value?.toString())).toEqual(["c"]);
  });

  it("fetchTopicOffsetsByTimestamp gives the first offset at or after the timestamp, else the high watermark", async () => {
    const { kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "ticks", messages: [1000, 2000, 3000].map((t) => ({ value: String(t), timestamp: String(t) })) });
    const admin = kafka.admin();
    expect(await admin.fetchTopicOffsetsByTimestamp("ticks", 1500)).toEqual([{ partition: 0, offset: "1" }]);
    expect(await admin.fetchTopicOffsetsByTimestamp("ticks", 9999)).toEqual([{ partition: 0, offset: "3" }]);
    expect(await admin.fetchTopicOffsets("ticks")).toEqual([{ partition: 0, offset: "3", high: "3", low: "0" }]);
  });

  it("describeGroups member assignments decode with AssignerProtocol, as kafkajs's docs show", async () => {
    const { kafka } = quietKafka({ defaultPartitions: 2 });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: "orders", numPartitions: 2 }] });
    await collect(kafka, "order-readers", "orders", []);
    const { groups } = await admin.describeGroups(["order-readers"]);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group).toMatchObject({ groupId: "order-readers", state: "Stable", protocolType: "consumer" });
    const member = group!.members[0]!;
    expect(member.clientId).toBe("docs-app");
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    expect(assignment?.assignment).toEqual({ orders: [0, 1] });
    const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
    expect(metadata?.topics).toEqual(["orders"]);
    expect((await admin.listGroups()).groups).toEqual([{ groupId: "order-readers", protocolType: "consumer" }]);
  });

  it("fetchOffsets without topics lists the topics the group committed on, and only those", async () => {
    const { broker, kafka } = quietKafka();
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "committed-topic", messages: [{ value: "a" }] });
    const consumer = kafka.consumer({ groupId: "mixed" });
    running.push(consumer);
    await consumer.subscribe({ topics: ["committed-topic", "quiet-topic"], fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    await broker.waitForIdle();
    const admin = kafka.admin();
    expect(await admin.fetchOffsets({ groupId: "mixed" })).toEqual([{ topic: "committed-topic", partitions: [{ partition: 0, offset: "1", metadata: null }] }]);
  });

  it("deleteTopicRecords moves the low watermark: deleted records are no longer consumed", async () => {
    const { broker, kafka } = quietKafka({ defaultPartitions: 2 });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "retention", numPartitions: 2 }] });
    const producer = await connectedProducer(kafka);
    await producer.send({ topic: "retention", messages: ["a", "b", "c"].map((value) => ({ partition: 0, value })) });
    await producer.send({ topic: "retention", messages: ["x", "y"].map((value) => ({ partition: 1, value })) });
    await admin.deleteTopicRecords({ topic: "retention", partitions: [{ partition: 0, offset: "2" }, { partition: 1, offset: "-1" }] });
    expect(await admin.fetchTopicOffsets("retention")).toEqual([
      { partition: 0, offset: "3", high: "3", low: "2" },
      { partition: 1, offset: "2", high: "2", low: "2" },
    ]);
    const seen: KafkaMessage[] = [];
    await collect(kafka, "late-reader", "retention", seen);
    await broker.waitForIdle();
    expect(seen.map((m) => [m.offset, m.value?.toString()])).toEqual([["2", "c"]]);
    // kafkajs: an offset beyond the high watermark, or a partition the topic lacks, rejects with KafkaJSDeleteTopicRecordsError.
    const beyond = admin.deleteTopicRecords({ topic: "retention", partitions: [{ partition: 0, offset: "99" }] });
    await expect(beyond).rejects.toBeInstanceOf(KafkaJSDeleteTopicRecordsError);
    await expect(beyond).rejects.toMatchObject({ partitions: [{ partition: 0, offset: "99", error: { type: "OFFSET_OUT_OF_RANGE" } }] });
    await expect(admin.deleteTopicRecords({ topic: "retention", partitions: [{ partition: 5, offset: "0" }] })).rejects.toBeInstanceOf(KafkaJSDeleteTopicRecordsError);
    await expect(admin.deleteTopicRecords({ topic: "retention", partitions: [] })).rejects.toThrow("Invalid partitions");
  });

  it("operations without meaning in memory throw KafkaJSNotImplemented naming themselves", async () => {
    const { kafka } = quietKafka();
    const admin = kafka.admin();
    await expect(admin.alterPartitionReassignments({ topics: [] })).rejects.toBeInstanceOf(KafkaJSNotImplemented);
    await expect(admin.describeAcls({} as never)).rejects.toThrow("describeAcls");
  });
});
