import { TestkitError } from "../errors.js";
import { rangeAssign } from "./assignor.js";
import type { LogEntry } from "./topic-log.js";
import type { TopicPartition } from "./types.js";

/** Key of a topic-partition in maps. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** What a member learns after each rebalance (kafkajs `consumer.events.GROUP_JOIN`). */
export interface AssignmentEvent {
  readonly groupId: string;
  readonly memberId: string;
  readonly generationId: number;
  readonly leaderId: string;
  readonly isLeader: boolean;
  readonly assignment: readonly TopicPartition[];
}

/** Callbacks a member's client receives from the group. */
export interface MemberListener {
  /** After every rebalance the member takes part in. */
  onAssignment?(event: AssignmentEvent): void;
  /** The member crashed (injected fault); it has already left the group. */
  onCrash?(error: TestkitError): void;
}

/**
 * Processes one batch. Resolve messages with {@link Delivery.resolve} as they are handled; a rejection marks
 * the first unresolved message as failed (redelivered, retried, or dead-lettered by the broker's policy).
 */
export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

/** Options of `broker.joinGroup`. */
export interface JoinGroupOptions {
  readonly clientId?: string;
  /** Topic names the member subscribes to (patterns are resolved by the caller). */
  readonly topics: readonly string[];
  /**
   * Where a group without a committed offset starts: earliest when true (or when the topic is in the list),
   * latest (default) otherwise. kafkajs keeps `fromBeginning` per `subscribe` call, hence the list form.
   */
  readonly fromBeginning?: boolean | readonly string[];
  /** Partitions processed at the same time by this member (kafkajs `partitionsConsumedConcurrently`). Default 1. */
  readonly concurrency?: number;
  /** Most messages per batch. Default 1000. */
  readonly maxBatchSize?: number;
  readonly handler: DeliveryHandler;
  readonly listener?: MemberListener;
}

/** The state of one partition within one group. */
export interface PartitionState {
  committed: number | undefined;
  metadata: string | null;
  /** Next offset to deliver; recomputed from `committed` when ownership changes (`needsReset`). */
  position: number | undefined;
  /** Where the group started this partition when it had no committed offset (earliest, or latest back then). */
  resetTo: number | undefined;
  owner: GroupMember | undefined;
  needsReset: boolean;
  inFlight: Delivery | undefined;
  blockedUntil: number;
  /** Consecutive failed deliveries of one offset. */
  failure: { offset: number; attempts: number; error: unknown } | undefined;
  /** Deliveries in a row that made no progress and failed nothing (a handler that never resolves). */
  idleRounds: number;
  stuck: TestkitError | undefined;
}

/** A member of a consumer group (one running kafkajs consumer). */
export class GroupMember {
  readonly topics: ReadonlySet<string>;
  private readonly fromBeginning: boolean | ReadonlySet<string>;
  readonly concurrency: number;
  readonly maxBatchSize: number;
  readonly handler: DeliveryHandler;
  readonly listener: MemberListener;
  assignment: TopicPartition[] = [];
  readonly pausedPartitions = new Set<string>();
  readonly pausedTopics = new Set<string>();
  /** Partitions resumed one by one while their whole topic stays paused (kafkajs's `SubscriptionState.resumed`). */
  readonly resumedPartitions = new Set<string>();
  /** Seeks asked before the partition was assigned (kafkajs applies them on assignment). */
  readonly pendingSeeks = new Map<string, number>();
  inFlight = 0;
  active = true;
  /** Broker time before which the member takes no new batch (kafkajs's consumer retry wait). */
  heldUntil = 0;
  /** Set by `broker.drainMember`: no new batches; the ones in flight finish (kafkajs `consumer.stop()`). */
  draining = false;
  /** Called once the member has no batch in flight while {@link GroupMember.draining}. */
  readonly drainWaiters: Array<() => void> = [];
  /** Where the pump starts scanning the assignment, rotated for fairness. */
  cursor = 0;

  constructor(
    readonly id: string,
    readonly group: ConsumerGroup,
    options: JoinGroupOptions,
  ) {
    this.topics = new Set(options.topics);
    const fb = options.fromBeginning ?? false;
    this.fromBeginning = typeof fb === "boolean" ? fb : new Set(fb);
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 1000);
    this.handler = options.handler;
    this.listener = options.listener ?? {};
  }

  /** True when this member resets `topic` to earliest (no committed offset). */
  startsFromBeginning(topic: string): boolean {
    return typeof this.fromBeginning === "boolean" ? this.fromBeginning : this.fromBeginning.has(topic);
  }

  /**
   * True when this member paused the partition, or its whole topic without resuming the partition since
   * (kafkajs `SubscriptionState.isPaused`).
   */
  isPaused(topic: string, partition: number): boolean {
    if (this.pausedTopics.size === 0 && this.pausedPartitions.size === 0) return false;
    const key = tpKey(topic, partition);
    return (this.pausedTopics.has(topic) && !this.resumedPartitions.has(key)) || this.pausedPartitions.has(key);
  }
}

/**
 * One batch handed to a member: messages of one partition from the group's position on. The handler resolves
 * messages as it handles them; the broker reads the outcome when the handler settles.
 */
export class Delivery {
  /** Next offset after the last resolved message; `undefined` while nothing is resolved. */
  resolvedNext: number | undefined;
  /** Set by a seek during the delivery: the batch is stale and its remaining messages must be skipped. */
  stale = false;
  private resolvedCount = 0;

  constructor(
    readonly member: GroupMember,
    private readonly state: PartitionState,
    readonly topic: string,
    readonly partition: number,
    readonly messages: readonly LogEntry[],
    /** Log end offset when the batch was taken. */
    readonly highWatermark: number,
    /** Deliveries of the first message so far, this one included (1 on a first delivery). */
    readonly attempt: number,
    private readonly crashAfter: number | undefined,
    private readonly crash: (member: GroupMember) => void,
  ) {}

  /** Marks the message at `offset` handled: the next delivery of this partition starts after it. */
  resolve(offset: number): void {
    if (!this.isActive()) return;
    this.resolvedNext = Math.max(this.resolvedNext ?? 0, offset + 1);
    this.resolvedCount++;
    if (this.crashAfter !== undefined && this.resolvedCount >= this.crashAfter) this.crash(this.member);
  }

  /** True while the member runs, still owns the partition and no seek made the batch stale. */
  isActive(): boolean {
    return this.member.active && !this.stale && this.state.owner === this.member;
  }

  /** Crashes the member at once when its fault said so before any message. */
  start(): void {
    if (this.crashAfter === 0) this.crash(this.member);
  }
}

/** A consumer group: members in join order, range assignment, committed offsets and positions. */
export class ConsumerGroup {
  readonly members: GroupMember[] = [];
  readonly partitions = new Map<string, PartitionState>();
  generation = 0;
  private nextMember = 0;

  constructor(readonly id: string) {}

  /** The group's state of a partition, created on first use. */
  state(topic: string, partition: number): PartitionState {
    const key = tpKey(topic, partition);
    let s = this.partitions.get(key);
    if (!s) {
      s = {
        committed: undefined,
        metadata: null,
        position: undefined,
        resetTo: undefined,
        owner: undefined,
        needsReset: true,
        inFlight: undefined,
        blockedUntil: 0,
        failure: undefined,
        idleRounds: 0,
        stuck: undefined,
      };
      this.partitions.set(key, s);
    }
    return s;
  }

  /** Adds a member (ids are `<clientId>-<n>`, n counting joins of this group). */
  add(options: JoinGroupOptions): GroupMember {
    const member = new GroupMember(`${options.clientId ?? "consumer"}-${++this.nextMember}`, this, options);
    this.members.push(member);
    return member;
  }

  /** Removes a member and deactivates it; false when it was not a member. */
  remove(member: GroupMember): boolean {
    const i = this.members.indexOf(member);
    if (i < 0) return false;
    this.members.splice(i, 1);
    member.active = false;
    return true;
  }

  /** Topics any member subscribes to. */
  subscribedTopics(): Set<string> {
    return new Set(this.members.flatMap((m) => [...m.topics]));
  }

  /**
   * Reassigns every partition of the subscribed topics (Kafka `RangeAssignor`) and tells each member. A
   * partition that changes owner restarts from the committed offset, so whatever its old owner had not
   * committed is delivered again (at-least-once).
   */
  rebalance(partitionCounts: ReadonlyMap<string, number>): void {
    this.generation++;
    const assignment = rangeAssign(this.members, partitionCounts);
    for (const [key, state] of this.partitions) {
      if (!state.owner) continue;
      const owned = assignment.get(state.owner.id)?.some((tp) => tpKey(tp.topic, tp.partition) === key);
      if (!owned) {
        state.owner = undefined;
        state.needsReset = true;
      }
    }
    for (const member of this.members) {
      member.assignment = assignment.get(member.id) ?? [];
      for (const tp of member.assignment) {
        const state = this.state(tp.topic, tp.partition);
        if (state.owner !== member) {
          state.owner = member;
          state.needsReset = true;
        }
        const seek = member.pendingSeeks.get(tpKey(tp.topic, tp.partition));
        if (seek !== undefined) {
          state.position = seek;
          state.needsReset = false;
          member.pendingSeeks.delete(tpKey(tp.topic, tp.partition));
        }
      }
    }
    const leader = this.members[0];
    for (const member of [...this.members]) {
      member.listener.onAssignment?.({
        groupId: this.id,
        memberId: member.id,
        generationId: this.generation,
        leaderId: leader?.id ?? "",
        isLeader: member === leader,
        assignment: member.assignment,
      });
    }
  }
}
