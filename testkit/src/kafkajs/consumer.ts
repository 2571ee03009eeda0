import type {
  Consumer,
  ConsumerConfig,
  ConsumerRunConfig,
  ConsumerSubscribeTopic,
  ConsumerSubscribeTopics,
  GroupDescription,
  IMemberAssignment,
  Logger,
  RetryOptions,
  TopicPartitionOffsetAndMetadata,
  TopicPartitions,
} from "kafkajs";
import type { Broker } from "../broker/broker.js";
import type { AssignmentEvent, GroupMember } from "../broker/consumer-group.js";
import { errorText, TestkitError } from "../errors.js";
import { InstrumentationEmitter } from "./instrumentation.js";
import { ConsumerRetrier, KAFKAJS_RETRY_DEFAULTS, shouldRestart } from "./consumer-retrier.js";
import { assignerCluster } from "./assigner-cluster.js";
import { AssignerProtocol, KafkaJSNonRetriableError, protocolError } from "./kafkajs-runtime.js";
import { createAssigners, groupProtocols } from "./partition-assigners.js";
import { handlerScope, Runner, type RunnerEvent, type RunnerHost } from "./runner.js";

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

/** A consumer's `retry` (kafkajs `ConsumerConfig.retry`): kafkajs's retry options and `restartOnFailure`. */
type ConsumerRetryOptions = RetryOptions & { restartOnFailure?: (err: Error) => Promise<boolean> };

/** The protocol name of kafkajs's default assigner (`PartitionAssigners.roundRobin`). */
export const ROUND_ROBIN_PROTOCOL = "RoundRobinAssigner";

/**
 * A kafkajs `Consumer` over the broker. As in kafkajs: `subscribe` (topic/topics, strings or RegExps matched
 * against existing topics, `fromBeginning` per call, the last call for a topic wins) before `run`; `run` joins
 * the group and resolves once assigned, deliveries follow in the background; `seek`/`pause` need `run` first;
 * `stop`/`disconnect` let the running handler finish and commit what it resolved, then leave the group.
 * Partitions are assigned by `partitionAssigners` (default kafkajs's `PartitionAssigners.roundRobin`), with
 * the protocol every member supports; the leader's assigner gets every member's metadata and the leader's
 * subscribed topics (kafkajs `src/consumer/consumerGroup.js`, see `groupProtocols`). Every assignment emits
 * GROUP_JOIN with the chosen `groupProtocol`; a member already in the group emits REBALANCING
 * `{ groupId, memberId }` first, and a member given topics it does not subscribe to drops them and emits
 * RECEIVED_UNSUBSCRIBED_TOPICS. `readUncommitted: true` also delivers records of open and aborted
 * transactions; by default the consumer reads committed records only, up to the last stable offset.
 * HEARTBEAT is emitted when kafkajs heartbeats: on `heartbeat()` and after each message and batch, at most
 * once per `heartbeatInterval` (default 3000 ms, broker clock; kafkajs `ConsumerGroup#heartbeat`).
 *
 * A handler that throws is handled as kafkajs's `Runner` does (unless the broker has its own `retry` policy,
 * which then redelivers and dead-letters): offsets resolved before it are committed, the consumer fetches
 * again from the failed message after the consumer `retry`'s `retryTime` (broker clock), and once `retries`
 * retries are spent — or at once for a non-retriable error — it crashes: leaves the group (STOP, DISCONNECT),
 * emits CRASH `{ error, groupId, restart }` and, when restartable and `retry.restartOnFailure` agrees, joins
 * again after `retryTime` (kafkajs `src/consumer/runner.js`, `src/consumer/index.js#onCrash`).
 * `clientRetry` is the `retry` of `new Kafka(…)`, under the consumer's own (`{ retries: 5 }` by default).
 */
export function createConsumer(broker: Broker, config: ConsumerConfig, logger: Logger, clientId: string, clientRetry?: RetryOptions): Consumer {
  if (typeof config?.groupId !== "string" || config.groupId.length === 0) {
    throw new KafkaJSNonRetriableError("Consumer groupId must be a non-empty string.");
  }
  const groupId = config.groupId;
  // kafkajs `Kafka#consumer`: retry = { ...clientRetry, ...(consumer retry ?? { retries: 5 }) }.
  const retry: ConsumerRetryOptions = { ...clientRetry, ...(config.retry ?? { retries: 5 }) };
  const retrier = new ConsumerRetrier(retry);
  const events = new InstrumentationEmitter(CONSUMER_EVENTS);
  const log = logger.namespace("Consumer");
  const heartbeatInterval = config.heartbeatInterval ?? 3000;
  const sessionTimeout = config.sessionTimeout ?? 30_000;
  if (heartbeatInterval >= sessionTimeout) {
    throw new KafkaJSNonRetriableError(
      `Consumer heartbeatInterval (${heartbeatInterval}) must be lower than sessionTimeout (${sessionTimeout}). It is recommended to set heartbeatInterval to approximately a third of the sessionTimeout.`,
    );
  }
  const assigners = createAssigners(config.partitionAssigners, { cluster: assignerCluster(broker), groupId, logger: log });
  // kafkajs's ConsumerGroup#lastRequest: heartbeats are throttled from the (re)start of the consumer.
  let lastHeartbeat = 0;
  // Resolves the `run()` waiting for the first assignment: also when the consumer stops or crashes first.
  let startSettled: (() => void) | undefined;
  const scope = {};
  const topics = new Set<string>();
  const fromBeginning = new Set<string>();
  let member: GroupMember | undefined;
  let runConfig: ConsumerRunConfig = {};
  let autoCommit = true;
  let stopping: Promise<void> | undefined;
  let cancelRestart: (() => void) | undefined;
  // Bumped by stop(): a crash that is still deciding whether to restart must not restart a stopped consumer.
  let runId = 0;

  const requireRunning = (): GroupMember => {
    if (!member || !member.active) throw new KafkaJSNonRetriableError("Consumer group was not initialized, consumer#run must be called first");
    return member;
  };

  const stop = (): Promise<void> => {
    runId++;
    startSettled?.();
    cancelRestart?.();
    cancelRestart = undefined;
    const m = member;
    if (!m) return Promise.resolve();
    stopping ??= drain(m).then(() => {
      if (member === m) member = undefined;
      stopping = undefined;
      broker.leaveGroup(m);
      events.emit(CONSUMER_EVENTS.STOP, null);
      log.info("Stopped", { groupId });
    });
    // Awaited from inside this consumer's own handler, waiting for that handler would never end: the consumer
    // leaves once the handler returns.
    return handlerScope.getStore() === scope ? Promise.resolve() : stopping;
  };

  /**
   * Resolves once the member's running handlers returned — or after `sessionTimeout` (default 30 s) of wall
   * time, when Kafka would have evicted a member that stopped heartbeating, so that a handler that never
   * returns cannot hang `stop()` (kafkajs's would wait forever).
   */
  const drain = (m: GroupMember): Promise<void> =>
    new Promise<void>((resolve) => {
      const timeoutMs = sessionTimeout;
      const timer = setTimeout(() => {
        log.warn("Stopping the consumer while its handler is still running (sessionTimeout elapsed)", { groupId, memberId: m.id, sessionTimeout: timeoutMs });
        resolve();
      }, timeoutMs);
      timer.unref?.();
      void broker.drainMember(m).then(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  /** kafkajs `onCrash`: disconnect (leave the group), CRASH, and maybe a restart after `retryTime`. */
  const crash = async (m: GroupMember | undefined, error: Error & { retryCount?: number; retryTime?: number }, restartable: boolean) => {
    const run = runId;
    startSettled?.();
    log.error(`Crash: ${error.name}: ${error.message}`, { groupId, retryCount: error.retryCount, stack: error.stack });
    if (m) {
      if (member === m) member = undefined;
      broker.leaveGroup(m);
    }
    events.emit(CONSUMER_EVENTS.STOP, null);
    events.emit(CONSUMER_EVENTS.DISCONNECT, null);
    const restart = await shouldRestart(error, restartable, retry.restartOnFailure, (e) =>
      log.error('Caught error when invoking user-provided "restartOnFailure" callback. Defaulting to restarting.', { error: errorText(e), cause: error.message, groupId }),
    );
    events.emit(CONSUMER_EVENTS.CRASH, { error, groupId, restart });
    if (!restart || run !== runId || member) return;
    const retryTime = error.retryTime || retry.initialRetryTime || KAFKAJS_RETRY_DEFAULTS.initialRetryTime;
    log.error(`Restarting the consumer in ${retryTime}ms`, { retryCount: error.retryCount, retryTime, groupId });
    cancelRestart = broker.schedule(retryTime, () => {
      cancelRestart = undefined;
      if (run === runId && !member) void start();
    });
  };

  /** The consumer's retrier decides after a handler threw (broker policies redeliver and dead-letter themselves). */
  const failed = (m: GroupMember, error: unknown) => {
    if (broker.retryPolicy || member !== m || !m.active || m.draining) return;
    // Another partition's handler failing during the wait: kafkajs's fetch loop has already failed once.
    if (m.heldUntil > broker.clock.now()) return;
    const decision = retrier.onFailure(error);
    if (decision.action === "retry") {
      log.debug("Error while scheduling fetch manager, trying again...", { groupId, memberId: m.id, error: errorText(error), retryCount: decision.retryCount - 1, retryTime: decision.waitMs });
      broker.holdMember(m, decision.waitMs);
    } else {
      void crash(m, decision.error, decision.restartable);
    }
  };

  /**
   * Joins the group with the subscription and `run` config (kafkajs `run`'s `start`, also used to restart);
   * resolves once the member has its first assignment (or could not join: it crashed).
   */
  const start = (): Promise<void> => {
    retrier.reset();
    lastHeartbeat = broker.clock.now();
    let joined: GroupMember | undefined;
    let assigned: () => void = () => {};
    const firstAssignment = new Promise<void>((resolve) => (assigned = resolve));
    startSettled = assigned;
    const host: RunnerHost = {
      groupId,
      scope,
      logger: log,
      isRunning: () => member !== undefined && member === joined && member.active && !member.draining,
      now: () => broker.clock.now(),
      // The runner commits as the member it runs for: once that member crashed or left, its commits are refused.
      commit: (entries) => commit(entries, joined),
      pause: (topic: string, partition: number) => {
        if (member) broker.pause(member, [{ topic, partitions: [partition] }]);
        return () => {
          if (member) broker.resume(member, [{ topic, partitions: [partition] }]);
        };
      },
      isPaused: (topic: string, partition: number) => member?.isPaused(topic, partition) ?? false,
      heartbeat: () => {
        const m = member;
        if (!m || m !== joined) return;
        const now = broker.clock.now();
        if (now < lastHeartbeat + heartbeatInterval) return;
        lastHeartbeat = now;
        events.emit(CONSUMER_EVENTS.HEARTBEAT, { groupId, memberId: m.id, groupGenerationId: m.group.generation });
      },
      readUncommitted: config.readUncommitted ?? false,
      observed: () =>
        events.has(CONSUMER_EVENTS.START_BATCH_PROCESS) ||
        events.has(CONSUMER_EVENTS.END_BATCH_PROCESS) ||
        events.has(CONSUMER_EVENTS.FETCH_START) ||
        events.has(CONSUMER_EVENTS.FETCH),
      emit: (event: RunnerEvent, payload: unknown) => events.emit(CONSUMER_EVENTS[event], payload),
      failed: (error: unknown) => {
        if (joined) failed(joined, error);
      },
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
        groupProtocol: a.protocol,
        memberId: a.memberId,
        memberAssignment,
      });
    };
    /** kafkajs `ConsumerGroup#[SYNC]`: assigned topics the member does not subscribe to are dropped, with a warning. */
    const unsubscribed = (a: AssignmentEvent) => {
      const topicsNotSubscribed = a.assignedTopics.filter((t) => !topics.has(t));
      if (topicsNotSubscribed.length === 0) return;
      const payload = { groupId, generationId: a.generationId, memberId: a.memberId, assignedTopics: a.assignedTopics, topicsSubscribed: [...topics], topicsNotSubscribed };
      events.emit(CONSUMER_EVENTS.RECEIVED_UNSUBSCRIBED_TOPICS, payload);
      log.warn("Consumer group received unsubscribed topics", { ...payload, helpUrl: "https://kafka.js.org/docs/faq#why-am-i-receiving-messages-for-topics-i-m-not-subscribed-to" });
    };
    let assignments = 0;
    try {
      joined = broker.joinGroup(groupId, {
        clientId,
        topics: [...topics],
        fromBeginning: [...fromBeginning],
        concurrency: runConfig.partitionsConsumedConcurrently ?? 1,
        handler: r.handle,
        protocols: groupProtocols(assigners, [...topics], log),
        readUncommitted: config.readUncommitted ?? false,
        listener: {
          // Emitted a microtask later, as kafkajs emits once the join completed: a GROUP_JOIN listener can
          // already seek, pause or commit.
          onAssignment: (a) => {
            // A member already in the group learns of a rebalance first (kafkajs's Runner emits REBALANCING
            // { groupId, memberId } when the coordinator answers REBALANCE_IN_PROGRESS, then re-joins with a
            // new retrier: the retry budget starts over).
            const rejoin = assignments++ > 0;
            if (rejoin) retrier.reset();
            queueMicrotask(() => {
              if (rejoin) {
                log.warn("The group is rebalancing, re-joining", { groupId, memberId: a.memberId });
                events.emit(CONSUMER_EVENTS.REBALANCING, { groupId, memberId: a.memberId });
              }
              unsubscribed(a);
              emitGroupJoin(a);
              assigned();
            });
          },
          // The leader's assigner threw: kafkajs's join fails and the consumer crashes (restarting only for a
          // retriable error, as onCrash decides).
          onAssignmentError: (e: unknown) => {
            assigned();
            const error = e instanceof Error ? e : new Error(String(e));
            if (joined) void crash(joined, error, false);
          },
          onCrash: (error: TestkitError) => {
            log.error(`Crash: ${error.name}: ${error.message}`, { groupId, retryCount: 0, stack: error.stack });
            if (member === joined) member = undefined;
            events.emit(CONSUMER_EVENTS.CRASH, { error, groupId, restart: false });
            assigned();
          },
        },
      });
    } catch (e) {
      // kafkajs's JoinGroup answers INCONSISTENT_GROUP_PROTOCOL (non-retriable): Runner#start crashes.
      if (!(e instanceof TestkitError && e.details["reason"] === "INCONSISTENT_GROUP_PROTOCOL")) throw e;
      const error = protocolError(
        "INCONSISTENT_GROUP_PROTOCOL",
        23,
        "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list",
        false,
      );
      void crash(undefined, error, false);
      return Promise.resolve();
    }
    member = joined;
    return firstAssignment;
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
          // kafkajs keeps `topics[name] = { fromBeginning }`: the last subscribe of a topic decides.
          if (subscription.fromBeginning) fromBeginning.add(n);
          else fromBeginning.delete(n);
        }
      }
    },
    run: async (config: ConsumerRunConfig = {}) => {
      if (member) {
        log.warn("consumer#run was called, but the consumer is already running", { groupId });
        return;
      }
      cancelRestart?.();
      cancelRestart = undefined;
      runConfig = config;
      autoCommit = config.autoCommit ?? true;
      log.info("Starting", { groupId });
      // kafkajs's run resolves once the consumer joined and synced the group.
      await start();
    },
    stop,
    // kafkajs validates every entry, then needs a running consumer (its commits go through the group's runner).
    commitOffsets: async (offsets: TopicPartitionOffsetAndMetadata[] = []) => {
      const entries = offsets.map((o) => {
        if (!o.topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(o.topic)}`);
        if (Number.isNaN(Number(o.partition))) throw new KafkaJSNonRetriableError(`Invalid partition, expected a number received ${String(o.partition)}`);
        if (!/^-?\d+$/.test(String(o.offset))) throw new KafkaJSNonRetriableError(`Invalid offset, expected a long received ${String(o.offset)}`);
        const offset = Number(o.offset);
        if (offset < 0) throw new KafkaJSNonRetriableError("Offset must not be a negative number");
        const metadata = o.metadata ?? null;
        if (metadata !== null && typeof metadata !== "string") throw new KafkaJSNonRetriableError(`Invalid offset metadata, expected string or null, received ${String(metadata)}`);
        return { topic: o.topic, partition: Number(o.partition), offset, metadata };
      });
      commit(entries, requireRunning());
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
      const topicPartitions = list.map((t) => checkTopicPartitions(t, "pause"));
      broker.pause(requireRunning(), topicPartitions);
    },
    resume: (list) => {
      const topicPartitions = list.map((t) => checkTopicPartitions(t, "resume"));
      broker.resume(requireRunning(), topicPartitions);
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
    if (ok && as && events.has(CONSUMER_EVENTS.COMMIT_OFFSETS)) {
      const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
      for (const e of entries) (byTopic.get(e.topic) ?? byTopic.set(e.topic, []).get(e.topic)!).push({ partition: e.partition, offset: String(e.offset) });
      events.emit(CONSUMER_EVENTS.COMMIT_OFFSETS, {
        groupId,
        memberId: as.id,
        groupGenerationId: as.group.generation,
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
    }
    return ok;
  }

  return consumer;
}

/** kafkajs `consumer.pause`/`resume` validation (`src/consumer/index.js`): a topic, and partitions an array of numbers. */
function checkTopicPartitions(t: { topic: string; partitions?: number[] }, verb: "pause" | "resume"): { topic: string; partitions?: number[] } {
  if (!t || !t.topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(t?.topic || t)}`);
  if (t.partitions !== undefined && (!Array.isArray(t.partitions) || t.partitions.some((p) => Number.isNaN(Number(p))))) {
    throw new KafkaJSNonRetriableError(`Array of valid partitions required to ${verb} specific partitions instead of ${String(t.partitions)}`);
  }
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
    protocol: members.length > 0 ? (broker.groupProtocol(groupId) ?? "") : "",
    protocolType: "consumer",
    state: members.length > 0 ? "Stable" : broker.groupIds().includes(groupId) ? "Empty" : "Dead",
    members: members.map((m) => ({
      clientHost: "/127.0.0.1",
      clientId: m.clientId,
      memberId: m.memberId,
      memberAssignment: encodeMemberAssignment(m.assignment),
      // What the member sent with the chosen protocol (its assigner's `protocol()` metadata).
      memberMetadata: m.metadata ?? AssignerProtocol.MemberMetadata.encode({ version: 0, topics: [...m.topics], userData: Buffer.alloc(0) }),
    })),
  };
}

/** A member's assignment in the consumer protocol's `MemberAssignment` encoding (version 0, no user data). */
function encodeMemberAssignment(assignment: ReadonlyArray<{ topic: string; partition: number }>): Buffer {
  const byTopic: Record<string, number[]> = {};
  for (const tp of assignment) (byTopic[tp.topic] ??= []).push(tp.partition);
  return AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: byTopic, userData: Buffer.alloc(0) });
}
