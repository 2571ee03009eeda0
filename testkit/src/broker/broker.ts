import { errorText, TestkitError } from "../errors.js";
import {
  ConsumerGroup,
  Delivery,
  type GroupMember,
  type JoinGroupOptions,
  type PartitionState,
  type RebalancePlan,
  tpKey,
} from "./consumer-group.js";
import { deadLetterHeaders, defaultDeadLetterTopic } from "./dead-letter.js";
import { Faults } from "./faults.js";
import { createDefaultPartitioner } from "./partitioner.js";
import { backoffMs, checkRetryPolicy, type RetryPolicy } from "./retry-policy.js";
import type { TopicBinding } from "./topic-binding.js";
import { controlRecordKey, controlRecordValue, Transaction } from "./transaction.js";
import { type LogEntry, type PartitionLog, Topic, type TopicConfig, topicNameProblem } from "./topic-log.js";
import type { BrokerMessage, GroupLag, MessageHeaders, PartitionLag, ProduceRecord, RecordPosition, TopicPartition } from "./types.js";
import { type BrokerClock, type ClockMode, Timeline } from "./virtual-clock.js";

/** Options of {@link createBroker}. */
export interface CreateBrokerOptions {
  /** Partitions of an auto-created topic (first produce or subscribe). Default 1. */
  readonly defaultPartitions?: number;
  /**
   * What happens when a handler throws. Without a policy the kafkajs facade does what kafkajs does: the
   * consumer's `retry` redelivers the message after `retryTime`, then crashes the consumer and restarts it
   * (see `createConsumer`); with one the broker retries it with backoff and, after `maxAttempts` deliveries,
   * publishes it to the dead-letter topic and commits past it (the consumer never crashes).
   */
  readonly retry?: RetryPolicy;
  /** Dead-letter topic of a topic. Default `<topic>.DLT` (Spring Kafka's `DeadLetterPublishingRecoverer`). */
  readonly deadLetterTopic?: (topic: string) => string;
  /** Clock mode (see {@link ClockMode}). Default `auto`. */
  readonly clock?: ClockMode;
  /** Create unknown topics on first produce or subscribe (Kafka `auto.create.topics.enable`). Default true. */
  readonly autoCreateTopics?: boolean;
  /**
   * Without a retry policy: failed deliveries of one message (or deliveries that resolve nothing) after which
   * the partition is marked stuck and `waitForIdle` rejects with `CONSUMER_STUCK`. Default 100.
   */
  readonly maxRedeliveries?: number;
}

/** Options of {@link Broker.produce}. */
export interface ProduceOptions {
  /**
   * Chooses every record's partition, explicit `partition` included (kafkajs's `groupMessagesPerPartition` asks
   * the `createPartitioner` partitioner about every message; its own partitioners return an explicit one).
   * Without it: an explicit partition, else murmur2 of the key / round-robin.
   */
  readonly partitioner?: (topic: string, record: ProduceRecord, partitionCount: number) => number;
  /**
   * Writes the records as part of this open transaction (see {@link Broker.beginTransaction}): appended now,
   * seen by read-committed consumers only once it commits. Throws `INVALID_ARGUMENT` once it ended.
   */
  readonly transaction?: Transaction;
}

/** Options of {@link Broker.waitForIdle}. */
export interface WaitForIdleOptions {
  /** Wall-clock ms after which it rejects with `IDLE_TIMEOUT`, naming the work still pending. Default 5000. */
  readonly timeoutMs?: number;
}

/** One side of {@link Broker.produceBatch}: records for one topic. */
export interface TopicRecords {
  readonly topic: string;
  readonly records: readonly ProduceRecord[];
}

interface IdleWaiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The in-memory Kafka engine: topics of partitioned logs, transactions, consumer groups with pluggable
 * assignment (range by default) and committed offsets, at-least-once delivery with retry and dead-letter
 * topics, fault injection and a virtual clock. It knows nothing of kafkajs: `broker.kafka()` (see `createBroker`) is the kafkajs-shaped facade.
 */
export class Broker {
  /** The broker's clock; `advance(ms)` moves a virtual clock. */
  readonly clock: BrokerClock;
  /** Fault injection: failed sends, delayed and duplicated deliveries, consumer crashes. */
  readonly faults = new Faults();
  protected readonly options: CreateBrokerOptions;
  private readonly timeline: Timeline;
  private readonly topics = new Map<string, Topic>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly bindings = new Map<string, TopicBinding>();
  private readonly partitioner = createDefaultPartitioner();
  private seq = 0;
  private readonly producerIds = new Map<string, number>();
  private inFlight = 0;
  /** Rebalances waiting for an asynchronous assignment (a kafkajs custom assigner). */
  private assigning = 0;
  private pumpScheduled = false;
  private visibilityTimer: { at: number; cancel: () => void } | undefined;
  private readonly idleWaiters: IdleWaiter[] = [];

  constructor(options: CreateBrokerOptions = {}) {
    const partitions = options.defaultPartitions ?? 1;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new TestkitError("INVALID_ARGUMENT", `createBroker: defaultPartitions must be an integer ≥ 1; got ${partitions}`);
    }
    if (options.retry) checkRetryPolicy(options.retry);
    this.options = options;
    this.timeline = new Timeline(options.clock ?? "auto");
    const timeline = this.timeline;
    this.clock = {
      mode: timeline.mode,
      now: () => timeline.now(),
      pendingTimers: () => timeline.pending(),
      advance: async (ms: number) => {
        if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`clock.advance: ms must be a finite number ≥ 0; got ${ms}`);
        timeline.advanceTo(timeline.now() + ms);
        await this.settle();
      },
    };
  }

  // ---- topics -------------------------------------------------------------------------------------------

  /**
   * Creates a topic with `numPartitions` (default `defaultPartitions`). Returns false when it already exists.
   * Throws `INVALID_ARGUMENT` for a name Kafka refuses or a partition count < 1.
   */
  createTopic(name: string, options: { numPartitions?: number; config?: TopicConfig } = {}): boolean {
    const problem = topicNameProblem(name);
    if (problem) throw new TestkitError("INVALID_ARGUMENT", problem, { topic: name });
    if (this.topics.has(name)) return false;
    const count = options.numPartitions === undefined || options.numPartitions === -1 ? this.defaultPartitions() : options.numPartitions;
    if (!Number.isInteger(count) || count < 1) throw new TestkitError("INVALID_ARGUMENT", `topic ${name}: numPartitions must be an integer ≥ 1; got ${count}`);
    this.topics.set(name, new Topic(name, count, options.config));
    this.rebalanceGroupsOf(name);
    return true;
  }

  /** Grows `name` to `count` partitions (Kafka never shrinks). Throws `UNKNOWN_TOPIC` / `INVALID_ARGUMENT`. */
  createPartitions(name: string, count: number): void {
    const topic = this.requireTopic(name);
    if (!Number.isInteger(count) || count <= topic.partitions.length) {
      throw new TestkitError("INVALID_ARGUMENT", `topic ${name} has ${topic.partitions.length} partitions; the new count must be larger (got ${count})`);
    }
    topic.addPartitions(count - topic.partitions.length);
    this.rebalanceGroupsOf(name);
  }

  /** Deletes topics and every group's offsets for them. Unknown names are ignored. */
  deleteTopics(names: readonly string[]): void {
    for (const name of names) {
      if (!this.topics.delete(name)) continue;
      for (const group of this.groups.values()) {
        for (const key of [...group.partitions.keys()]) if (key.startsWith(`${name}\u0000`)) group.partitions.delete(key);
      }
      this.rebalanceGroupsOf(name);
    }
  }

  /** Names of the existing topics, sorted. */
  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  /** Partition count of `name`, or `undefined` for an unknown topic. */
  partitionCount(name: string): number | undefined {
    return this.topics.get(name)?.partitions.length;
  }

  /** A topic's configuration entries as created (`undefined` for an unknown topic). */
  topicConfig(name: string): TopicConfig | undefined {
    return this.topics.get(name)?.config;
  }

  /**
   * Low (log start), high (log end) and stable (Kafka's last stable offset: the first offset of the oldest
   * open transaction, else the log end) offsets of each partition of `name`. Throws `UNKNOWN_TOPIC`.
   */
  topicOffsets(name: string): Array<{ partition: number; low: number; high: number; stable: number }> {
    return this.requireTopic(name).partitions.map((p, partition) => ({ partition, low: p.startOffset, high: p.endOffset, stable: p.stableOffset }));
  }

  /**
   * Kafka's DeleteRecords (kafkajs `admin.deleteTopicRecords`): moves each partition's log start offset up to
   * `offset` (−1: the log end), so consumers no longer receive the records before it; a group positioned
   * before it resets as on an out-of-range offset (earliest with `fromBeginning`, else latest). An offset
   * below the current start changes nothing. Throws `UNKNOWN_TOPIC`, `INVALID_PARTITION` for a partition the
   * topic lacks, `INVALID_ARGUMENT` for an offset beyond the log end (nothing is changed then).
   */
  deleteRecords(name: string, partitions: ReadonlyArray<{ partition: number; offset: number }>): void {
    const topic = this.requireTopic(name);
    for (const { partition, offset } of partitions) {
      const log = topic.partitions[partition];
      if (!log) throw new TestkitError("INVALID_PARTITION", `topic ${name} has partitions 0..${topic.partitions.length - 1}; cannot delete records of partition ${partition}`, { topic: name, partition });
      if (!Number.isInteger(offset) || offset < -1 || offset > log.endOffset) {
        throw new TestkitError("INVALID_ARGUMENT", `offset ${offset} is outside ${name}/${partition}'s log (−1 or ${log.startOffset}..${log.endOffset})`, { topic: name, partition, offset });
      }
    }
    for (const { partition, offset } of partitions) {
      const log = topic.partitions[partition]!;
      log.startOffset = Math.max(log.startOffset, offset === -1 ? log.endOffset : offset);
    }
    this.schedulePump();
  }

  // ---- producing ----------------------------------------------------------------------------------------

  /** Appends `records` to `topic`; see {@link Broker.produceBatch}. */
  produce(topic: string, records: readonly ProduceRecord[], options: ProduceOptions = {}): Promise<RecordPosition[]> {
    return this.produceBatch([{ topic, records }], options);
  }

  /**
   * Appends records to several topics at once, all or nothing: an injected send failure, a contract
   * violation or a bad partition refuses the whole call before anything is stored. Creates unknown topics
   * (unless `autoCreateTopics: false`: `UNKNOWN_TOPIC`), even for a send then refused, as Kafka creates them on
   * the producer's metadata request. Returns where each record landed, in input order.
   */
  async produceBatch(batches: readonly TopicRecords[], options: ProduceOptions = {}): Promise<RecordPosition[]> {
    const transaction = options.transaction;
    if (transaction && !transaction.open) {
      throw new TestkitError("INVALID_ARGUMENT", `transaction of ${transaction.transactionalId} is ${transaction.state}; begin a new one`, { transactionalId: transaction.transactionalId });
    }
    for (const { topic } of batches) {
      const problem = topicNameProblem(topic);
      if (problem) throw new TestkitError("INVALID_ARGUMENT", problem, { topic });
    }
    for (const { topic } of batches) {
      const failure = this.faults.takeSendFailure(topic);
      if (failure !== undefined) throw new TestkitError("INJECTED_SEND_FAILURE", failure, { topic });
    }
    // Two passes: validate, encode and place every record first (all or nothing), then append.
    const targets: Topic[] = [];
    const partitions: number[] = [];
    const keys: Array<Buffer | null> = [];
    const values: Array<Buffer | null> = [];
    const consumerKeys: Array<Buffer | null> = [];
    const consumerValues: Array<Buffer | null> = [];
    const records: ProduceRecord[] = [];
    for (const { topic, records: batch } of batches) {
      const binding = this.bindings.get(topic);
      const target = this.topicForProduce(topic);
      const count = target.partitions.length;
      for (const record of batch) {
        let key = toBuffer(record.key);
        let value = toBuffer(record.value);
        let consumerKey = key;
        let consumerValue = value;
        if (binding) {
          const encoded = await binding.encode({ topic, key, value, headers: record.headers ?? {} });
          ({ key, value, consumerKey, consumerValue } = encoded);
        }
        const partition = options.partitioner ? options.partitioner(topic, record, count) : (record.partition ?? this.partitioner(topic, key, count));
        if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
          throw new TestkitError("INVALID_PARTITION", `topic ${topic} has partitions 0..${count - 1}; a record asked for partition ${partition}`, { topic, partition });
        }
        targets.push(target);
        partitions.push(partition);
        keys.push(key);
        values.push(value);
        consumerKeys.push(consumerKey);
        consumerValues.push(consumerValue);
        records.push(record);
      }
    }
    const positions: RecordPosition[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const timestamp = record.timestamp === undefined ? undefined : Number(record.timestamp);
      // A log entry has every RecordPosition field: hand it out instead of allocating a copy per record.
      positions[i] = this.append(targets[i]!, partitions[i]!, keys[i]!, values[i]!, consumerKeys[i]!, consumerValues[i]!, record.headers ?? EMPTY_HEADERS, timestamp, transaction);
    }
    this.schedulePump();
    return positions;
  }

  /**
   * What was produced to `topic` (every partition, in append order), or to every topic when `topic` is
   * omitted. `partition` narrows to one partition. Records of open or aborted transactions are left out
   * unless `uncommitted` is true; transaction markers always are (their offsets show as gaps).
   */
  messages(topic?: string, options: { partition?: number; uncommitted?: boolean } = {}): BrokerMessage[] {
    const topics = topic === undefined ? [...this.topics.values()] : [this.topics.get(topic)].filter((t): t is Topic => t !== undefined);
    const out: LogEntry[] = [];
    for (const t of topics) {
      t.partitions.forEach((p, partition) => {
        if (options.partition !== undefined && options.partition !== partition) return;
        for (const e of p.entries) {
          if (e.control || (e.transaction && e.transaction.state !== "committed" && !options.uncommitted)) continue;
          out.push(e);
        }
      });
    }
    return out.sort((a, b) => a.seq - b.seq).map(publicMessage);
  }

  // ---- transactions -------------------------------------------------------------------------------------

  /**
   * Opens a transaction for `transactionalId` (kafkajs `producer.transaction()`): produce with
   * `{ transaction }`, then {@link Broker.endTransaction}. Kafka gives each transactional id one producer id.
   */
  beginTransaction(transactionalId: string): Transaction {
    let producerId = this.producerIds.get(transactionalId);
    if (producerId === undefined) this.producerIds.set(transactionalId, (producerId = this.producerIds.size));
    return new Transaction(transactionalId, producerId);
  }

  /** Adds group offsets to commit when `transaction` commits (kafkajs `transaction.sendOffsets`). */
  addTransactionOffsets(transaction: Transaction, groupId: string, entries: ReadonlyArray<TopicPartition & { offset: number }>): void {
    if (!transaction.open) throw new TestkitError("INVALID_ARGUMENT", `transaction of ${transaction.transactionalId} is ${transaction.state}`, { transactionalId: transaction.transactionalId });
    transaction.offsets.push({ groupId, entries });
  }

  /**
   * Commits or aborts `transaction` (Kafka's EndTxn): writes a commit/abort marker to every partition it
   * wrote to, which moves their last stable offset on, and on commit commits the offsets sent with it.
   * A transaction that wrote nothing writes no marker. Ending an ended transaction does nothing.
   */
  endTransaction(transaction: Transaction, commit: boolean): void {
    if (!transaction.open) return;
    transaction.state = commit ? "committed" : "aborted";
    const control = commit ? "commit" : "abort";
    for (const topic of this.topics.values()) {
      topic.partitions.forEach((log, partition) => {
        if (!log.openTransactions.delete(transaction)) return;
        this.append(topic, partition, controlRecordKey(control), controlRecordValue(), null, null, EMPTY_HEADERS, undefined, transaction, control);
      });
    }
    if (commit) for (const o of transaction.offsets) this.commit(o.groupId, o.entries);
    this.schedulePump();
  }

  /** Installs (or with `undefined` removes) the produce-path binding of `topic`. */
  setBinding(topic: string, binding: TopicBinding | undefined): void {
    if (binding) this.bindings.set(topic, binding);
    else this.bindings.delete(topic);
  }

  /** The binding of `topic`, if any. */
  bindingOf(topic: string): TopicBinding | undefined {
    return this.bindings.get(topic);
  }

  // ---- consumer groups ----------------------------------------------------------------------------------

  /**
   * Adds a member to `groupId` (creating the group), subscribes it to `options.topics` (creating unknown
   * topics when auto-creation is on) and rebalances with the protocol the members choose (default: the range
   * assignor). Deliveries start on the next turn of the event loop. Throws `INVALID_ARGUMENT` for a member
   * that shares no protocol with the group.
   */
  joinGroup(groupId: string, options: JoinGroupOptions): GroupMember {
    for (const t of options.topics) if (!this.topics.has(t)) this.topicForProduce(t);
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId);
      this.groups.set(groupId, group);
    }
    const member = group.add(options);
    this.rebalance(group);
    return member;
  }

  /**
   * Stops new batches to `member` and resolves once those it is handling have settled, their offsets resolved
   * (kafkajs `consumer.stop()`: `Runner#stop` waits for the running `eachMessage`/`eachBatch`, which commits
   * what it resolved, before leaving the group). The member stays in the group: {@link Broker.leaveGroup} next.
   */
  drainMember(member: GroupMember): Promise<void> {
    member.draining = true;
    if (member.inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => member.drainWaiters.push(resolve));
  }

  /**
   * Gives `member` no new batch for `ms` of broker time (kafkajs's consumer retrier: after a handler threw, the
   * fetch loop starts again after `retryTime`). Batches in flight finish; `waitForIdle` waits for the hold
   * (an auto clock skips it).
   */
  holdMember(member: GroupMember, ms: number): void {
    member.heldUntil = Math.max(member.heldUntil, this.timeline.now() + ms);
    this.timeline.schedule(ms, () => this.schedulePump());
  }

  /**
   * Runs `callback` after `ms` of broker time (kafkajs's `setTimeout` for a consumer restart after a crash);
   * `waitForIdle` waits for it, an auto clock skips the wait, `reset()` cancels it. Returns a cancel function.
   */
  schedule(ms: number, callback: () => void): () => void {
    return this.timeline.schedule(ms, () => {
      callback();
      this.schedulePump();
    });
  }

  /** The broker's redelivery policy (`createBroker({ retry })`), if any: it then handles failing messages. */
  get retryPolicy(): RetryPolicy | undefined {
    return this.options.retry;
  }

  /** Removes a member (consumer stop/disconnect); its partitions go to the rest of the group. */
  leaveGroup(member: GroupMember): void {
    if (member.group.remove(member)) this.rebalance(member.group);
  }

  /**
   * Commits `offset` (the next offset to read) for each entry. A member that left or crashed commits nothing
   * (returns false), as Kafka refuses commits from a fenced generation.
   */
  commit(groupId: string, entries: ReadonlyArray<TopicPartition & { offset: number; metadata?: string | null }>, member?: GroupMember): boolean {
    if (member && !member.active) return false;
    const group = this.group(groupId);
    for (const e of entries) {
      const state = group.state(e.topic, e.partition);
      state.committed = e.offset;
      state.metadata = e.metadata ?? null;
      if (!member && !state.inFlight) state.needsReset = true;
    }
    this.schedulePump();
    return true;
  }

  /** Committed offsets of `groupId` (−1 when none), for `topics` or every topic the group has state for. */
  committed(groupId: string, topics?: readonly string[]): Array<TopicPartition & { offset: number; metadata: string | null }> {
    const group = this.groups.get(groupId);
    const names = topics ?? [...new Set([...(group?.partitions.keys() ?? [])].map((k) => k.split("\u0000")[0]!))];
    const out: Array<TopicPartition & { offset: number; metadata: string | null }> = [];
    for (const topic of names) {
      const count = this.partitionCount(topic) ?? 0;
      for (let partition = 0; partition < count; partition++) {
        const state = group?.partitions.get(tpKey(topic, partition));
        out.push({ topic, partition, offset: state?.committed ?? -1, metadata: state?.metadata ?? null });
      }
    }
    return out;
  }

  /**
   * Moves the member's next delivery of a partition to `offset` (kafkajs `consumer.seek`): a batch in flight
   * on it turns stale, a failure or stuck mark is cleared; `commit` also commits the offset. An offset beyond
   * the log resets to earliest/latest as the member's `fromBeginning` says. Seeks on partitions the member
   * does not own yet apply when they are assigned.
   */
  seek(member: GroupMember, topic: string, partition: number, offset: number, options: { commit?: boolean } = {}): void {
    const group = member.group;
    const state = group.partitions.get(tpKey(topic, partition));
    if (!state || state.owner !== member) {
      member.pendingSeeks.set(tpKey(topic, partition), offset);
      return;
    }
    const log = this.topics.get(topic)?.partitions[partition];
    const start = log?.startOffset ?? 0;
    const end = log?.endOffset ?? 0;
    const latest = log ? latestOffset(log, member) : end;
    const target = offset >= start && offset <= end ? offset : member.startsFromBeginning(topic) ? start : latest;
    state.position = target;
    state.needsReset = false;
    state.failure = undefined;
    state.stuck = undefined;
    state.idleRounds = 0;
    state.blockedUntil = 0;
    if (state.inFlight) state.inFlight.stale = true;
    if (options.commit) state.committed = target;
    this.schedulePump();
  }

  /**
   * Pauses (no deliveries) whole topics, or the given partitions of them, for one member. kafkajs's
   * `SubscriptionState.pause`: pausing a whole topic forgets its single-partition pauses and resumes; pausing
   * given partitions turns a whole-topic pause into a pause of just those partitions.
   */
  pause(member: GroupMember, topics: ReadonlyArray<{ topic: string; partitions?: readonly number[] }>): void {
    for (const t of topics) {
      if (t.partitions === undefined) {
        forgetPartitions(member, t.topic);
        member.pausedTopics.add(t.topic);
      } else {
        member.pausedTopics.delete(t.topic);
        for (const p of t.partitions) {
          member.pausedPartitions.add(tpKey(t.topic, p));
          member.resumedPartitions.delete(tpKey(t.topic, p));
        }
      }
    }
  }

  /**
   * Undoes {@link Broker.pause} (kafkajs's `SubscriptionState.resume`): resuming a whole topic also resumes its
   * single partitions; resuming given partitions of a wholly paused topic resumes just those.
   */
  resume(member: GroupMember, topics: ReadonlyArray<{ topic: string; partitions?: readonly number[] }>): void {
    for (const t of topics) {
      if (t.partitions === undefined) {
        member.pausedTopics.delete(t.topic);
        forgetPartitions(member, t.topic);
      } else {
        for (const p of t.partitions) {
          member.pausedPartitions.delete(tpKey(t.topic, p));
          if (member.pausedTopics.has(t.topic)) member.resumedPartitions.add(tpKey(t.topic, p));
        }
      }
    }
    this.schedulePump();
  }

  /** Ids of the groups that ever joined or committed, sorted. */
  groupIds(): string[] {
    return [...this.groups.keys()].sort();
  }

  /**
   * Members of a group, in join order, with their subscribed topics (sorted), assignments and the metadata
   * they sent with the group's protocol (`null` when none, as with the broker's default range protocol).
   */
  groupMembers(groupId: string): Array<{ memberId: string; clientId: string; topics: readonly string[]; assignment: readonly TopicPartition[]; metadata: Buffer | null }> {
    const group = this.groups.get(groupId);
    return (group?.members ?? []).map((m) => ({
      memberId: m.id,
      clientId: m.id.replace(/-\d+$/, ""),
      topics: [...m.topics].sort(),
      assignment: m.assignment,
      metadata: group!.metadataOf(m) ?? null,
    }));
  }

  /** The protocol (assignment strategy) `groupId` chose at its last rebalance; `undefined` without members. */
  groupProtocol(groupId: string): string | undefined {
    return this.groups.get(groupId)?.protocol;
  }

  /** Deletes groups that have no members; returns the ids it could not delete (non-empty or unknown). */
  deleteGroups(groupIds: readonly string[]): string[] {
    const refused: string[] = [];
    for (const id of groupIds) {
      const g = this.groups.get(id);
      if (!g || g.members.length > 0) refused.push(id);
      else this.groups.delete(id);
    }
    return refused;
  }

  /**
   * Lag of `groupId`: per partition of every topic it subscribes to (or has committed on),
   * `logEndOffset − committedOffset`.
   */
  lag(groupId: string): GroupLag {
    const group = this.groups.get(groupId);
    const topics = new Set(group?.subscribedTopics() ?? []);
    for (const key of group?.partitions.keys() ?? []) topics.add(key.split("\u0000")[0]!);
    const partitions: PartitionLag[] = [];
    for (const topic of [...topics].sort()) {
      const t = this.topics.get(topic);
      if (!t) continue;
      t.partitions.forEach((p, partition) => {
        const committed = group?.partitions.get(tpKey(topic, partition))?.committed ?? -1;
        partitions.push({ topic, partition, committedOffset: committed, logEndOffset: p.endOffset, lag: p.endOffset - Math.max(committed, 0) });
      });
    }
    return { groupId, total: partitions.reduce((n, p) => n + p.lag, 0), partitions };
  }

  // ---- idleness -----------------------------------------------------------------------------------------

  /**
   * Resolves when every produced message has been handled (resolved by its consumer, and committed when the
   * consumer auto-commits) or dead-lettered by every group with a running member — no sleeps needed. On an
   * `auto` clock, pending backoffs and delays elapse at once; on a `manual` clock it resolves when nothing
   * can progress without `clock.advance`. Paused partitions do not hold it up. Rejects with
   * `CONSUMER_STUCK` when a message keeps failing without a retry policy, `IDLE_TIMEOUT` after `timeoutMs`.
   */
  waitForIdle(options: WaitForIdleOptions = {}): Promise<void> {
    const stuck = this.stuckError();
    if (stuck) return Promise.reject(stuck);
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.idleWaiters.indexOf(waiter);
        if (i >= 0) this.idleWaiters.splice(i, 1);
        reject(new TestkitError("IDLE_TIMEOUT", `waitForIdle: still busy after ${timeoutMs} ms: ${this.describeBusy()}`, { timeoutMs }));
      }, timeoutMs);
      timer.unref?.();
      const waiter: IdleWaiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.idleWaiters.push(waiter);
      this.schedulePump();
    });
  }

  /**
   * Clears topics, messages, committed offsets, faults and timers. Running consumers stay in their groups
   * with their subscriptions (their topics are recreated empty); contract bindings and options are kept.
   */
  reset(): void {
    this.timeline.clear();
    this.visibilityTimer = undefined;
    this.faults.clear();
    const subscribed = new Set<string>();
    for (const [id, group] of this.groups) {
      for (const state of group.partitions.values()) if (state.inFlight) state.inFlight.stale = true;
      group.partitions.clear();
      if (group.members.length === 0) this.groups.delete(id);
      for (const t of group.subscribedTopics()) subscribed.add(t);
    }
    const counts = new Map([...subscribed].map((t) => [t, this.topics.get(t)?.partitions.length ?? this.defaultPartitions()]));
    this.topics.clear();
    for (const [name, count] of counts) this.topics.set(name, new Topic(name, count));
    for (const group of this.groups.values()) this.rebalance(group);
  }

  /** Resolves once the broker has nothing runnable (used by `clock.advance`). */
  protected async settle(): Promise<void> {
    // A stuck partition must not make `advance` throw: the next waitForIdle reports it.
    await new Promise<void>((resolve) => {
      this.idleWaiters.push({ resolve, reject: () => resolve() });
      this.schedulePump();
    });
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private defaultPartitions(): number {
    return this.options.defaultPartitions ?? 1;
  }

  private requireTopic(name: string): Topic {
    const t = this.topics.get(name);
    if (!t) throw new TestkitError("UNKNOWN_TOPIC", `topic ${name} does not exist; create it first (admin.createTopics)`, { topic: name });
    return t;
  }

  private topicForProduce(name: string): Topic {
    const existing = this.topics.get(name);
    if (existing) return existing;
    if (this.options.autoCreateTopics === false) {
      throw new TestkitError("UNKNOWN_TOPIC", `topic ${name} does not exist and autoCreateTopics is off; create it with admin.createTopics`, { topic: name });
    }
    this.createTopic(name);
    return this.topics.get(name)!;
  }

  private group(groupId: string): ConsumerGroup {
    let g = this.groups.get(groupId);
    if (!g) {
      g = new ConsumerGroup(groupId);
      this.groups.set(groupId, g);
    }
    return g;
  }

  /**
   * Rebalances `group` with its leader's protocol. A synchronous assignment applies at once; a promised one
   * (a kafkajs custom assigner) applies when it settles, unless a newer rebalance started meanwhile, and
   * `waitForIdle` waits for it. A leader whose `assign` fails is told (`onAssignmentError`) or removed.
   */
  private rebalance(group: ConsumerGroup): void {
    const counts = new Map<string, number>();
    for (const t of group.subscribedTopics()) counts.set(t, this.topics.get(t)?.partitions.length ?? 0);
    let plan: RebalancePlan;
    try {
      plan = group.plan(counts);
    } catch (e) {
      this.assignmentFailed(group, group.generation, group.members[0], e);
      return;
    }
    const { assignment, generation, leader } = plan;
    if (!(assignment instanceof Promise)) {
      group.apply(generation, assignment, counts);
      this.afterAssignment(group);
      return;
    }
    this.assigning++;
    assignment.then(
      (result) => {
        this.assigning--;
        // Partition counts as they are now: topics may have grown while the assigner ran.
        const now = new Map([...counts.keys()].map((t) => [t, this.topics.get(t)?.partitions.length ?? 0]));
        if (group.apply(generation, result, now)) this.afterAssignment(group);
        this.schedulePump();
      },
      (e: unknown) => {
        this.assigning--;
        this.assignmentFailed(group, generation, leader, e);
        this.schedulePump();
      },
    );
  }

  private assignmentFailed(group: ConsumerGroup, generation: number, leader: GroupMember | undefined, error: unknown): void {
    if (!leader || generation !== group.generation || !group.members.includes(leader)) return;
    if (leader.listener.onAssignmentError) leader.listener.onAssignmentError(error);
    else this.leaveGroup(leader);
  }

  /** Positions are fixed at assignment, as a Kafka consumer fetches its offsets when it joins. */
  private afterAssignment(group: ConsumerGroup): void {
    // "latest" means the log end now, not when the first delivery happens to be scheduled.
    for (const member of group.members) {
      for (const tp of member.assignment) {
        const state = group.state(tp.topic, tp.partition);
        const log = this.topics.get(tp.topic)?.partitions[tp.partition];
        if (!state.inFlight && log) this.resetPosition(state, member, tp.topic, log);
      }
    }
    this.schedulePump();
  }

  /**
   * A new owner starts at the committed offset; without one, where the group first started this partition
   * (earliest with `fromBeginning`, else the log end at that time), so nothing uncommitted is skipped.
   */
  private resetPosition(state: PartitionState, member: GroupMember, topic: string, log: PartitionLog): number {
    if (!state.needsReset && state.position !== undefined) return state.position;
    state.resetTo ??= member.startsFromBeginning(topic) ? log.startOffset : latestOffset(log, member);
    state.position = state.committed ?? state.resetTo;
    state.needsReset = false;
    return state.position;
  }

  private rebalanceGroupsOf(topic: string): void {
    for (const g of this.groups.values()) if (g.subscribedTopics().has(topic)) this.rebalance(g);
  }

  private append(
    topic: Topic,
    partition: number,
    key: Buffer | null,
    value: Buffer | null,
    consumerKey: Buffer | null,
    consumerValue: Buffer | null,
    headers: MessageHeaders,
    timestamp: number | undefined,
    transaction?: Transaction,
    control?: "commit" | "abort",
  ): LogEntry {
    const log = topic.partitions[partition]!;
    const now = this.timeline.now();
    if (transaction && !control && !log.openTransactions.has(transaction)) log.openTransactions.set(transaction, log.endOffset);
    const entry: LogEntry = {
      topic: topic.name,
      partition,
      offset: log.endOffset,
      key,
      value,
      headers,
      timestamp: timestamp ?? now,
      appendedAt: now,
      consumerKey,
      consumerValue,
      seq: this.seq++,
      ...(transaction ? { transaction } : {}),
      ...(control ? { control } : {}),
    };
    log.entries.push(entry);
    return entry;
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Starts a delivery on every partition that can take one, then checks for idleness. */
  private pump(): void {
    const now = this.timeline.now();
    let nextVisible: number | undefined;
    for (const group of this.groups.values()) {
      for (const member of [...group.members]) {
        const n = member.assignment.length;
        if (member.draining) continue;
        if (member.heldUntil > now) continue; // its hold timer pumps again
        for (let i = 0; i < n && member.active && member.inFlight < member.concurrency; i++) {
          const tp = member.assignment[(member.cursor + i) % n]!;
          const due = this.startDelivery(group, member, tp.topic, tp.partition, now);
          if (due !== undefined && (nextVisible === undefined || due < nextVisible)) nextVisible = due;
        }
        member.cursor++;
      }
    }
    if (nextVisible !== undefined && (!this.visibilityTimer || nextVisible < this.visibilityTimer.at)) {
      this.visibilityTimer?.cancel();
      const at = nextVisible;
      this.visibilityTimer = {
        at,
        cancel: this.timeline.schedule(at - now, () => {
          this.visibilityTimer = undefined;
          this.schedulePump();
        }),
      };
    }
    if (this.inFlight === 0 && this.assigning === 0 && !this.pumpScheduled) this.onQuiet();
  }

  /** Starts one delivery if the partition can take one; returns when delayed messages become visible. */
  private startDelivery(group: ConsumerGroup, member: GroupMember, topic: string, partition: number, now: number): number | undefined {
    const state = group.state(topic, partition);
    if (state.owner !== member || state.inFlight || state.stuck || member.isPaused(topic, partition) || state.blockedUntil > now) return undefined;
    const log = this.topics.get(topic)?.partitions[partition];
    if (!log) return undefined;
    let position = this.resetPosition(state, member, topic, log);
    // Out of range (beyond the end, or deleted by deleteRecords): reset as Kafka's auto.offset.reset does.
    if (position > log.endOffset || position < log.startOffset) {
      position = state.position = member.startsFromBeginning(topic) ? log.startOffset : latestOffset(log, member);
    }
    // Read committed: nothing at or past the last stable offset (an open transaction's first record).
    const end = member.readUncommitted ? log.endOffset : log.stableOffset;
    if (position >= end) return undefined;
    const delay = this.faults.delayOf(topic);
    const batch: LogEntry[] = [];
    let visibleAt: number | undefined;
    for (let o = position; o < end && batch.length < member.maxBatchSize; o++) {
      const entry = log.entries[o]!;
      if (delay > 0 && entry.appendedAt + delay > now) {
        visibleAt = entry.appendedAt + delay;
        break;
      }
      batch.push(entry);
      if (!entry.control && this.faults.takeDuplicate(topic)) batch.push(entry);
    }
    if (batch.length === 0) return visibleAt;
    const attempt = state.failure?.offset === position ? state.failure.attempts + 1 : 1;
    const crash = this.faults.takeCrash(group.id);
    const delivery = new Delivery(member, state, topic, partition, batch, log.endOffset, attempt, crash?.afterMessages, (m) => this.crash(m));
    state.inFlight = delivery;
    member.inFlight++;
    this.inFlight++;
    delivery.start();
    let handled: Promise<void>;
    try {
      handled = member.handler(delivery);
    } catch (e) {
      handled = Promise.reject(e);
    }
    handled.then(
      () => this.finish(delivery, state, false, undefined),
      (e: unknown) => this.finish(delivery, state, true, e),
    );
    return visibleAt;
  }

  private finish(delivery: Delivery, state: PartitionState, failed: boolean, error: unknown): void {
    const member = delivery.member;
    state.inFlight = undefined;
    member.inFlight--;
    this.inFlight--;
    if (member.inFlight === 0 && member.drainWaiters.length > 0) {
      // After the outcome below is recorded: the stopping consumer leaves with its position settled.
      const waiters = member.drainWaiters.splice(0);
      queueMicrotask(() => {
        for (const w of waiters) w();
      });
    }
    if (state.owner === member && member.active && !delivery.stale) {
      const from = delivery.messages[0]!.offset;
      const resolved = delivery.resolvedNext;
      if (!failed) {
        if (resolved !== undefined && resolved > from) {
          state.position = resolved;
          state.idleRounds = 0;
          if (state.failure && state.failure.offset < resolved) state.failure = undefined;
        } else if (++state.idleRounds > this.maxRedeliveries()) {
          this.markStuck(member.group, state, delivery, `its handler returned ${state.idleRounds} times without resolving offset ${from}`);
        }
      } else {
        const offset = resolved !== undefined && resolved > from ? resolved : from;
        state.position = offset;
        this.onFailure(member.group, state, delivery, offset, error);
      }
    }
    this.schedulePump();
  }

  private onFailure(group: ConsumerGroup, state: PartitionState, delivery: Delivery, offset: number, error: unknown): void {
    const attempts = state.failure?.offset === offset ? state.failure.attempts + 1 : 1;
    state.failure = { offset, attempts, error };
    const policy = this.options.retry;
    if (!policy) {
      if (attempts > this.maxRedeliveries()) this.markStuck(group, state, delivery, `offset ${offset} failed ${attempts} times: ${errorText(error)}`);
      return;
    }
    if (attempts >= policy.maxAttempts) {
      // The failed message is the first one the consumer saw: skip markers and (read committed) aborted records.
      const entries = this.topics.get(delivery.topic)?.partitions[delivery.partition]?.entries ?? [];
      let failed = offset;
      while (entries[failed] && !visibleTo(entries[failed]!, delivery.member)) failed++;
      const entry = entries[failed];
      if (entry) this.deadLetter(group.id, entry, error, attempts);
      state.position = failed + 1;
      state.committed = failed + 1;
      state.failure = undefined;
      return;
    }
    const wait = backoffMs(policy, attempts);
    if (wait > 0) {
      state.blockedUntil = this.timeline.now() + wait;
      this.timeline.schedule(wait, () => this.schedulePump());
    }
  }

  private deadLetter(groupId: string, entry: LogEntry, error: unknown, attempts: number): void {
    const name = (this.options.deadLetterTopic ?? defaultDeadLetterTopic)(entry.topic);
    const source = this.topics.get(entry.topic)!;
    if (!this.topics.has(name)) this.createTopic(name, { numPartitions: source.partitions.length });
    const target = this.topics.get(name)!;
    // Spring publishes to the original partition number when the dead-letter topic has it.
    const partition = entry.partition < target.partitions.length ? entry.partition : this.partitioner(name, entry.key, target.partitions.length);
    const headers = { ...entry.headers, ...deadLetterHeaders(entry, groupId, error, attempts) };
    this.append(target, partition, entry.key, entry.value, entry.consumerKey, entry.consumerValue, headers, entry.timestamp);
  }

  private crash(member: GroupMember): void {
    if (!member.active) return;
    const error = new TestkitError(
      "INJECTED_CONSUMER_CRASH",
      `consumer ${member.id} of group ${member.group.id} crashed (injected by broker.faults.crashConsumer); its uncommitted messages go to the rest of the group`,
      { groupId: member.group.id, memberId: member.id },
    );
    this.leaveGroup(member);
    member.listener.onCrash?.(error);
  }

  private markStuck(group: ConsumerGroup, state: PartitionState, delivery: Delivery, why: string): void {
    state.stuck = new TestkitError(
      "CONSUMER_STUCK",
      `group ${group.id}, ${delivery.topic}[${delivery.partition}]: ${why}. ` +
        "Give the broker a retry policy (createBroker({ retry: { maxAttempts } })) to dead-letter failing messages, or fix the handler.",
      { groupId: group.id, topic: delivery.topic, partition: delivery.partition },
      { cause: state.failure?.error },
    );
  }

  private maxRedeliveries(): number {
    return this.options.maxRedeliveries ?? 100;
  }

  private stuckError(): TestkitError | undefined {
    for (const g of this.groups.values()) {
      if (g.members.length === 0) continue;
      for (const s of g.partitions.values()) if (s.stuck && s.owner) return s.stuck;
    }
    return undefined;
  }

  /** Nothing in flight and nothing startable now: advance an auto clock, or settle the waiters. */
  private onQuiet(): void {
    const stuck = this.stuckError();
    if (stuck) {
      for (const w of this.idleWaiters.splice(0)) w.reject(stuck);
      return;
    }
    const next = this.timeline.nextDue();
    if (next !== undefined) {
      if (this.timeline.mode === "auto") {
        this.timeline.advanceTo(next);
        this.schedulePump();
        return;
      }
      if (this.timeline.mode === "system") return;
    }
    for (const w of this.idleWaiters.splice(0)) w.resolve();
  }

  private describeBusy(): string {
    const busy: string[] = [];
    for (const g of this.groups.values()) {
      for (const s of g.partitions.values()) {
        const d = s.inFlight;
        if (d) busy.push(`group ${g.id} is handling ${d.topic}[${d.partition}] offset ${d.messages[0]!.offset} (handler has not returned)`);
      }
    }
    if (this.assigning > 0) busy.push(`${this.assigning} rebalance(s) waiting for a partition assigner's assign() to settle`);
    if (this.timeline.pending() > 0) busy.push(`${this.timeline.pending()} timer(s) pending on the ${this.timeline.mode} clock`);
    return busy.join("; ") || "work kept arriving";
  }
}

const EMPTY_HEADERS: MessageHeaders = Object.freeze({}) as MessageHeaders;

function toBuffer(v: string | Buffer | Uint8Array | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (Buffer.isBuffer(v)) return v;
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/**
 * Where a member without a committed offset starts when it starts at the latest offset: Kafka's ListOffsets
 * latest for its isolation level (kafkajs's consumer cluster asks with the consumer's `isolationLevel`).
 */
function latestOffset(log: PartitionLog, member: GroupMember): number {
  return member.readUncommitted ? log.endOffset : log.stableOffset;
}

/** Whether a kafkajs consumer hands `entry` to its handler (kafkajs `Batch`: no markers, no aborted records when read committed). */
function visibleTo(entry: LogEntry, member: GroupMember): boolean {
  return !entry.control && (member.readUncommitted || entry.transaction?.state !== "aborted");
}

function publicMessage(e: LogEntry): BrokerMessage {
  return { topic: e.topic, partition: e.partition, offset: e.offset, key: e.key, value: e.value, headers: e.headers, timestamp: e.timestamp };
}

/** Drops a member's single-partition pause and resume marks of `topic`. */
function forgetPartitions(member: GroupMember, topic: string): void {
  const prefix = `${topic}\u0000`;
  for (const key of [...member.pausedPartitions]) if (key.startsWith(prefix)) member.pausedPartitions.delete(key);
  for (const key of [...member.resumedPartitions]) if (key.startsWith(prefix)) member.resumedPartitions.delete(key);
}
