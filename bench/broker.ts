/**
 * `npm run bench:broker`: produce→consume throughput and p99 latency of the in-memory broker through its
 * kafkajs facade (`producer.send` batches, one consumer group, `eachMessage`), 1 KiB values, keyed messages,
 * on 1 and on 12 partitions — against a bare Node `EventEmitter` relay doing the same work in the same run
 * (murmur2 partitioning, appending to a per-partition log, handing each record to the same async handler).
 * Each round measures both back to back (alternating which goes first); the round with the median ratio
 * broker / relay is reported, with CPU µs per message (less distorted than wall time on a shared machine).
 * Goals: ≥ 1 M msg/s on one partition, ratio ≥ 0.5.
 * Env: `BENCH_MESSAGES` per run (default 200 000), `BENCH_ROUNDS` (default 5), `BENCH_BATCH` messages per
 * send (default 1000).
 */
import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { createBroker, partitionForKey } from "../testkit/src/index.js";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const VALUE = Buffer.alloc(1024, 120);
// Unique keys carry the message index back to the handler (values are one shared 1 KiB buffer, so the run
// measures the relay, not allocation).
const KEYS = Array.from({ length: MESSAGES }, (_, i) => String(i));

interface Run {
  readonly perSecond: number;
  readonly p99Ms: number;
  /** CPU time (user + system) per message, µs: the figure a busy shared machine distorts least. */
  readonly cpuMicros: number;
}

/** p99 of the latencies (ms) recorded in `samples[0..n)`. */
function p99(samples: Float64Array, n: number): number {
  const sorted = samples.subarray(0, n).sort();
  return sorted[Math.min(n - 1, Math.floor(n * 0.99))]!;
}

/** The broker through kafkajs's API: batches of `BATCH` keyed messages, one group consuming with eachMessage. */
async function runBroker(partitions: number): Promise<Run> {
  const broker = createBroker({ defaultPartitions: partitions });
  const kafka = broker.kafka({ logLevel: 0 });
  await kafka.admin().createTopics({ topics: [{ topic: "bench", numPartitions: partitions }] });
  const sentAt = new Float64Array(MESSAGES);
  const latency = new Float64Array(MESSAGES);
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const consumer = kafka.consumer({ groupId: "bench" });
  await consumer.subscribe({ topic: "bench", fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: partitions,
    eachMessage: async ({ message }) => {
      const i = Number(message.key!.toString());
      latency[received] = performance.now() - sentAt[i]!;
      if (++received === MESSAGES) done();
    },
  });
  const producer = kafka.producer();
  await producer.connect();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let from = 0; from < MESSAGES; from += BATCH) {
    const messages = [];
    const now = performance.now();
    for (let i = from; i < Math.min(MESSAGES, from + BATCH); i++) {
      sentAt[i] = now;
      messages.push({ key: KEYS[i]!, value: VALUE });
    }
    await producer.send({ topic: "bench", messages });
  }
  await finished;
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await consumer.disconnect();
  return { perSecond: (MESSAGES / elapsed) * 1000, p99Ms: p99(latency, received), cpuMicros: (used.user + used.system) / MESSAGES };
}

/** The baseline: an EventEmitter relay doing the same work — partition, append to a log, hand to the handler. */
async function runRelay(partitions: number): Promise<Run> {
  const relay = new EventEmitter();
  const logs: Array<Array<{ key: Buffer; value: Buffer; offset: number }>> = Array.from({ length: partitions }, () => []);
  const sentAt = new Float64Array(MESSAGES);
  const latency = new Float64Array(MESSAGES);
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const handler = async (record: { key: Buffer }) => {
    const i = Number(record.key.toString());
    latency[received] = performance.now() - sentAt[i]!;
    if (++received === MESSAGES) done();
  };
  relay.on("message", (record: { key: Buffer }) => void handler(record));
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let from = 0; from < MESSAGES; from += BATCH) {
    const now = performance.now();
    for (let i = from; i < Math.min(MESSAGES, from + BATCH); i++) {
      sentAt[i] = now;
      const key = Buffer.from(KEYS[i]!);
      const log = logs[partitionForKey(key, partitions)]!;
      const record = { key, value: VALUE, offset: log.length };
      log.push(record);
      relay.emit("message", record);
    }
    await new Promise<void>((r) => setImmediate(r));
  }
  await finished;
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: (MESSAGES / elapsed) * 1000, p99Ms: p99(latency, received), cpuMicros: (used.user + used.system) / MESSAGES };
}

function fmt(run: Run): string {
  return `${(run.perSecond / 1e6).toFixed(2)} M msg/s, p99 ${run.p99Ms.toFixed(2)} ms, ${run.cpuMicros.toFixed(2)} µs CPU/msg`;
}

// Warm up both paths (JIT) before measuring.
await runBroker(1);
await runRelay(1);
for (const partitions of [1, 12]) {
  const rounds: Array<{ broker: Run; relay: Run; ratio: number }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    let broker: Run;
    let relay: Run;
    if (r % 2 === 0) {
      broker = await runBroker(partitions);
      relay = await runRelay(partitions);
    } else {
      relay = await runRelay(partitions);
      broker = await runBroker(partitions);
    }
    rounds.push({ broker, relay, ratio: broker.perSecond / relay.perSecond });
  }
  const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)]!;
  const cpuRatio = median.relay.cpuMicros / median.broker.cpuMicros;
  console.log(
    `${String(partitions).padStart(2)} partition(s), ${MESSAGES} × 1 KiB, one group: broker ${fmt(median.broker)} | EventEmitter relay ${fmt(median.relay)} | ` +
      `ratio ${median.ratio.toFixed(2)} by wall-clock throughput, ${cpuRatio.toFixed(2)} by CPU per message (goal ≥ 0.5; ≥ 1 M msg/s on 1 partition)`,
  );
}
