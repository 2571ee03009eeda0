import type {
  Consumer,
  ConsumerConfig,
  ConsumerRunConfig,
  ConsumerSubscribeTopic,
  ConsumerSubscribeTopics,
  GroupDescription,
  IMemberAssignment,
  Logger,
  TopicPartitionOffsetAndMetadata,
  TopicPartitions,
} from "kafkajs";
import type { Broker } from "../broker/broker.js";
import type { AssignmentEvent, GroupMember } from "../broker/consumer-group.js";
import { TestkitError } from "../errors.js";
import { InstrumentationEmitter } from "./instrumentation.js";
import { AssignerProtocol, KafkaJSNonRetriableError } from "./kafkajs-runtime.js";
import { Runner, type RunnerEvent } from "./runner.js";

const CONSUMER_EVENTS = {
  HEARTBEAT: "consumer.heartbeat",
  COMMIT_OFFSETS: "consumer.commit_offsets",
  GROUP_JOIN: "consumer.group_join",
  FETCH_START: "consumer.fetch_start",
  FETCH: "consumer.fetch",
  START_BATCH_PROCESS: "consumer.start_batch_process",
  END_BATCH_PROCESS: "consumer.end_batch_process",
  CONNECT: "consumer.connect",
  DISCONNECT: "consumer.disconnect",
  STOP: "consumer.stop",
  CRASH: "consumer.crash",
  REBALANCING: "consumer.rebalancing",
  RECEIVED_UNSUBSCRIBED_TOPICS: "consumer.received_unsubscribed_topics",
  REQUEST: "consumer.network.request",
  REQUEST_TIMEOUT: "consumer.network.request_timeout",
  REQUEST_QUEUE_SIZE: "consumer.network.request_queue_size",
} as const;

/** The assignor name reported in `GROUP_JOIN` and `describeGroup` (Kafka's range assignor). */
export const ASSIGNOR_PROTOCOL = "RangeAssigner";

/**
 * A kafkajs `Consumer` over the broker. As in kafkajs: `subscribe` (topic/topics, strings or RegExps matched
 * against existing topics, `fromBeginning` per call) before `run`; `run` joins the group and resolves once
 * assigned, deliveries follow in the background; `seek`/`pause` need `run` first; `stop`/`disconnect` leave
 * the group. Partition assignment is Kafka's range assignor whatever `partitionAssigners` says. Every
 * assignment emits GROUP_JOIN; a member already in the group emits REBALANCING `{ groupId, memberId }` first.
 */
export function createConsumer(broker: Broker, config: ConsumerConfig, logger: Logger, clientId: string): Consumer {
  if (typeof config?.groupId !== "string" || config.groupId.length === 0) {
    throw new KafkaJSNonRetriableError("Consumer groupId must be a non-empty string.");
  }
  const groupId = config.groupId;
  const events = new InstrumentationEmitter(CONSUMER_EVENTS);
  const log = logger.namespace("Consumer");
  const topics = new Set<string>();
  const fromBeginning = new Set<string>();
  let member: GroupMember | undefined;
  let autoCommit = true;

  const requireRunning = (): GroupMember => {
    if (!member || !member.active) throw new KafkaJSNonRetriableError("Consumer group was not initialized, consumer#run must be called first");
    return member;
  };

  const stop = async () => {
    if (!member) return;
    const m = member;
    member = undefined;
    broker.leaveGroup(m);
    events.emit(CONSUMER_EVENTS.STOP, null);
  };

  const consumer: Consumer = {
    events: CONSUMER_EVENTS,
    connect: async () => {
      events.emit(CONSUMER_EVENTS.CONNECT, null);
    },
    disconnect: async () => {
      await stop();
      events.emit(CONSUMER_EVENTS.DISCONNECT, null);
    },
    subscribe: async (subscription: ConsumerSubscribeTopics | ConsumerSubscribeTopic) => {
      if (member) throw new KafkaJSNonRetriableError("Cannot subscribe to topic while consumer is running");
      const wanted = "topics" in subscription ? subscription.topics : [subscription.topic];
      if (!Array.isArray(wanted) || wanted.length === 0 || wanted.some((t) => t === undefined || t === null)) {
        throw new KafkaJSNonRetriableError(`Invalid topics array ${JSON.stringify(wanted)}`);
      }
      for (const t of wanted) {
        const names = typeof t === "string" ? [t] : t instanceof RegExp ? broker.topicNames().filter((n) => t.test(n)) : undefined;
        if (!names) throw new KafkaJSNonRetriableError(`Invalid topic ${String(t)} (${typeof t}), the topic name has to be a String or a RegExp`);
        if (typeof t === "string" && config.allowAutoTopicCreation === false && broker.partitionCount(t) === undefined) {
          throw new KafkaJSNonRetriableError(`This server does not host this topic-partition: ${t}`);
        }
        for (const n of names) {
          topics.add(n);
          if (subscription.fromBeginning) fromBeginning.add(n);
        }
      }
    },
    run: async (runConfig: ConsumerRunConfig = {}) => {
      if (member) {
        log.warn("consumer#run was called, but the consumer is already running", { groupId });
        return;
      }
      autoCommit = runConfig.autoCommit ?? true;
      const host = {
        groupId,
        logger: log,
        isRunning: () => member !== undefined && member.active,
        now: () => broker.clock.now(),
        // The runner commits as the member it runs for: once that member crashed or left, its commits are refused.
        commit: (entries: Array<{ topic: string; partition: number; offset: number }>) => commit(entries, joined),
        pause: (topic: string, partition: number) => {
          if (member) broker.pause(member, [{ topic, partitions: [partition] }]);
          return () => {
            if (member) broker.resume(member, [{ topic, partitions: [partition] }]);
          };
        },
        isPaused: (topic: string, partition: number) => member?.isPaused(topic, partition) ?? false,
        heartbeat: async () => {
          if (member) events.emit(CONSUMER_EVENTS.HEARTBEAT, { groupId, memberId: member.id, groupGenerationId: member.group.generation });
        },
        observed: () =>
          events.has(CONSUMER_EVENTS.START_BATCH_PROCESS) ||
          events.has(CONSUMER_EVENTS.END_BATCH_PROCESS) ||
          events.has(CONSUMER_EVENTS.FETCH_START) ||
          events.has(CONSUMER_EVENTS.FETCH),
        emit: (event: RunnerEvent, payload: unknown) => events.emit(CONSUMER_EVENTS[event], payload),
      };
      const r = new Runner(host, runConfig);
      const startedAt = Date.now();
      const emitGroupJoin = (a: AssignmentEvent) => {
        const memberAssignment: IMemberAssignment = {};
        for (const tp of a.assignment) (memberAssignment[tp.topic] ??= []).push(tp.partition);
        log.info("Consumer has joined the group", { groupId, memberId: a.memberId, leaderId: a.leaderId, isLeader: a.isLeader, memberAssignment });
        events.emit(CONSUMER_EVENTS.GROUP_JOIN, {
          duration: Date.now() - startedAt,
          groupId,
          isLeader: a.isLeader,
          leaderId: a.leaderId,
          groupProtocol: ASSIGNOR_PROTOCOL,
          memberId: a.memberId,
          memberAssignment,
        });
      };
      let joined: GroupMember | undefined;
      let assignments = 0;
      member = joined = broker.joinGroup(groupId, {
        clientId,
        topics: [...topics],
        fromBeginning: [...fromBeginning],
        concurrency: runConfig.partitionsConsumedConcurrently ?? 1,
        handler: r.handle,
        listener: {
          // Emitted a microtask later, as kafkajs emits once the join completed: a GROUP_JOIN listener can
          // already seek, pause or commit.
          onAssignment: (a) => {
            // A member already in the group learns of a rebalance first (kafkajs's Runner emits REBALANCING
            // { groupId, memberId } when the coordinator answers REBALANCE_IN_PROGRESS, then re-joins).
            const rejoin = assignments++ > 0;
            queueMicrotask(() => {
              if (rejoin) {
                log.warn("The group is rebalancing, re-joining", { groupId, memberId: a.memberId });
                events.emit(CONSUMER_EVENTS.REBALANCING, { groupId, memberId: a.memberId });
              }
              emitGroupJoin(a);
            });
          },
          onCrash: (error: TestkitError) => {
            log.error(`Crash: ${error.name}: ${error.message}`, { groupId, retryCount: 0, stack: error.stack });
            member = undefined;
            events.emit(CONSUMER_EVENTS.CRASH, { error, groupId, restart: false });
          },
        },
      });
    },
    stop,
    commitOffsets: async (offsets: TopicPartitionOffsetAndMetadata[]) => {
      commit(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset), metadata: o.metadata ?? null })));
    },
    seek: ({ topic, partition, offset }) => {
      if (typeof topic !== "string" || topic.length === 0) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
      if (!Number.isInteger(partition)) throw new KafkaJSNonRetriableError(`Invalid partition, expected a number received ${String(partition)}`);
      const n = Number(offset);
      if (!/^-?\d+$/.test(String(offset))) throw new KafkaJSNonRetriableError(`Invalid offset, expected a long received ${String(offset)}`);
      // kafkajs: only the special offsets -1 (latest) and -2 (earliest) may be negative; both then reset as
      // the subscription's fromBeginning says, which the broker's seek does for any out-of-range offset.
      if (n < -2) throw new KafkaJSNonRetriableError("Offset must not be a negative number");
      broker.seek(requireRunning(), topic, partition, n, { commit: autoCommit });
    },
    describeGroup: async (): Promise<GroupDescription> => describeGroup(broker, groupId),
    pause: (list) => {
      broker.pause(requireRunning(), list.map(checkTopicPartitions));
    },
    resume: (list) => {
      broker.resume(requireRunning(), list.map(checkTopicPartitions));
    },
    paused: (): TopicPartitions[] => {
      if (!member) return [];
      const m = member;
      const byTopic = new Map<string, number[]>();
      for (const tp of m.assignment) if (m.isPaused(tp.topic, tp.partition)) (byTopic.get(tp.topic) ?? byTopic.set(tp.topic, []).get(tp.topic)!).push(tp.partition);
      return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    },
    logger: () => log,
    on: ((eventName: string, listener: (e: unknown) => void) => events.on(eventName, listener)) as Consumer["on"],
  };

  function commit(
    entries: Array<{ topic: string; partition: number; offset: number; metadata?: string | null }>,
    as: GroupMember | undefined = member,
  ): boolean {
    if (as && !as.active) return false;
    const ok = broker.commit(groupId, entries, as);
    if (ok && member && events.has(CONSUMER_EVENTS.COMMIT_OFFSETS)) {
      const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
      for (const e of entries) (byTopic.get(e.topic) ?? byTopic.set(e.topic, []).get(e.topic)!).push({ partition: e.partition, offset: String(e.offset) });
      events.emit(CONSUMER_EVENTS.COMMIT_OFFSETS, {
        groupId,
        memberId: member.id,
        groupGenerationId: member.group.generation,
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
    }
    return ok;
  }

  return consumer;
}

function checkTopicPartitions(t: { topic: string; partitions?: number[] }): { topic: string; partitions?: number[] } {
  if (!t || typeof t.topic !== "string") throw new KafkaJSNonRetriableError(`Invalid topic ${String(t?.topic)}`);
  return t.partitions === undefined ? { topic: t.topic } : { topic: t.topic, partitions: t.partitions };
}

/**
 * kafkajs `GroupDescription` of a broker group (`Stable` with members, `Empty` without). Member metadata and
 * assignments are the consumer protocol's bytes, which `AssignerProtocol.MemberMetadata.decode` /
 * `AssignerProtocol.MemberAssignment.decode` read (kafkajs docs: Admin Client → Describe groups).
 */
export function describeGroup(broker: Broker, groupId: string): GroupDescription {
  const members = broker.groupMembers(groupId);
  return {
    groupId,
    protocol: members.length > 0 ? ASSIGNOR_PROTOCOL : "",
    protocolType: "consumer",
    state: members.length > 0 ? "Stable" : broker.groupIds().includes(groupId) ? "Empty" : "Dead",
    members: members.map((m) => ({
      clientHost: "/127.0.0.1",
      clientId: m.clientId,
      memberId: m.memberId,
      memberAssignment: encodeMemberAssignment(m.assignment),
      memberMetadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics: [...m.topics], userData: Buffer.alloc(0) }),
    })),
  };
}

/** A member's assignment in the consumer protocol's `MemberAssignment` encoding (version 0, no user data). */
function encodeMemberAssignment(assignment: ReadonlyArray<{ topic: string; partition: number }>): Buffer {
  const byTopic: Record<string, number[]> = {};
  for (const tp of assignment) (byTopic[tp.topic] ??= []).push(tp.partition);
  return AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: byTopic, userData: Buffer.alloc(0) });
}
