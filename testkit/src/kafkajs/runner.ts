import { AsyncLocalStorage } from "node:async_hooks";
import type { Batch, ConsumerRunConfig, IHeaders, KafkaMessage, Logger, Offsets, OffsetsByTopicPartition } from "kafkajs";
import type { Delivery } from "../broker/consumer-group.js";
import type { LogEntry } from "../broker/topic-log.js";

/** The consumer instrumentation events a runner emits around each delivery (kafkajs `consumer.events` keys). */
export type RunnerEvent = "FETCH_START" | "FETCH" | "START_BATCH_PROCESS" | "END_BATCH_PROCESS";

/** The node id reported by fetch events: the in-memory cluster is one broker, node 0. */
const NODE_ID = 0;

/**
 * The consumer whose handler is running in the current async context: `consumer.stop()` awaited from inside
 * its own `eachMessage` must not wait for that handler to return (it would wait for itself).
 */
export const handlerScope = new AsyncLocalStorage<object>();

/** What the runner needs from its consumer. */
export interface RunnerHost {
  readonly groupId: string;
  /** Identifies the consumer in {@link handlerScope}. */
  readonly scope: object;
  readonly logger: Logger;
  isRunning(): boolean;
  now(): number;
  /** Commits next-offsets; false when the member is no longer in the group. */
  commit(entries: Array<{ topic: string; partition: number; offset: number }>): boolean;
  pause(topic: string, partition: number): () => void;
  isPaused(topic: string, partition: number): boolean;
  /** kafkajs `ConsumerGroup#heartbeat`: heartbeats (HEARTBEAT event) only once `heartbeatInterval` has passed. */
  heartbeat(): void;
  /** kafkajs `readUncommitted`: handlers also get records of aborted transactions. */
  readonly readUncommitted: boolean;
  /** True when the consumer has listeners for the fetch or batch events. */
  observed(): boolean;
  emit(event: RunnerEvent, payload: unknown): void;
  /** A handler threw (after the resolved offsets were committed): the consumer's retrier decides what next. */
  failed(error: unknown): void;
}

/**
 * kafkajs's `Runner` for one `consumer.run(config)`: turns broker deliveries into `eachMessage` / `eachBatch`
 * calls with kafkajs's commit rules — offsets are resolved per message (or by `resolveOffset` /
 * `eachBatchAutoResolve`), committed when `autoCommitInterval` or `autoCommitThreshold` says so and at the end
 * of every batch; when a handler throws, the offsets resolved before it are committed, the consumer's retrier
 * hears of it (`host.failed`: retry after `retryTime` or crash, as kafkajs's `Runner`) and the error goes back
 * to the broker, which redelivers from the failed message (or retries and dead-letters with its own policy).
 */
export class Runner {
  private readonly autoCommit: boolean;
  private readonly interval: number | null;
  private readonly threshold: number | null;
  private readonly autoResolve: boolean;
  /**
   * Resolved next-offsets by `topic\0partition` (kafkajs `OffsetManager#resolvedOffsets`), each with `base`, what
   * kafkajs holds as committed there: the offset its delivery was fetched from, or the last commit during it.
   * Uncommitted while `offset !== base`.
   */
  private readonly resolved = new Map<string, ResolvedOffset>();
  private lastCommit: number;

  constructor(
    private readonly host: RunnerHost,
    private readonly config: ConsumerRunConfig,
  ) {
    this.autoCommit = config.autoCommit ?? true;
    this.interval = config.autoCommitInterval ?? null;
    this.threshold = config.autoCommitThreshold ?? null;
    this.autoResolve = config.eachBatchAutoResolve ?? true;
    this.lastCommit = host.now();
  }

  /**
   * The broker's delivery handler. A delivery is one kafkajs fetch of one batch: FETCH_START `{ nodeId }` and
   * FETCH `{ numberOfBatches, duration, nodeId }` (duration in ms) come before START_BATCH_PROCESS, as in
   * kafkajs's `Runner#fetch`. Unlike kafkajs, no fetch events are emitted while there is nothing to deliver.
   */
  readonly handle = async (delivery: Delivery): Promise<void> => {
    // kafkajs's Batch hands handlers neither transaction markers nor (read committed) aborted records, but
    // its first/last offsets still count them.
    const entries = this.visible(delivery.messages);
    const messages = entries.map(toKafkaMessage);
    const observed = this.host.observed();
    if (observed) {
      this.host.emit("FETCH_START", { nodeId: NODE_ID });
      // kafkajs 2.x always reports numberOfBatches: 0 (its fetch yields batches lazily; Runner#fetch says so).
      this.host.emit("FETCH", { numberOfBatches: 0, duration: 0, nodeId: NODE_ID });
    }
    const event = observed ? batchEvent(delivery, messages) : undefined;
    if (event) this.host.emit("START_BATCH_PROCESS", event);
    const started = Date.now();
    if (messages.length === 0) {
      // kafkajs Runner#handleBatch, `isEmptyDueToFiltering`: resolve past the markers / aborted records and
      // commit only if autoCommitInterval/Threshold say so, so that the consumer moves on.
      this.resolve(delivery, delivery.messages[delivery.messages.length - 1]!.offset);
      this.commitIfNecessary();
      if (event) this.host.emit("END_BATCH_PROCESS", { ...event, duration: Date.now() - started });
      this.host.heartbeat();
      return;
    }
    try {
      await handlerScope.run(this.host.scope, () => (this.config.eachBatch ? this.processBatch(delivery, entries, messages) : this.processEachMessage(delivery, entries, messages)));
    } catch (e) {
      // kafkajs: "In case of errors, commit the previously consumed offsets unless autoCommit is disabled",
      // then the error reaches the retrier of the fetch loop (Runner#scheduleFetchManager).
      if (this.autoCommit) this.commitUncommitted();
      this.host.failed(e);
      throw e;
    }
    if (event) this.host.emit("END_BATCH_PROCESS", { ...event, duration: Date.now() - started });
    if (this.autoCommit) this.commitUncommitted();
    this.host.heartbeat();
  };

  /** The entries a kafkajs handler gets (kafkajs `Batch#messages` after `filterAbortedMessages`). */
  private visible(entries: readonly LogEntry[]): readonly LogEntry[] {
    let filtered: LogEntry[] | undefined;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const hidden = e.control !== undefined || (!this.host.readUncommitted && e.transaction?.state === "aborted");
      if (hidden && !filtered) filtered = entries.slice(0, i);
      else if (!hidden && filtered) filtered.push(e);
    }
    return filtered ?? entries;
  }

  /** Commits everything resolved so far (kafkajs `commitOffsets()` with no argument). */
  commitUncommitted(): void {
    const entries: Array<{ topic: string; partition: number; offset: number }> = [];
    for (const r of this.resolved.values()) {
      if (r.offset === r.base) continue;
      entries.push({ topic: r.topic, partition: r.partition, offset: r.offset });
      r.base = r.offset;
    }
    if (entries.length === 0) return;
    this.lastCommit = this.host.now();
    this.host.commit(entries);
  }

  /** kafkajs `uncommittedOffsets()`. */
  uncommittedOffsets(): OffsetsByTopicPartition {
    const topics = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const u of this.resolved.values()) {
      if (u.offset === u.base) continue;
      const list = topics.get(u.topic) ?? [];
      list.push({ partition: u.partition, offset: String(u.offset) });
      topics.set(u.topic, list);
    }
    return { topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) };
  }

  private async processEachMessage(delivery: Delivery, entries: readonly LogEntry[], messages: KafkaMessage[]): Promise<void> {
    const eachMessage = this.config.eachMessage;
    if (!eachMessage) return;
    const { topic, partition } = delivery;
    // Per-batch closures and key: this loop runs once per consumed message.
    const heartbeat = async () => this.host.heartbeat();
    const pause = () => this.host.pause(topic, partition);
    const key = `${topic}\u0000${partition}`;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      if (!this.host.isRunning() || !delivery.isActive()) break;
      try {
        await eachMessage({ topic, partition, message, heartbeat, pause });
      } catch (e) {
        this.logFailure("eachMessage", topic, partition, message.offset, e);
        throw e;
      }
      this.resolve(delivery, entries[i]!.offset, key);
      this.host.heartbeat();
      this.commitIfNecessary();
      if (this.host.isPaused(topic, partition)) break;
    }
  }

  private async processBatch(delivery: Delivery, entries: readonly LogEntry[], messages: KafkaMessage[]): Promise<void> {
    const eachBatch = this.config.eachBatch!;
    const { topic, partition } = delivery;
    const batch = toBatch(delivery, messages);
    const lastVisible = entries[entries.length - 1]?.offset;
    try {
      await eachBatch({
        batch,
        // kafkajs: resolving the last message handed out resolves the batch's last offset, so that a trailing
        // transaction marker (which the handler never sees) does not hold the consumer back.
        resolveOffset: (offset: string) => this.resolve(delivery, Number(offset) === lastVisible ? Number(batch.lastOffset()) : Number(offset)),
        heartbeat: async () => this.host.heartbeat(),
        pause: () => this.host.pause(topic, partition),
        commitOffsetsIfNecessary: async (offsets?: Offsets) => {
          if (offsets) {
            this.host.commit(offsets.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) }))));
          } else {
            this.commitIfNecessary();
          }
        },
        uncommittedOffsets: () => this.uncommittedOffsets(),
        isRunning: () => this.host.isRunning() && delivery.member.active,
        isStale: () => !delivery.isActive(),
      });
    } catch (e) {
      this.logFailure("eachBatch", topic, partition, batch.firstOffset() ?? "", e);
      throw e;
    }
    if (this.autoResolve && messages.length > 0 && delivery.isActive()) this.resolve(delivery, Number(batch.lastOffset()));
  }

  private resolve(delivery: Delivery, offset: number, key = `${delivery.topic}\u0000${delivery.partition}`): void {
    if (!delivery.isActive()) return;
    delivery.resolve(offset);
    if (!delivery.isActive()) return;
    const known = this.resolved.get(key);
    // A delivery after everything was committed was fetched from the committed offset: kafkajs's base again.
    if (known && (known.offset !== known.base || known.delivery === delivery)) {
      known.offset = offset + 1;
      known.delivery = delivery;
    } else {
      this.resolved.set(key, { topic: delivery.topic, partition: delivery.partition, base: delivery.messages[0]!.offset, offset: offset + 1, delivery });
    }
  }

  /**
   * kafkajs `OffsetManager#countResolvedOffsets`: the distance from the committed to the resolved offset, summed
   * over partitions — not the number of `resolveOffset` calls, so resolving a batch's last offset counts the batch.
   */
  private resolvedSinceCommit(): number {
    let n = 0;
    for (const r of this.resolved.values()) n += Math.max(0, r.offset - r.base);
    return n;
  }

  private commitIfNecessary(): void {
    if (!this.autoCommit) return;
    const timeoutReached = this.interval !== null && this.host.now() >= this.lastCommit + this.interval;
    const thresholdReached = this.threshold !== null && this.resolvedSinceCommit() >= this.threshold;
    if (timeoutReached || thresholdReached) this.commitUncommitted();
  }

  private logFailure(handler: string, topic: string, partition: number, offset: string, e: unknown): void {
    const error = e instanceof Error ? e : new Error(String(e));
    this.host.logger.error(`Error when calling ${handler}`, { topic, partition, offset, stack: error.stack, error: error.message });
  }
}

/** A partition's resolved next-offset in {@link Runner}, `base` the offset kafkajs holds as committed there. */
interface ResolvedOffset {
  readonly topic: string;
  readonly partition: number;
  base: number;
  offset: number;
  /** The delivery that resolved it last. */
  delivery: Delivery;
}

function toKafkaMessage(e: LogEntry): KafkaMessage {
  return {
    key: e.consumerKey,
    value: e.consumerValue,
    timestamp: String(e.timestamp),
    attributes: 0,
    offset: String(e.offset),
    headers: toConsumerHeaders(e.headers),
  };
}

/**
 * kafkajs hands consumers header values as Buffers. Its record encoder writes one header per element of an
 * array value and its decoder folds repeated names back into an array (kafkajs
 * `src/protocol/recordBatch/record/v0/index.js` and `decoder.js`): a one-element array comes back as a single
 * Buffer and an empty one not at all.
 */
function toConsumerHeaders(headers: IHeaders): IHeaders {
  const out: IHeaders = {};
  for (const name in headers) {
    const v = headers[name];
    if (v === undefined) continue;
    if (!Array.isArray(v)) out[name] = asBuffer(v);
    else if (v.length === 1) out[name] = asBuffer(v[0]!);
    else if (v.length > 1) out[name] = v.map(asBuffer);
  }
  return out;
}

function asBuffer(v: string | Buffer): Buffer {
  return typeof v === "string" ? Buffer.from(v, "utf8") : v;
}

/** kafkajs's `Batch`: `messages` as handed out, first/last offsets over every record fetched (markers included). */
function toBatch(delivery: Delivery, messages: KafkaMessage[]): Batch {
  const hw = delivery.highWatermark;
  const raw = delivery.messages;
  const first = raw.length > 0 ? String(raw[0]!.offset) : null;
  const last = raw.length > 0 ? String(raw[raw.length - 1]!.offset) : String(hw - 1);
  return {
    topic: delivery.topic,
    partition: delivery.partition,
    highWatermark: String(hw),
    messages,
    isEmpty: () => messages.length === 0,
    firstOffset: () => first,
    lastOffset: () => last,
    offsetLag: () => String(Math.max(0, hw - 1 - Number(last))),
    offsetLagLow: () => String(Math.max(0, hw - 1 - Number(first ?? last))),
  };
}

function batchEvent(delivery: Delivery, messages: KafkaMessage[]) {
  const hw = delivery.highWatermark;
  const raw = delivery.messages;
  const first = raw.length > 0 ? String(raw[0]!.offset) : "";
  const last = raw.length > 0 ? String(raw[raw.length - 1]!.offset) : "";
  return {
    topic: delivery.topic,
    partition: delivery.partition,
    highWatermark: String(hw),
    offsetLag: String(Math.max(0, hw - 1 - Number(last))),
    offsetLagLow: String(Math.max(0, hw - 1 - Number(first))),
    batchSize: messages.length,
    firstOffset: first,
    lastOffset: last,
  };
}
