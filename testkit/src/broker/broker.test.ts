import type { Consumer, EachMessagePayload, Kafka } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createBroker, type TestBroker } from "../test-broker.js";
import { partitionForKey } from "./partitioner.js";

const quiet = { logLevel: 0 as const };
const consumers: Consumer[] = [];
afterEach(async () => {
  for (const c of consumers.splice(0)) await c.disconnect();
});

async function send(kafka: Kafka, topic: string, messages: Array<{ key?: string; value: string; headers?: Record<string, string | Buffer> }>) {
  const producer = kafka.producer();
  await producer.connect();
  const result = await producer.send({ topic, messages });
  await producer.disconnect();
  return result;
}

interface Seen {
  member: string;
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string;
}

async function consume(
  broker: TestBroker,
  groupId: string,
  topics: string[],
  seen: Seen[],
  options: { fromBeginning?: boolean; name?: string; handle?: (p: EachMessagePayload) => Promise<void> } = {},
) {
  const consumer = broker.kafka({ ...quiet, clientId: options.name ?? groupId }).consumer({ groupId });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    eachMessage: async (p) => {
      await options.handle?.(p);
      seen.push({
        member: options.name ?? groupId,
        topic: p.topic,
        partition: p.partition,
        offset: Number(p.message.offset),
        key: p.message.key?.toString() ?? null,
        value: p.message.value!.toString(),
      });
    },
  });
  return consumer;
}

describe("topics, partitioning and order", () => {
  it("puts a key on the partition the Java client would, keeps per-key order, offsets from 0", async () => {
    const broker = createBroker({ defaultPartitions: 6 });
    const kafka = broker.kafka(quiet);
    const keys = ["21", "foobar", "order-7", "order-8"];
    for (let i = 0; i < 5; i++) await send(kafka, "orders", keys.map((k) => ({ key: k, value: `${k}#${i}` })));
    for (const k of keys) {
      const mine = broker.messages("orders").filter((m) => m.key?.toString() === k);
      expect(new Set(mine.map((m) => m.partition))).toEqual(new Set([partitionForKey(Buffer.from(k), 6)]));
      expect(mine.map((m) => m.value?.toString())).toEqual([0, 1, 2, 3, 4].map((i) => `${k}#${i}`));
    }
    // "21" → murmur2 −973932308 → toPositive 1173551340 → % 6 = 0.
    expect(broker.messages("orders").find((m) => m.key?.toString() === "21")?.partition).toBe(1173551340 % 6);
    const p0 = broker.messages("orders", { partition: broker.messages("orders")[0]!.partition });
    expect(p0.map((m) => m.offset)).toEqual(p0.map((_, i) => i));
  });

  it("keeps headers (string and Buffer) and timestamps; keyless messages go round-robin", async () => {
    const broker = createBroker({ defaultPartitions: 3 });
    const [meta] = await send(broker.kafka(quiet), "t", [{ value: "a", headers: { s: "text", b: Buffer.from([1, 2]) } }]);
    await send(broker.kafka(quiet), "t", [{ value: "b" }, { value: "c" }]);
    const all = broker.messages("t");
    expect(all.map((m) => m.partition)).toEqual([0, 1, 2]);
    expect(all[0]!.headers).toEqual({ s: "text", b: Buffer.from([1, 2]) });
    expect(all[0]!.timestamp).toBe(broker.clock.now());
    expect(meta).toMatchObject({ topicName: "t", partition: 0, errorCode: 0, baseOffset: "0" });
    const seen: Array<{ headers: unknown; timestamp: string }> = [];
    const c = broker.kafka(quiet).consumer({ groupId: "g" });
    consumers.push(c);
    await c.subscribe({ topic: "t", fromBeginning: true });
    await c.run({ eachMessage: async ({ message }) => void seen.push({ headers: message.headers, timestamp: message.timestamp }) });
    await broker.waitForIdle();
    expect(seen.find((s) => (s.headers as Record<string, Buffer>)["s"])?.headers).toEqual({ s: Buffer.from("text"), b: Buffer.from([1, 2]) });
    expect(typeof seen[0]!.timestamp).toBe("string");
  });
});

describe("consumer groups", () => {
  it("assigns partitions with kafkajs's round-robin assigner and rebalances when a member joins and leaves", async () => {
    const broker = createBroker({ defaultPartitions: 4 });
    const assignments: Record<string, number[]>[] = [];
    const a = broker.kafka({ ...quiet, clientId: "a" }).consumer({ groupId: "g" });
    consumers.push(a);
    a.on(a.events.GROUP_JOIN, (e) => assignments.push(e.payload.memberAssignment));
    await a.subscribe({ topic: "t" });
    await a.run({ eachMessage: async () => {} });
    expect(assignments.at(-1)).toEqual({ t: [0, 1, 2, 3] });
    const b = broker.kafka({ ...quiet, clientId: "b" }).consumer({ groupId: "g" });
    consumers.push(b);
    await b.subscribe({ topic: "t" });
    await b.run({ eachMessage: async () => {} });
    // Member ids sorted ("a-1" < "b-2"), partitions dealt in turn (kafkajs RoundRobinAssigner).
    expect(assignments.at(-1)).toEqual({ t: [0, 2] });
    expect(broker.groupMembers("g").map((m) => m.assignment.map((tp) => tp.partition))).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(broker.groupProtocol("g")).toBe("RoundRobinAssigner");
    await b.disconnect();
    expect(assignments.at(-1)).toEqual({ t: [0, 1, 2, 3] });
  });

  it("gives every message to each of two groups, and splits a topic's partitions within one group", async () => {
    const broker = createBroker({ defaultPartitions: 4 });
    const g1: Seen[] = [];
    const g2: Seen[] = [];
    await consume(broker, "g1", ["t"], g1, { name: "x" });
    await consume(broker, "g1", ["t"], g1, { name: "y" });
    await consume(broker, "g2", ["t"], g2);
    await send(broker.kafka(quiet), "t", Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })));
    await broker.waitForIdle();
    expect(g1.map((s) => s.value).sort()).toEqual(g2.map((s) => s.value).sort());
    expect(g2).toHaveLength(20);
    expect(new Set(g1.map((s) => s.member))).toEqual(new Set(["x", "y"]));
    for (const s of g1) expect(s.member).toBe(s.partition % 2 === 0 ? "x" : "y");
  });

  it("starts a new group at latest without fromBeginning and at earliest with it", async () => {
    const broker = createBroker();
    await send(broker.kafka(quiet), "t", [{ value: "old" }]);
    const latest: Seen[] = [];
    const earliest: Seen[] = [];
    await consume(broker, "late", ["t"], latest, { fromBeginning: false });
    await consume(broker, "early", ["t"], earliest, { fromBeginning: true });
    await send(broker.kafka(quiet), "t", [{ value: "new" }]);
    await broker.waitForIdle();
    expect(latest.map((s) => s.value)).toEqual(["new"]);
    expect(earliest.map((s) => s.value)).toEqual(["old", "new"]);
  });

  it("resumes from committed offsets after a restart, replays after resetOffsets, seeks, and reports lag", async () => {
    const broker = createBroker();
    const kafka = broker.kafka(quiet);
    await send(kafka, "t", [{ value: "1" }, { value: "2" }]);
    const first: Seen[] = [];
    const c = await consume(broker, "g", ["t"], first);
    await broker.waitForIdle();
    expect(broker.lag("g")).toMatchObject({ total: 0, partitions: [{ topic: "t", partition: 0, committedOffset: 2, logEndOffset: 2, lag: 0 }] });
    await c.disconnect();
    await send(kafka, "t", [{ value: "3" }]);
    expect(broker.lag("g").total).toBe(1);
    const admin = kafka.admin();
    expect(await admin.fetchOffsets({ groupId: "g", topics: ["t"] })).toEqual([{ topic: "t", partitions: [{ partition: 0, offset: "2", metadata: null }] }]);
    const second: Seen[] = [];
    const c2 = await consume(broker, "g", ["t"], second);
    await broker.waitForIdle();
    expect(second.map((s) => s.value)).toEqual(["3"]);
    await c2.disconnect();
    await admin.resetOffsets({ groupId: "g", topic: "t", earliest: true });
    const replay: Seen[] = [];
    const c3 = await consume(broker, "g", ["t"], replay);
    await broker.waitForIdle();
    expect(replay.map((s) => s.value)).toEqual(["1", "2", "3"]);
    c3.seek({ topic: "t", partition: 0, offset: "1" });
    await broker.waitForIdle();
    expect(replay.map((s) => s.value)).toEqual(["1", "2", "3", "2", "3"]);
  });
});

describe("at-least-once delivery, retries and dead letters", () => {
  it("redelivers a message whose handler throws, and does not commit it", async () => {
    const broker = createBroker();
    let failures = 1;
    const seen: Seen[] = [];
    const committed: string[] = [];
    const c = await consume(broker, "g", ["t"], seen, {
      handle: async ({ message }) => {
        if (message.value!.toString() === "b" && failures-- > 0) throw new Error("boom");
      },
    });
    c.on(c.events.COMMIT_OFFSETS, (e) => committed.push(e.payload.topics[0]!.partitions[0]!.offset));
    const batches: string[] = [];
    c.on(c.events.END_BATCH_PROCESS, (e) => batches.push(`${e.payload.firstOffset}-${e.payload.lastOffset}`));
    await send(broker.kafka(quiet), "t", [{ value: "a" }, { value: "b" }, { value: "c" }]);
    await broker.waitForIdle();
    expect(seen.map((s) => s.value)).toEqual(["a", "b", "c"]);
    // "a" was committed before the failure (kafkajs commits resolved offsets when a handler throws), never past "b".
    expect(committed).toEqual(["1", "3"]);
    // The failed batch ends with no END_BATCH_PROCESS; its redelivery starts at the failed message.
    expect(batches).toEqual(["1-2"]);
  });

  it("retries with exponential backoff on the virtual clock, then dead-letters to <topic>.DLT with Spring's headers", async () => {
    const broker = createBroker({ retry: { maxAttempts: 3, initialBackoffMs: 1000, multiplier: 2 } });
    const attemptsAt: number[] = [];
    const seen: Seen[] = [];
    await consume(broker, "payments", ["orders"], seen, {
      handle: async ({ message }) => {
        if (message.value!.toString() === "poison") {
          attemptsAt.push(broker.clock.now());
          throw new TypeError("cannot parse order");
        }
      },
    });
    const start = broker.clock.now();
    await send(broker.kafka(quiet), "orders", [{ key: "o-1", value: "poison", headers: { trace: "t-1" } }, { key: "o-1", value: "fine" }]);
    await broker.waitForIdle();
    expect(attemptsAt.map((t) => t - start)).toEqual([0, 1000, 3000]);
    expect(seen.map((s) => s.value)).toEqual(["fine"]);
    const [dead] = broker.messages("orders.DLT");
    expect(dead).toMatchObject({ topic: "orders.DLT", partition: 0, key: Buffer.from("o-1"), value: Buffer.from("poison") });
    expect(dead!.headers).toMatchObject({
      trace: "t-1",
      "kafka_dlt-original-topic": "orders",
      "kafka_dlt-original-partition": "0",
      "kafka_dlt-original-offset": "0",
      "kafka_dlt-original-consumer-group": "payments",
      "kafka_dlt-exception-message": "cannot parse order",
      "kafka_dlt-exception-fqcn": "TypeError",
      "kafka_dlt-attempts": "3",
    });
    expect(broker.lag("payments").total).toBe(0);
  });

  it("lets a manual clock show each backoff step, and honours a custom dead-letter topic name", async () => {
    const broker = createBroker({ clock: "manual", retry: { maxAttempts: 2, initialBackoffMs: 500 }, deadLetterTopic: (t) => `${t}-dlt` });
    let attempts = 0;
    await consume(broker, "g", ["t"], [], {
      handle: async () => {
        attempts++;
        throw new Error("always");
      },
    });
    await send(broker.kafka(quiet), "t", [{ value: "x" }]);
    await broker.waitForIdle();
    expect(attempts).toBe(1);
    await broker.clock.advance(499);
    expect(attempts).toBe(1);
    await broker.clock.advance(1);
    expect(attempts).toBe(2);
    expect(broker.messages("t-dlt")).toHaveLength(1);
  });

  it("rejects waitForIdle with CONSUMER_STUCK when a message keeps failing and no retry policy is set", async () => {
    const broker = createBroker({ maxRedeliveries: 5 });
    await consume(broker, "g", ["t"], [], {
      handle: async () => {
        throw new Error("never works");
      },
    });
    await send(broker.kafka(quiet), "t", [{ value: "x" }]);
    await expect(broker.waitForIdle()).rejects.toMatchObject({ code: "CONSUMER_STUCK", message: expect.stringContaining("retry policy") });
  });
});

describe("fault injection", () => {
  it("fails the next N sends of a topic with kafkajs errors and stores nothing", async () => {
    const broker = createBroker();
    broker.faults.failNextSends("t", 2);
    const kafka = broker.kafka(quiet);
    const { KafkaJSError, KafkaJSNumberOfRetriesExceeded } = await import("kafkajs");
    await expect(send(kafka, "t", [{ value: "1" }])).rejects.toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    await expect(send(kafka, "t", [{ value: "2" }])).rejects.toBeInstanceOf(KafkaJSError);
    await send(kafka, "t", [{ value: "3" }]);
    await send(kafka, "other", [{ value: "4" }]);
    expect(broker.messages("t").map((m) => m.value?.toString())).toEqual(["3"]);
  });

  it("delays deliveries on the clock", async () => {
    const broker = createBroker({ clock: "manual" });
    broker.faults.delayDeliveries("t", 2000);
    const seen: Seen[] = [];
    await consume(broker, "g", ["t"], seen);
    await send(broker.kafka(quiet), "t", [{ value: "late" }]);
    await broker.waitForIdle();
    expect(seen).toEqual([]);
    await broker.clock.advance(2000);
    expect(seen.map((s) => s.value)).toEqual(["late"]);
  });

  it("duplicates a delivery (same offset twice)", async () => {
    const broker = createBroker();
    broker.faults.duplicateNextDeliveries("t");
    const seen: Seen[] = [];
    await consume(broker, "g", ["t"], seen);
    await send(broker.kafka(quiet), "t", [{ value: "a" }, { value: "b" }]);
    await broker.waitForIdle();
    expect(seen.map((s) => `${s.offset}:${s.value}`)).toEqual(["0:a", "0:a", "1:b"]);
  });

  it("crashes a consumer mid-batch: its uncommitted messages go to the rest of the group", async () => {
    const broker = createBroker({ defaultPartitions: 1 });
    await send(
      broker.kafka(quiet),
      "t",
      ["a", "b", "c", "d"].map((value) => ({ value })),
    );
    const seen: Seen[] = [];
    broker.faults.crashConsumer("g", { afterMessages: 2 });
    const crashes: unknown[] = [];
    const first = await consume(broker, "g", ["t"], seen, { name: "first" });
    first.on(first.events.CRASH, (e) => crashes.push(e.payload));
    await consume(broker, "g", ["t"], seen, { name: "second" });
    await broker.waitForIdle();
    expect(crashes).toMatchObject([{ groupId: "g", restart: false, error: { code: "INJECTED_CONSUMER_CRASH" } }]);
    expect(seen.filter((s) => s.member === "first").map((s) => s.value)).toEqual(["a", "b"]);
    expect(seen.filter((s) => s.member === "second").map((s) => s.value)).toEqual(["a", "b", "c", "d"]);
    expect(broker.lag("g").total).toBe(0);
  });
});

describe("waitForIdle and reset", () => {
  it("resolves only once every subscribed group handled every message; reset clears data and keeps consumers", async () => {
    const broker = createBroker({ defaultPartitions: 3 });
    const seen: Seen[] = [];
    await consume(broker, "g", ["t"], seen, { handle: () => new Promise((r) => setTimeout(r, 1)) });
    await send(
      broker.kafka(quiet),
      "t",
      Array.from({ length: 30 }, (_, i) => ({ key: String(i), value: String(i) })),
    );
    await broker.waitForIdle();
    expect(seen).toHaveLength(30);
    broker.reset();
    expect(broker.messages("t")).toEqual([]);
    await send(broker.kafka(quiet), "t", [{ key: "x", value: "after reset" }]);
    await broker.waitForIdle();
    expect(seen.at(-1)).toMatchObject({ value: "after reset", offset: 0 });
  });

  it("times out with a message naming the handler that never returned; stop() gives up on it after sessionTimeout", async () => {
    const broker = createBroker();
    // kafkajs refuses a heartbeatInterval (default 3000) not below sessionTimeout.
    const consumer = broker.kafka(quiet).consumer({ groupId: "g", sessionTimeout: 50, heartbeatInterval: 10 });
    await consumer.subscribe({ topics: ["t"], fromBeginning: true });
    await consumer.run({ eachMessage: () => new Promise(() => {}) });
    await send(broker.kafka(quiet), "t", [{ value: "x" }]);
    await expect(broker.waitForIdle({ timeoutMs: 50 })).rejects.toMatchObject({ code: "IDLE_TIMEOUT", message: expect.stringContaining("group g is handling t[0] offset 0") });
    // kafkajs's stop() would wait for the handler forever; after sessionTimeout Kafka has evicted the member.
    await consumer.disconnect();
    expect(broker.groupMembers("g")).toEqual([]);
  });
});
