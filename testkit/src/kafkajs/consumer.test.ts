// The consumer facade against kafkajs 2.x's Runner and onCrash (src/consumer/runner.js, src/consumer/index.js):
// failing handlers, crashes and restarts, and what stop() waits for.
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, logLevel, type Consumer, type ConsumerConfig, type Kafka } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createBroker, type TestBroker } from "../test-broker.js";

const running: Consumer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.disconnect();
});

function setup(kafkaRetry?: { initialRetryTime?: number; factor?: number; retries?: number }) {
  const broker = createBroker();
  const kafka = broker.kafka({ clientId: "app", logLevel: logLevel.NOTHING, ...(kafkaRetry ? { retry: kafkaRetry } : {}) });
  return { broker, kafka };
}

async function produce(kafka: Kafka, topic: string, values: string[]) {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

/** A consumer of topic `t` recording its CRASH, STOP, DISCONNECT and GROUP_JOIN events in order. */
async function consumer(kafka: Kafka, config: Omit<ConsumerConfig, "groupId">) {
  const c = kafka.consumer({ groupId: "g", ...config });
  running.push(c);
  const events: string[] = [];
  const crashes: Array<{ error: Error & { retryCount?: number; retryTime?: number }; groupId: string; restart: boolean }> = [];
  c.on(c.events.CRASH, (e) => {
    events.push("CRASH");
    crashes.push(e.payload);
  });
  c.on(c.events.STOP, () => void events.push("STOP"));
  c.on(c.events.DISCONNECT, () => void events.push("DISCONNECT"));
  c.on(c.events.GROUP_JOIN, (e) => void events.push(`GROUP_JOIN ${e.payload.memberId}`));
  await c.connect();
  await c.subscribe({ topics: ["t"], fromBeginning: true });
  return { c, events, crashes };
}

function committed(broker: TestBroker): number {
  return broker.committed("g", ["t"])[0]!.offset;
}

describe("eachMessage throwing: kafkajs's retrier, crash and restart", () => {
  it("redelivers the failed message after retryTime (×multiplier), crashes once `retries` are spent, and restarts after the error's retryTime", async () => {
    const { broker, kafka } = setup();
    const { c, events, crashes } = await consumer(kafka, { retry: { retries: 2, initialRetryTime: 100, multiplier: 2, factor: 0 } });
    const attempts: string[] = [];
    const start = broker.clock.now();
    let failures = 4;
    await c.run({
      eachMessage: async ({ message }) => {
        const value = message.value!.toString();
        attempts.push(`${value}@${broker.clock.now() - start}`);
        if (value === "b" && failures-- > 0) throw new Error("database unavailable");
      },
    });
    await produce(kafka, "t", ["a", "b", "c"]);
    await broker.waitForIdle();

    // Attempts 0, 1, 2 of the first run wait 100 then 200 ms; the third failure exceeds retries: 2. The restart
    // comes retryTime (400) later, with a fresh retrier: one more failure, then success 100 ms after it.
    expect(attempts).toEqual(["a@0", "b@0", "b@100", "b@300", "b@700", "b@800", "c@800"]);
    expect(crashes).toHaveLength(1);
    const [crash] = crashes;
    expect(crash).toMatchObject({ groupId: "g", restart: true });
    expect(crash!.error).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(crash!.error).toMatchObject({ message: "database unavailable", retryCount: 2, retryTime: 400 });
    // kafkajs's onCrash disconnects (STOP, DISCONNECT) before CRASH; the restart joins as a new member.
    expect(events).toEqual(["GROUP_JOIN app-1", "STOP", "DISCONNECT", "CRASH", "GROUP_JOIN app-2"]);
    // "a" was committed when "b" first failed, so only "b" came again after the restart.
    expect(committed(broker)).toBe(3);
  });

  it("takes the Kafka client's retry under the consumer's; restartOnFailure → false leaves the consumer stopped", async () => {
    const { broker, kafka } = setup({ initialRetryTime: 50, factor: 0, retries: 1 });
    const asked: Error[] = [];
    const { c, events, crashes } = await consumer(kafka, {
      retry: {
        multiplier: 3,
        restartOnFailure: async (e) => {
          asked.push(e);
          return false;
        },
      },
    });
    const at: number[] = [];
    const start = broker.clock.now();
    await c.run({
      eachMessage: async () => {
        at.push(broker.clock.now() - start);
        throw new Error("always");
      },
    });
    await produce(kafka, "t", ["poison"]);
    await broker.waitForIdle();

    // { ...client retry, ...consumer retry }: retries 1 and initialRetryTime 50 from the client.
    expect(at).toEqual([0, 50]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(asked[0]).toMatchObject({ retryCount: 1, retryTime: 150 });
    expect(crashes).toMatchObject([{ groupId: "g", restart: false }]);
    expect(events.at(-1)).toBe("CRASH");
    expect(broker.groupMembers("g")).toEqual([]);
    expect(committed(broker)).toBe(-1);
  });

  it("without a consumer retry, kafkajs's { retries: 5 } replaces the client's retries (6 deliveries before the crash)", async () => {
    const { broker, kafka } = setup({ initialRetryTime: 10, factor: 0, retries: 1 });
    const { c, crashes } = await consumer(kafka, {});
    c.on(c.events.CRASH, () => void c.stop());
    let deliveries = 0;
    await c.run({
      eachMessage: async () => {
        deliveries++;
        throw new Error("always");
      },
    });
    await produce(kafka, "t", ["poison"]);
    await broker.waitForIdle();
    expect(deliveries).toBe(6);
    expect(crashes).toMatchObject([{ restart: true, error: { retryCount: 5, retryTime: 320 } }]);
  });

  it("a non-retriable error (a SyntaxError from JSON.parse) crashes at once, without retries or restart", async () => {
    const { broker, kafka } = setup();
    const { c, crashes } = await consumer(kafka, {});
    let deliveries = 0;
    await c.run({
      eachMessage: async ({ message }) => {
        deliveries++;
        JSON.parse(message.value!.toString());
      },
    });
    await produce(kafka, "t", ["{not json"]);
    await broker.waitForIdle();

    expect(deliveries).toBe(1);
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ groupId: "g", restart: false });
    expect(crashes[0]!.error).toBeInstanceOf(KafkaJSNonRetriableError);
    expect(crashes[0]!.error.cause).toBeInstanceOf(SyntaxError);
    expect(broker.groupMembers("g")).toEqual([]);
  });

  it("eachBatch throwing goes through the same retrier; offsets it resolved before the error are committed", async () => {
    const { broker, kafka } = setup();
    const { c, crashes } = await consumer(kafka, { retry: { initialRetryTime: 10, factor: 0 } });
    const firstOffsets: string[] = [];
    const start = broker.clock.now();
    let failed = false;
    await c.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        firstOffsets.push(`${batch.firstOffset()!}@${broker.clock.now() - start}`);
        for (const m of batch.messages) {
          if (m.value!.toString() === "b" && !failed) {
            failed = true;
            throw new Error("transient");
          }
          resolveOffset(m.offset);
        }
      },
    });
    await produce(kafka, "t", ["a", "b", "c"]);
    await broker.waitForIdle();

    // Fetched again from the failed message once initialRetryTime passed.
    expect(firstOffsets).toEqual(["0@0", "1@10"]);
    expect(crashes).toEqual([]);
    expect(committed(broker)).toBe(3);
  });

  it("with the broker's own retry policy, the broker redelivers and dead-letters: the consumer never crashes", async () => {
    const broker = createBroker({ retry: { maxAttempts: 2 } });
    const kafka = broker.kafka({ logLevel: logLevel.NOTHING });
    const { c, crashes } = await consumer(kafka, { retry: { retries: 0 } });
    await c.run({
      eachMessage: async () => {
        throw new TypeError("bad");
      },
    });
    await produce(kafka, "t", ["x"]);
    await broker.waitForIdle();
    expect(crashes).toEqual([]);
    expect(broker.messages("t.DLT")).toHaveLength(1);
  });
});

describe("stop() and disconnect() (kafkajs Runner#stop waits for the running handler)", () => {
  it("waits for the running eachMessage, commits its offset, and takes no further message", async () => {
    const { broker, kafka } = setup();
    const { c } = await consumer(kafka, {});
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const inHandler = new Promise<void>((r) => (started = r));
    await c.run({
      eachMessage: async ({ message }) => {
        const value = message.value!.toString();
        if (value === "a") {
          started();
          await gate;
        }
        order.push(`handled ${value}`);
      },
    });
    await produce(kafka, "t", ["a", "b"]);
    await inHandler;
    const stopped = c.stop().then(() => void order.push("stopped"));
    await new Promise((r) => setImmediate(r));
    release();
    await stopped;

    expect(order).toEqual(["handled a", "stopped"]);
    expect(committed(broker)).toBe(1);
    expect(broker.groupMembers("g")).toEqual([]);

    // The next consumer of the group starts after "a".
    const seen: string[] = [];
    const next = await consumer(kafka, {});
    await next.c.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await broker.waitForIdle();
    expect(seen).toEqual(["b"]);
  });

  it("stop() awaited inside the consumer's own eachMessage returns, and the consumer leaves once the handler returned", async () => {
    const { broker, kafka } = setup();
    const { c } = await consumer(kafka, {});
    const handled: string[] = [];
    await c.run({
      eachMessage: async ({ message }) => {
        handled.push(message.value!.toString());
        await c.stop();
      },
    });
    await produce(kafka, "t", ["a", "b"]);
    await broker.waitForIdle();

    expect(handled).toEqual(["a"]);
    expect(committed(broker)).toBe(1);
    expect(broker.groupMembers("g")).toEqual([]);
  });

  it("stop() during the wait before a restart cancels the restart", async () => {
    const { broker, kafka } = setup();
    const { c, crashes } = await consumer(kafka, { retry: { retries: 0, initialRetryTime: 1000, factor: 0 } });
    let deliveries = 0;
    c.on(c.events.CRASH, () => void c.stop());
    await c.run({
      eachMessage: async () => {
        deliveries++;
        throw new Error("down");
      },
    });
    await produce(kafka, "t", ["x"]);
    await broker.waitForIdle();
    expect(crashes).toMatchObject([{ restart: true }]);
    expect(deliveries).toBe(1);
    expect(broker.clock.pendingTimers()).toBe(0);
    expect(broker.groupMembers("g")).toEqual([]);
  });
});

describe("subscribe (kafkajs consumer/index.js: topics[name] = { fromBeginning })", () => {
  it("the last subscribe of a topic decides fromBeginning", async () => {
    const { broker, kafka } = setup();
    await produce(kafka, "t", ["old"]);
    const c = kafka.consumer({ groupId: "late" });
    running.push(c);
    await c.subscribe({ topic: "t", fromBeginning: true });
    await c.subscribe({ topic: "t", fromBeginning: false });
    const seen: string[] = [];
    await c.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await produce(kafka, "t", ["new"]);
    await broker.waitForIdle();
    expect(seen).toEqual(["new"]);
  });
});

describe("commitOffsets (kafkajs consumer/index.js#commitOffsets)", () => {
  it("validates each entry and needs a running consumer", async () => {
    const { broker, kafka } = setup();
    const c = kafka.consumer({ groupId: "g" });
    running.push(c);
    await c.subscribe({ topic: "t" });
    await expect(c.commitOffsets([{ topic: "t", partition: 0, offset: "1" }])).rejects.toThrow("consumer#run must be called first");
    await c.run({ eachMessage: async () => {} });
    await expect(c.commitOffsets([{ topic: "t", partition: 0, offset: "-1" }])).rejects.toThrow("Offset must not be a negative number");
    await expect(c.commitOffsets([{ topic: "t", partition: 0, offset: "abc" }])).rejects.toBeInstanceOf(KafkaJSNonRetriableError);
    await expect(c.commitOffsets([{ topic: "", partition: 0, offset: "1" }])).rejects.toThrow("Invalid topic");
    await c.commitOffsets([{ topic: "t", partition: 0, offset: "0", metadata: "m" }]);
    expect(broker.committed("g", ["t"])).toEqual([{ topic: "t", partition: 0, offset: 0, metadata: "m" }]);
  });
});

describe("instrumentation payloads (kafkajs src/consumer/runner.js#fetch)", () => {
  it("FETCH reports numberOfBatches: 0, as kafkajs 2.x always does", async () => {
    const { broker, kafka } = setup();
    const c = kafka.consumer({ groupId: "g" });
    running.push(c);
    const fetches: unknown[] = [];
    c.on(c.events.FETCH, (e) => void fetches.push(e.payload));
    await c.subscribe({ topic: "t", fromBeginning: true });
    await c.run({ eachMessage: async () => {} });
    await produce(kafka, "t", ["a"]);
    await broker.waitForIdle();
    expect(fetches).toEqual([{ numberOfBatches: 0, duration: 0, nodeId: 0 }]);
  });
});

describe("HEARTBEAT: kafkajs's ConsumerGroup#heartbeat, throttled by heartbeatInterval", () => {
  async function heartbeats(heartbeatInterval?: number) {
    const broker = createBroker({ clock: "manual" });
    const kafka = broker.kafka({ clientId: "app", logLevel: logLevel.NOTHING });
    const c = kafka.consumer({ groupId: "g", ...(heartbeatInterval === undefined ? {} : { heartbeatInterval }) });
    running.push(c);
    const beats: Array<{ at: number; payload: unknown }> = [];
    const start = broker.clock.now();
    c.on(c.events.HEARTBEAT, (e) => void beats.push({ at: broker.clock.now() - start, payload: e.payload }));
    await c.subscribe({ topics: ["t"], fromBeginning: true });
    await c.run({
      eachMessage: async ({ heartbeat }) => {
        // Calls within the interval send nothing.
        await heartbeat();
        await heartbeat();
      },
    });
    return { broker, kafka, beats };
  }

  it("heartbeats once heartbeatInterval has passed since the join or the last heartbeat, from heartbeat() or after a message", async () => {
    const { broker, kafka, beats } = await heartbeats(1000);
    await produce(kafka, "t", ["a", "b"]);
    await broker.waitForIdle();
    expect(beats).toEqual([]);
    await broker.clock.advance(999);
    await produce(kafka, "t", ["c"]);
    await broker.waitForIdle();
    expect(beats).toEqual([]);
    await broker.clock.advance(1);
    await produce(kafka, "t", ["d", "e"]);
    await broker.waitForIdle();
    expect(beats).toEqual([{ at: 1000, payload: { groupId: "g", memberId: "app-1", groupGenerationId: 1 } }]);
    await broker.clock.advance(1000);
    await produce(kafka, "t", ["f"]);
    await broker.waitForIdle();
    expect(beats.map((b) => b.at)).toEqual([1000, 2000]);
  });

  it("defaults to kafkajs's 3000 ms and refuses an interval not below sessionTimeout", async () => {
    const { broker, kafka, beats } = await heartbeats();
    await broker.clock.advance(2999);
    await produce(kafka, "t", ["a"]);
    await broker.waitForIdle();
    expect(beats).toEqual([]);
    await broker.clock.advance(1);
    await produce(kafka, "t", ["b"]);
    await broker.waitForIdle();
    expect(beats.map((b) => b.at)).toEqual([3000]);
    expect(() => kafka.consumer({ groupId: "x", sessionTimeout: 3000 })).toThrow(KafkaJSNonRetriableError);
  });
});
