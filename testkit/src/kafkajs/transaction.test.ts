// kafkajs 2.x transactions through the facade (src/producer/index.js#transaction, src/producer/eosManager):
// records written at once with offsets, a marker on commit/abort, and what read-committed (default) and
// readUncommitted consumers see (src/consumer/batch.js, filterAbortedMessages.js; Kafka's last stable offset).
import { logLevel, type Consumer, type ConsumerConfig, type Kafka, type Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createBroker } from "../test-broker.js";

const running: Consumer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.disconnect();
});

function setup() {
  const broker = createBroker();
  const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
  return { broker, kafka };
}

async function producers(kafka: Kafka): Promise<{ tx: Producer; plain: Producer }> {
  const tx = kafka.producer({ transactionalId: "tx", idempotent: true, maxInFlightRequests: 1 });
  const plain = kafka.producer();
  await tx.connect();
  await plain.connect();
  return { tx, plain };
}

async function reader(kafka: Kafka, groupId: string, config: Partial<ConsumerConfig> = {}, mode: "eachMessage" | "eachBatch" = "eachMessage") {
  const c = kafka.consumer({ groupId, ...config });
  running.push(c);
  const seen: string[] = [];
  await c.subscribe({ topic: "t", fromBeginning: true });
  if (mode === "eachMessage") await c.run({ eachMessage: async ({ message }) => void seen.push(`${message.offset}:${message.value}`) });
  else await c.run({ eachBatch: async ({ batch }) => void seen.push(...batch.messages.map((m) => `${m.offset}:${m.value}`)) });
  return seen;
}

describe("transaction.send / sendBatch", () => {
  it("write at once and resolve to RecordMetadata like producer.send; commit and abort each take an offset (the marker)", async () => {
    const { broker, kafka } = setup();
    const { tx, plain } = await producers(kafka);
    const t1 = await tx.transaction();
    expect(await t1.send({ topic: "t", messages: [{ value: "a" }, { value: "b" }] })).toEqual([
      { topicName: "t", partition: 0, errorCode: 0, baseOffset: "0", logAppendTime: "-1", logStartOffset: "0" },
    ]);
    expect((await t1.sendBatch({ topicMessages: [{ topic: "t", messages: [{ value: "c" }] }] }))[0]!.baseOffset).toBe("2");
    await t1.commit(); // marker at 3
    const t2 = await tx.transaction();
    expect((await t2.send({ topic: "t", messages: [{ value: "x" }] }))[0]!.baseOffset).toBe("4");
    await t2.abort(); // marker at 5
    expect((await plain.send({ topic: "t", messages: [{ value: "d" }] }))[0]!.baseOffset).toBe("6");

    // broker.messages(): markers never, aborted records only when asked for.
    expect(broker.messages("t").map((m) => `${m.offset}:${m.value}`)).toEqual(["0:a", "1:b", "2:c", "6:d"]);
    expect(broker.messages("t", { uncommitted: true }).map((m) => `${m.offset}:${m.value}`)).toEqual(["0:a", "1:b", "2:c", "4:x", "6:d"]);
    expect(broker.topicOffsets("t")).toEqual([{ partition: 0, low: 0, high: 7, stable: 7 }]);
  });

  it("an empty transaction writes no marker; offsets sent with it are committed only on commit", async () => {
    const { broker, kafka } = setup();
    const { tx, plain } = await producers(kafka);
    await plain.send({ topic: "in", messages: [{ value: "1" }] });
    const empty = await tx.transaction();
    await empty.commit();
    const aborted = await tx.transaction();
    await aborted.sendOffsets({ consumerGroupId: "copier", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "1" }] }] });
    await aborted.abort();
    expect(broker.committed("copier", ["in"])[0]!.offset).toBe(-1);
    const committed = await tx.transaction();
    await committed.sendOffsets({ consumerGroupId: "copier", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "1" }] }] });
    expect(broker.committed("copier", ["in"])[0]!.offset).toBe(-1);
    await committed.commit();
    expect(broker.committed("copier", ["in"])[0]!.offset).toBe(1);
    expect(broker.topicOffsets("in")).toEqual([{ partition: 0, low: 0, high: 1, stable: 1 }]);
  });
});

describe("read committed (the default) and readUncommitted consumers", () => {
  it("a read-committed consumer stops at the last stable offset while a transaction is open, then sees its records once committed", async () => {
    const { broker, kafka } = setup();
    const { tx, plain } = await producers(kafka);
    const committed = await reader(kafka, "rc");
    const uncommitted = await reader(kafka, "ru", { readUncommitted: true });
    const admin = kafka.admin();

    const open = await tx.transaction();
    await open.send({ topic: "t", messages: [{ value: "t0" }] });
    await plain.send({ topic: "t", messages: [{ value: "p1" }] }); // after the open transaction's first record
    await broker.waitForIdle();
    expect(committed).toEqual([]);
    expect(uncommitted).toEqual(["0:t0", "1:p1"]);
    // kafkajs's admin lists offsets read committed: the high watermark it reports is the last stable offset.
    expect(await admin.fetchTopicOffsets("t")).toEqual([{ partition: 0, offset: "0", high: "0", low: "0" }]);

    await open.commit(); // marker at 2
    await broker.waitForIdle();
    expect(committed).toEqual(["0:t0", "1:p1"]);
    expect(uncommitted).toEqual(["0:t0", "1:p1"]);
    expect(await admin.fetchTopicOffsets("t")).toEqual([{ partition: 0, offset: "3", high: "3", low: "0" }]);
    // kafkajs's eachMessage commits up to its last message; the marker's batch is resolved but only committed
    // when autoCommitInterval/Threshold say so (Runner#handleBatch, isEmptyDueToFiltering).
    expect(broker.committed("rc", ["t"])[0]!.offset).toBe(2);
  });

  it("aborted records reach only readUncommitted consumers; read-committed ones move past them", async () => {
    const { broker, kafka } = setup();
    const { tx, plain } = await producers(kafka);
    const committed = await reader(kafka, "rc", {}, "eachBatch");
    const uncommitted = await reader(kafka, "ru", { readUncommitted: true }, "eachBatch");
    const t = await tx.transaction();
    await t.send({ topic: "t", messages: [{ value: "x" }, { value: "y" }] });
    await t.abort(); // marker at 2
    await plain.send({ topic: "t", messages: [{ value: "z" }] });
    await broker.waitForIdle();
    expect(committed).toEqual(["3:z"]);
    expect(uncommitted).toEqual(["0:x", "1:y", "3:z"]);
    // eachBatch resolves the batch's last offset, markers included: both groups committed past everything.
    expect(broker.committed("rc", ["t"])[0]!.offset).toBe(4);
    expect(broker.committed("ru", ["t"])[0]!.offset).toBe(4);
  });

  it("eachBatch's batch counts the trailing marker in lastOffset; resolving the last message resolves past it", async () => {
    const { broker, kafka } = setup();
    const { tx } = await producers(kafka);
    const t = await tx.transaction();
    await t.send({ topic: "t", messages: [{ value: "a" }, { value: "b" }] });
    await t.commit(); // marker at 2
    const c = kafka.consumer({ groupId: "manual" });
    running.push(c);
    const batches: Array<{ offsets: string[]; first: string | null; last: string }> = [];
    await c.subscribe({ topic: "t", fromBeginning: true });
    await c.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        batches.push({ offsets: batch.messages.map((m) => m.offset), first: batch.firstOffset(), last: batch.lastOffset() });
        for (const m of batch.messages) resolveOffset(m.offset);
      },
    });
    await broker.waitForIdle();
    expect(batches).toEqual([{ offsets: ["0", "1"], first: "0", last: "2" }]);
    expect(broker.committed("manual", ["t"])[0]!.offset).toBe(3);
  });

  it("a new read-committed group without fromBeginning starts at the last stable offset, so an open transaction is not skipped", async () => {
    const { broker, kafka } = setup();
    const { tx } = await producers(kafka);
    const t = await tx.transaction();
    await t.send({ topic: "t", messages: [{ value: "pending" }] });
    const latest = kafka.consumer({ groupId: "latest" });
    running.push(latest);
    const seen: string[] = [];
    await latest.subscribe({ topic: "t" });
    await latest.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await t.commit();
    await broker.waitForIdle();
    expect(seen).toEqual(["pending"]);
  });
});
