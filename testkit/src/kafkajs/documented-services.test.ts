// Small services written only from kafka.js.org's documented API and examples (Consuming, Producing, Admin,
// Pause & Resume), run on the facade, with what kafkajs 2.2.4 on a real cluster does (node_modules/kafkajs/src).
import {
  CompressionCodecs,
  CompressionTypes,
  KafkaJSNonRetriableError,
  KafkaJSNotImplemented,
  logLevel,
  Partitioners,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
  type PartitionMetadata,
} from "kafkajs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBroker, type TestBroker } from "../test-broker.js";

const running: Consumer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of running.splice(0)) await c.disconnect();
});

function setup(defaultPartitions = 1) {
  const broker = createBroker({ defaultPartitions });
  const kafka = broker.kafka({ clientId: "svc", logLevel: logLevel.NOTHING });
  return { broker, kafka };
}

async function produce(kafka: Kafka, topic: string, messages: Array<{ key?: string; value: string; partition?: number }>) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages });
  await producer.disconnect();
}

function startConsumer(kafka: Kafka, groupId: string): Consumer {
  const consumer = kafka.consumer({ groupId });
  running.push(consumer);
  return consumer;
}

function committed(broker: TestBroker, groupId: string, topic: string): number[] {
  return broker.committed(groupId, [topic]).map((c) => c.offset);
}

describe("eachBatch bulk writer (eachBatchAutoResolve: false, docs: Consuming → eachBatch)", () => {
  it("resolves per message, heartbeats, commits if necessary and counts resolved offsets as kafkajs does", async () => {
    const { broker, kafka } = setup();
    await produce(kafka, "rows", Array.from({ length: 10 }, (_, i) => ({ value: `r${i}` })));
    const consumer = startConsumer(kafka, "bulk");
    const commits: string[] = [];
    consumer.on(consumer.events.COMMIT_OFFSETS, (e) => void commits.push(e.payload.topics[0]!.partitions[0]!.offset));
    await consumer.connect();
    await consumer.subscribe({ topics: ["rows"], fromBeginning: true });
    const stored: string[] = [];
    const committedInside: number[] = [];
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommitThreshold: 5,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
        // One bulk insert for the batch, then the batch's last offset resolved at once.
        if (!isRunning() || isStale()) return;
        stored.push(...batch.messages.map((m) => m.value!.toString()));
        resolveOffset(batch.lastOffset());
        await heartbeat();
        await commitOffsetsIfNecessary();
        committedInside.push(...committed(broker, "bulk", "rows"));
      },
    });
    await broker.waitForIdle();
    expect(stored).toHaveLength(10);
    // kafkajs OffsetManager#countResolvedOffsets: resolved − committed offsets (10 − 0 ≥ 5), not the number of
    // resolveOffset calls: commitOffsetsIfNecessary() commits inside the handler.
    expect(committedInside).toEqual([10]);
    expect(commits).toEqual(["10"]);
  });

  it("breaks out on isStale() after a seek and on isRunning() after stop(), committing only what it resolved", async () => {
    const { broker, kafka } = setup();
    await produce(kafka, "rows", Array.from({ length: 6 }, (_, i) => ({ value: `r${i}` })));
    const consumer = startConsumer(kafka, "bulk");
    await consumer.connect();
    await consumer.subscribe({ topic: "rows", fromBeginning: true });
    const seen: string[] = [];
    let replayed = false;
    const staleAt: string[] = [];
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning()) break;
          if (isStale()) {
            staleAt.push(message.offset);
            break;
          }
          if (message.offset === "3" && !replayed) {
            replayed = true;
            consumer.seek({ topic: batch.topic, partition: batch.partition, offset: "1" });
            continue;
          }
          seen.push(message.offset);
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
    await broker.waitForIdle();
    expect(staleAt).toEqual(["4"]);
    expect(seen).toEqual(["0", "1", "2", "1", "2", "3", "4", "5"]);
    expect(committed(broker, "bulk", "rows")).toEqual([6]);

    // stop() while the handler runs: isRunning() turns false, the resolved offsets are committed on the way out.
    await consumer.stop();
    await produce(kafka, "rows", Array.from({ length: 4 }, (_, i) => ({ value: `s${i}` })));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const handled: string[] = [];
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, isRunning }) => {
        for (const message of batch.messages) {
          if (!isRunning()) break;
          handled.push(message.offset);
          resolveOffset(message.offset);
          if (message.offset === "7") {
            entered();
            await gate;
          }
        }
      },
    });
    await inside;
    const stopped = consumer.stop();
    release();
    await stopped;
    expect(handled).toEqual(["6", "7"]);
    expect(committed(broker, "bulk", "rows")).toEqual([8]);
  });
});

class TooManyRequestsError extends Error {
  constructor(readonly retryAfter: number) {
    super("429 Too Many Requests");
  }
}

describe("rate-limited forwarder (docs: Consuming → Pause & Resume, setTimeout-based resume)", () => {
  async function forwarder(kafka: Kafka, style: "consumer" | "payload") {
    const consumer = startConsumer(kafka, "fwd");
    await consumer.connect();
    await consumer.subscribe({ topic: "emails", fromBeginning: true });
    const delivered: string[] = [];
    const returned: unknown[] = [];
    let throttle = true;
    const sendToDependency = async (message: KafkaMessage) => {
      const value = message.value!.toString();
      delivered.push(value);
      if (value === "a0" && throttle) {
        throttle = false;
        throw new TooManyRequestsError(2);
      }
    };
    await consumer.run({
      eachMessage: async ({ topic, partition, message, pause }) => {
        try {
          await sendToDependency(message);
        } catch (e) {
          if (e instanceof TooManyRequestsError) {
            if (style === "consumer") {
              returned.push(consumer.pause([{ topic, partitions: [partition] }]));
              setTimeout(() => consumer.resume([{ topic, partitions: [partition] }]), e.retryAfter * 1000);
            } else {
              const resumeThisPartition = pause();
              returned.push(typeof resumeThisPartition);
              setTimeout(resumeThisPartition, e.retryAfter * 1000);
            }
          }
          throw e;
        }
      },
    });
    return { consumer, delivered, returned };
  }

  for (const style of ["consumer", "payload"] as const) {
    it(`${style === "consumer" ? "consumer.pause/resume" : "the payload's pause()"}: the throttled partition waits for the service's timer, then its message comes again`, async () => {
      // The service's own setTimeout is no broker timer: fake it, and advance it (see README, Service timers).
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const { broker, kafka } = setup(2);
      await produce(kafka, "emails", [
        { value: "a0", partition: 0 },
        { value: "a1", partition: 0 },
        { value: "b0", partition: 1 },
        { value: "b1", partition: 1 },
      ]);
      const { consumer, delivered, returned } = await forwarder(kafka, style);
      await broker.waitForIdle();
      // consumer.pause returns nothing; the payload's pause() returns the function that resumes the partition.
      expect(returned).toEqual([style === "consumer" ? undefined : "function"]);
      expect(consumer.paused()).toEqual([{ topic: "emails", partitions: [0] }]);
      // kafkajs src/consumer/index.js#pause validates partitions before pausing anything.
      expect(() => consumer.pause([{ topic: "emails", partitions: 1 as unknown as number[] }])).toThrow(
        new KafkaJSNonRetriableError("Array of valid partitions required to pause specific partitions instead of 1"),
      );
      expect(delivered.filter((v) => v.startsWith("b"))).toEqual(["b0", "b1"]);
      expect(delivered.filter((v) => v.startsWith("a"))).toEqual(["a0"]);
      expect(committed(broker, "fwd", "emails")).toEqual([-1, 2]);

      await vi.advanceTimersByTimeAsync(2000);
      await broker.waitForIdle();
      expect(consumer.paused()).toEqual([]);
      expect(delivered.filter((v) => v.startsWith("a"))).toEqual(["a0", "a0", "a1"]);
      expect(committed(broker, "fwd", "emails")).toEqual([2, 2]);
    });
  }
});

describe("projection rebuilder (docs: Consuming → Seek)", () => {
  it("seek after run replays a partition; seek in the GROUP_JOIN listener picks the start offset", async () => {
    const { broker, kafka } = setup();
    await produce(kafka, "events", ["e0", "e1", "e2", "e3"].map((value) => ({ value })));
    const consumer = startConsumer(kafka, "projection");
    await consumer.connect();
    await consumer.subscribe({ topic: "events", fromBeginning: true });
    const applied: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void applied.push(`${message.offset}:${message.value!.toString()}`) });
    await broker.waitForIdle();
    consumer.seek({ topic: "events", partition: 0, offset: "2" });
    await broker.waitForIdle();
    expect(applied).toEqual(["0:e0", "1:e1", "2:e2", "3:e3", "2:e2", "3:e3"]);
    expect(committed(broker, "projection", "events")).toEqual([4]);
    await consumer.disconnect();

    // A second service starts each assigned partition at offset 1, whatever the group committed.
    const late = startConsumer(kafka, "audit");
    late.on(late.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) late.seek({ topic, partition, offset: "1" });
      }
    });
    await late.connect();
    await late.subscribe({ topic: "events", fromBeginning: true });
    const audited: string[] = [];
    await late.run({ eachMessage: async ({ message }) => void audited.push(message.offset) });
    await broker.waitForIdle();
    expect(audited).toEqual(["1", "2", "3"]);
  });
});

describe("admin bootstrap and lag report (docs: Admin Client)", () => {
  it("createTopics, metadata, offsets, a lag computation and resetOffsets as kafkajs answers them", async () => {
    const { broker, kafka } = setup();
    const admin = kafka.admin();
    await admin.connect();
    const topics = [{ topic: "payments", numPartitions: 3, configEntries: [{ name: "cleanup.policy", value: "compact" }] }];
    expect(await admin.createTopics({ waitForLeaders: true, topics })).toBe(true);
    expect(await admin.createTopics({ waitForLeaders: true, topics })).toBe(false);
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: ["payments"] });
    expect(metadata).toEqual([
      {
        name: "payments",
        partitions: [0, 1, 2].map((partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0], offlineReplicas: [] })),
      },
    ]);

    await produce(kafka, "payments", [
      { value: "p0", partition: 0 },
      { value: "p1", partition: 0 },
      { value: "p2", partition: 1 },
    ]);
    const consumer = startConsumer(kafka, "ledger");
    await consumer.connect();
    await consumer.subscribe({ topic: "payments", fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    await broker.waitForIdle();

    // Resetting a running group is refused (kafkajs admin#setOffsets checks describeGroup's state).
    const refused = admin.resetOffsets({ groupId: "ledger", topic: "payments", earliest: true });
    await expect(refused).rejects.toBeInstanceOf(KafkaJSNonRetriableError);
    await expect(refused).rejects.toThrow("The consumer group must have no running instances, current state: Stable");
    await consumer.stop();
    await produce(kafka, "payments", [{ value: "p3", partition: 2 }, { value: "p4", partition: 0 }]);

    const lag = async () => {
      const high = await admin.fetchTopicOffsets("payments");
      const [group] = await admin.fetchOffsets({ groupId: "ledger", topics: ["payments"] });
      return group!.partitions.map(({ partition, offset }) => {
        const end = Number(high.find((h) => h.partition === partition)!.high);
        return Number(offset) < 0 ? end : end - Number(offset);
      });
    };
    expect(await admin.fetchTopicOffsets("payments")).toEqual([
      { partition: 0, offset: "3", high: "3", low: "0" },
      { partition: 1, offset: "1", high: "1", low: "0" },
      { partition: 2, offset: "1", high: "1", low: "0" },
    ]);
    expect(await admin.fetchOffsets({ groupId: "ledger", topics: ["payments"] })).toEqual([
      {
        topic: "payments",
        partitions: [
          { partition: 0, offset: "2", metadata: null },
          { partition: 1, offset: "1", metadata: null },
          { partition: 2, offset: "-1", metadata: null },
        ],
      },
    ]);
    expect(await lag()).toEqual([1, 0, 1]);

    // kafkajs's resetOffsets commits the special offset -2 (earliest) or -1 (latest) through a consumer's seek;
    // fetchOffsets shows it as is, and resolves it only with resolveOffsets (docs: Fetch consumer group offsets).
    await admin.resetOffsets({ groupId: "ledger", topic: "payments", earliest: true });
    const [reset] = await admin.fetchOffsets({ groupId: "ledger", topics: ["payments"] });
    expect(reset!.partitions.map((p) => p.offset)).toEqual(["-2", "-2", "-2"]);
    const [resolved] = await admin.fetchOffsets({ groupId: "ledger", topics: ["payments"], resolveOffsets: true });
    expect(resolved!.partitions.map((p) => p.offset)).toEqual(["0", "0", "0"]);
    await admin.resetOffsets({ groupId: "ledger", topic: "payments", earliest: false });
    const [latest] = await admin.fetchOffsets({ groupId: "ledger", topics: ["payments"] });
    expect(latest!.partitions.map((p) => p.offset)).toEqual(["-1", "-1", "-1"]);

    // Back to earliest: the restarted group reads everything again.
    await admin.resetOffsets({ groupId: "ledger", topic: "payments", earliest: true });
    const again: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void again.push(message.value!.toString()) });
    await broker.waitForIdle();
    expect(again.sort()).toEqual(["p0", "p1", "p2", "p3", "p4"]);
    await admin.disconnect();
  });
});

describe("keyed order events (docs: Producing → Default partitioners, custom partitioner)", () => {
  const metadata = (n: number): PartitionMetadata[] =>
    Array.from({ length: n }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0], offlineReplicas: [] }));
  const keys = ["order-1", "order-2", "customer-42", "21", "ü-key", "a", ""];

  for (const [name, partitioner] of [
    ["DefaultPartitioner", undefined],
    ["LegacyPartitioner", Partitioners.LegacyPartitioner],
  ] as const) {
    for (const partitions of [3, 7]) {
      it(`${name} on ${partitions} partitions: each key lands where kafkajs's own partitioner puts it`, async () => {
        const { broker, kafka } = setup();
        const admin = kafka.admin();
        await admin.createTopics({ topics: [{ topic: "orders", numPartitions: partitions }] });
        const producer = kafka.producer(partitioner ? { createPartitioner: partitioner } : {});
        await producer.connect();
        await producer.send({ topic: "orders", messages: keys.flatMap((key) => [{ key, value: "1" }, { key, value: "2" }]) });
        const reference = (partitioner ?? Partitioners.DefaultPartitioner)();
        for (const key of keys) {
          const expected = reference({ topic: "orders", partitionMetadata: metadata(partitions), message: { key, value: "x" } });
          const landed = broker.messages("orders").filter((m) => m.key?.toString() === key).map((m) => m.partition);
          expect(landed, key).toEqual([expected, expected]);
        }
      });
    }
  }

  it("an explicit partition wins with the default partitioner; a custom partitioner decides for every message", async () => {
    const { broker, kafka } = setup(4);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "orders", messages: [{ key: "order-1", value: "x", partition: 3 }] });
    // kafkajs's groupMessagesPerPartition asks the partitioner about every message: this one ignores `partition`.
    const toZero = kafka.producer({ createPartitioner: () => () => 0 });
    await toZero.connect();
    await toZero.send({ topic: "orders", messages: [{ key: "order-1", value: "y", partition: 3 }] });
    expect(broker.messages("orders").map((m) => [m.value!.toString(), m.partition])).toEqual([
      ["x", 3],
      ["y", 0],
    ]);
  });
});

describe("audit trail (docs: Producing → message headers, timestamp, key null)", () => {
  it("hands consumers the producer's headers as Buffers, repeated names as arrays, its timestamp, and key null", async () => {
    const { broker, kafka } = setup();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "audit",
      messages: [
        {
          key: null,
          value: "login",
          timestamp: "1700000000000",
          headers: {
            "correlation-id": "2bfb68bb-893a-423b-a7fa-7b568cad5b67",
            "system-id": Buffer.from([0xca, 0xfe]),
            tags: ["a", Buffer.from("b")],
            single: ["only"],
            none: [],
          },
        },
      ],
    });
    const consumer = startConsumer(kafka, "audit");
    await consumer.connect();
    await consumer.subscribe({ topic: "audit", fromBeginning: true });
    const got: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    await broker.waitForIdle();
    const [message] = got;
    expect(message!.key).toBeNull();
    expect(message!.timestamp).toBe("1700000000000");
    // kafkajs's record encoder writes one header per array element; its decoder folds repeated names into an
    // array, so a one-element array comes back as a single Buffer and an empty one not at all.
    const expected: IHeaders = {
      "correlation-id": Buffer.from("2bfb68bb-893a-423b-a7fa-7b568cad5b67"),
      "system-id": Buffer.from([0xca, 0xfe]),
      tags: [Buffer.from("a"), Buffer.from("b")],
      single: Buffer.from("only"),
    };
    expect(message!.headers).toEqual(expected);
  });
});

describe("batch exporter (docs: Producing → sendBatch, compression)", () => {
  it("sendBatch with acks and GZIP answers RecordMetadata; codecs kafkajs does not ship reject unless registered", async () => {
    const { broker, kafka } = setup(2);
    const producer = kafka.producer();
    await producer.connect();
    const topicMessages = [
      { topic: "exports", messages: [{ value: "e0", partition: 0 }, { value: "e1", partition: 1 }] },
      { topic: "exports.audit", messages: [{ value: "x", partition: 0 }] },
    ];
    const sent = await producer.sendBatch({ acks: 1, compression: CompressionTypes.GZIP, topicMessages });
    expect(sent.map((r) => [r.topicName, r.partition, r.baseOffset])).toEqual([
      ["exports", 0, "0"],
      ["exports", 1, "0"],
      ["exports.audit", 0, "0"],
    ]);
    expect(await producer.sendBatch({ acks: 0, topicMessages })).toEqual([]);

    // kafkajs src/protocol/message/compression: Snappy, LZ4 and ZSTD throw KafkaJSNotImplemented when a batch
    // is encoded, which the producer's retrier gives up on at once; nothing is written.
    const snappy = producer.sendBatch({ compression: CompressionTypes.Snappy, topicMessages });
    await expect(snappy).rejects.toBeInstanceOf(KafkaJSNotImplemented);
    await expect(snappy).rejects.toThrow("Snappy compression not implemented");
    await expect(producer.send({ topic: "exports", compression: CompressionTypes.ZSTD, messages: [{ value: "z" }] })).rejects.toThrow(
      "ZSTD compression not implemented",
    );
    expect(broker.messages("exports")).toHaveLength(4);

    // Registering a codec (docs: kafkajs-snappy, `CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec`).
    const original = CompressionCodecs[CompressionTypes.Snappy];
    CompressionCodecs[CompressionTypes.Snappy] = () => ({ compress: async (e: unknown) => e, decompress: async (b: Buffer) => b });
    try {
      await producer.sendBatch({ compression: CompressionTypes.Snappy, topicMessages });
      expect(broker.messages("exports")).toHaveLength(6);
    } finally {
      CompressionCodecs[CompressionTypes.Snappy] = original;
    }
  });
});

describe("request/reply over two topics (correlation ids in headers)", () => {
  it("answers every request on the reply topic, matched back by correlation id", async () => {
    const { broker, kafka } = setup(3);
    // The responder: doubles the number, replies with the request's correlation id and reply-to topic.
    const responder = startConsumer(kafka, "calculator");
    const replies = kafka.producer();
    await replies.connect();
    await responder.connect();
    await responder.subscribe({ topic: "calc.requests" });
    await responder.run({
      eachMessage: async ({ message }) => {
        const replyTo = message.headers!["reply-to"]!.toString();
        const correlationId = message.headers!["correlation-id"]!.toString();
        await replies.send({ topic: replyTo, messages: [{ key: message.key, value: String(2 * Number(message.value!.toString())), headers: { "correlation-id": correlationId } }] });
      },
    });

    // The requester: a reply consumer resolving pending calls by correlation id.
    const pending = new Map<string, (value: number) => void>();
    const client = startConsumer(kafka, "calc-client");
    await client.connect();
    await client.subscribe({ topic: "calc.replies" });
    await client.run({
      eachMessage: async ({ message }) => {
        pending.get(message.headers!["correlation-id"]!.toString())?.(Number(message.value!.toString()));
      },
    });
    const requests = kafka.producer();
    await requests.connect();
    const call = (id: string, n: number) =>
      new Promise<number>((resolve) => {
        pending.set(id, resolve);
        void requests.send({ topic: "calc.requests", messages: [{ key: id, value: String(n), headers: { "correlation-id": id, "reply-to": "calc.replies" } }] });
      });
    const answers = await Promise.all([call("c1", 1), call("c2", 20), call("c3", 300)]);
    await broker.waitForIdle();
    expect(answers).toEqual([2, 40, 600]);
    // Each reply keeps its request's key, so it lands on the same partition number.
    const byKey = (topic: string) => Object.fromEntries(broker.messages(topic).map((m) => [m.key!.toString(), m.partition]));
    expect(byKey("calc.replies")).toEqual(byKey("calc.requests"));
  });
});
