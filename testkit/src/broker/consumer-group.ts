import { TestkitError } from "../errors.js";
import { type GroupAssignment, type GroupProtocol, RANGE_PROTOCOL, selectProtocol } from "./group-protocol.js";
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
  /** The group protocol (assignment strategy) the group chose: see `selectProtocol`. */
  readonly protocol: string;
  /** The member's partitions, of topics it subscribes to, in the order the assignment listed them. */
  readonly assignment: readonly TopicPartition[];
  /** Every topic the leader's assignment gave this member, subscribed or not, in its order. */
  readonly assignedTopics: readonly string[];
}

/** Callbacks a member's client receives from the group. */
export interface MemberListener {
  /** After every rebalance the member takes part in. */
  onAssignment?(event: AssignmentEvent): void;
  /** The member crashed (injected fault); it has already left the group. */
  onCrash?(error: TestkitError): void;
  /**
   * This member leads the group and its protocol's `assign` threw or rejected. Without a listener the broker
   * removes the member from the group (the next member leads the rebalance that follows).
   */
  onAssignmentError?(error: unknown): void;
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
  /**
   * Assignment strategies the member supports, most preferred first (Kafka JoinGroup protocols). Default
   * `[RANGE_PROTOCOL]`. A member sharing no protocol with the group is refused (`INVALID_ARGUMENT`, details
   * `{ reason: "INCONSISTENT_GROUP_PROTOCOL" }`).
   */
  readonly protocols?: readonly GroupProtocol[];
  /**
   * Read uncommitted (kafkajs `readUncommitted: true`): deliveries run to the log end, records of open and
   * aborted transactions included. Default false: read committed, deliveries stop at the last stable offset.
   */
  readonly readUncommitted?: boolean;
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
  readonly protocols: readonly GroupProtocol[];
  readonly readUncommitted: boolean;
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
    this.protocols = options.protocols && options.protocols.length > 0 ? options.protocols : [RANGE_PROTOCOL];
    this.readUncommitted = options.readUncommitted ?? false;
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

/** A started rebalance (see {@link ConsumerGroup.plan}): hand its assignment to {@link ConsumerGroup.apply}. */
export interface RebalancePlan {
  readonly generation: number;
  readonly leader: GroupMember | undefined;
  readonly assignment: GroupAssignment | Promise<GroupAssignment>;
}

/**
 * A consumer group: members in join order, the protocol they chose, the leader's assignment, committed
 * offsets and positions.
 */
export class ConsumerGroup {
  readonly members: GroupMember[] = [];
  readonly partitions = new Map<string, PartitionState>();
  generation = 0;
  /** The protocol chosen at the last rebalance (`undefined` while the group has no member). */
  protocol: string | undefined;
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

  /**
   * Adds a member (ids are `<clientId>-<n>`, n counting joins of this group). Throws `INVALID_ARGUMENT` when
   * it shares no protocol with the members already there (Kafka's `INCONSISTENT_GROUP_PROTOCOL`).
   */
  add(options: JoinGroupOptions): GroupMember {
    const member = new GroupMember(`${options.clientId ?? "consumer"}-${++this.nextMember}`, this, options);
    if (selectProtocol([...this.members, member]) === undefined) {
      throw new TestkitError(
        "INVALID_ARGUMENT",
        `group ${this.id}: the joining member supports protocols [${member.protocols.map((p) => p.name).join(", ")}], none of which every member supports (INCONSISTENT_GROUP_PROTOCOL)`,
        { groupId: this.id, reason: "INCONSISTENT_GROUP_PROTOCOL", protocols: member.protocols.map((p) => p.name) },
      );
    }
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

  /** The metadata `member` sent with the group's chosen protocol, if any. */
  metadataOf(member: GroupMember): Buffer | undefined {
    return member.protocols.find((p) => p.name === this.protocol)?.metadata;
  }

  /**
   * Starts a rebalance: a new generation, the protocol the members choose (`selectProtocol`) and the
   * leader's assignment with it, which may be a promise. Throws what the leader's `assign` throws.
   */
  plan(partitionCounts: ReadonlyMap<string, number>): RebalancePlan {
    const generation = ++this.generation;
    const leader = this.members[0];
    this.protocol = selectProtocol(this.members);
    if (!leader || this.protocol === undefined) return { generation, leader, assignment: new Map() };
    const name = this.protocol;
    const protocol = leader.protocols.find((p) => p.name === name)!;
    const assignment = protocol.assign({
      members: this.members.map((m) => ({ id: m.id, topics: m.topics, metadata: this.metadataOf(m) })),
      leaderTopics: [...leader.topics],
      partitionCounts,
    });
    return { generation, leader, assignment };
  }

  /**
   * Applies the assignment of `generation` (false, and nothing changes, when a newer rebalance started) and
   * tells each member. A member keeps only partitions of topics it subscribes to that exist, each partition
   * going to the first member listed with it. A partition that changes owner restarts from the committed
   * offset, so whatever its old owner had not committed is delivered again (at-least-once).
   */
  apply(generation: number, assignment: GroupAssignment, partitionCounts: ReadonlyMap<string, number>): boolean {
    if (generation !== this.generation) return false;
    const claimed = new Set<string>();
    const assignedTopics = new Map<GroupMember, string[]>();
    const next = new Map<GroupMember, TopicPartition[]>();
    for (const member of this.members) {
      const kept: TopicPartition[] = [];
      const topics = new Set<string>();
      for (const tp of assignment.get(member.id) ?? []) {
        topics.add(tp.topic);
        const key = tpKey(tp.topic, tp.partition);
        if (!member.topics.has(tp.topic) || claimed.has(key)) continue;
        if (!(Number.isInteger(tp.partition) && tp.partition >= 0 && tp.partition < (partitionCounts.get(tp.topic) ?? 0))) continue;
        claimed.add(key);
        kept.push({ topic: tp.topic, partition: tp.partition });
      }
      next.set(member, kept);
      assignedTopics.set(member, [...topics]);
    }
    for (const [key, state] of this.partitions) {
      if (state.owner && !claimed.has(key)) {
        state.owner = undefined;
        state.needsReset = true;
      }
    }
    for (const member of this.members) {
      member.assignment = next.get(member)!;
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
        protocol: this.protocol ?? "",
        assignment: member.assignment,
        assignedTopics: assignedTopics.get(member) ?? [],
      });
    }
    return true;
  }
}
