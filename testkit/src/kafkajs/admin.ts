import type { Admin, AdminConfig, DescribeConfigResponse, ITopicMetadata, KafkaJSDeleteTopicRecordsErrorPartition, Logger } from "kafkajs";
import type { Broker } from "../broker/broker.js";
import { tpKey } from "../broker/consumer-group.js";
import { TestkitError } from "../errors.js";
import { describeGroup } from "./consumer.js";
import { InstrumentationEmitter } from "./instrumentation.js";
import {
  KafkaJSBrokerNotFound,
  KafkaJSDeleteGroupsError,
  KafkaJSDeleteTopicRecordsError,
  KafkaJSNonRetriableError,
  KafkaJSNotImplemented,
  protocolError,
  unknownTopicError,
} from "./kafkajs-runtime.js";
import { partitionMetadata } from "./producer.js";

const ADMIN_EVENTS = {
  CONNECT: "admin.connect",
  DISCONNECT: "admin.disconnect",
  REQUEST: "admin.network.request",
  REQUEST_TIMEOUT: "admin.network.request_timeout",
  REQUEST_QUEUE_SIZE: "admin.network.request_queue_size",
} as const;

/** Node the in-memory cluster reports in `describeCluster` and metadata: one broker, id 0. */
const NODE = { nodeId: 0, host: "localhost", port: 9092 };

/**
 * A kafkajs `Admin` over the broker: topics (create, delete, partitions, metadata, offsets, offsets by
 * timestamp, configs as created), groups (list, describe, delete, fetch/set/reset offsets) and
 * `describeCluster`, and `deleteTopicRecords` (moves the low watermark; a partition the topic lacks or an offset
 * beyond the high watermark rejects with `KafkaJSDeleteTopicRecordsError`, as kafkajs). `fetchOffsets` without
 * `topics` lists only committed partitions (Kafka's OffsetFetch with null topics); with `resolveOffsets` a
 * missing offset resolves to the high watermark and is stored, which refuses a running group, as in kafkajs.
 * ACLs, `alterConfigs` and partition reassignment have no meaning in memory and throw `KafkaJSNotImplemented`.
 * Unknown topics give kafkajs's `UNKNOWN_TOPIC_OR_PARTITION` protocol error.
 */
export function createAdmin(broker: Broker, _config: AdminConfig, logger: Logger): Admin {
  const events = new InstrumentationEmitter(ADMIN_EVENTS);
  const log = logger.namespace("Admin");
  const requireTopic = (topic: string) => {
    const count = broker.partitionCount(topic);
    if (count === undefined) throw unknownTopicError(topic);
    return count;
  };
  const requireGroupId = (groupId: unknown) => {
    if (!groupId) throw new KafkaJSNonRetriableError(`Invalid groupId ${String(groupId)}`);
  };
  const requireEmptyGroup = (groupId: string) => {
    if (broker.groupMembers(groupId).length > 0) {
      throw new KafkaJSNonRetriableError(`The consumer group must have no running instances, current state: Stable`);
    }
  };
  const notInMemory = (what: string) => async (): Promise<never> => {
    throw new (KafkaJSNotImplemented as unknown as new (message: string) => Error)(`${what} is not supported by the in-memory broker`);
  };

  const admin: Admin = {
    events: ADMIN_EVENTS,
    connect: async () => events.emit(ADMIN_EVENTS.CONNECT, null),
    disconnect: async () => events.emit(ADMIN_EVENTS.DISCONNECT, null),
    logger: () => log,
    on: ((eventName: string, listener: (e: unknown) => void) => events.on(eventName, listener)) as Admin["on"],
    listTopics: async () => broker.topicNames(),
    createTopics: async ({ topics, validateOnly }) => {
      if (!Array.isArray(topics)) throw new KafkaJSNonRetriableError(`Invalid topics array ${String(topics)}`);
      const names = topics.map((t) => t.topic);
      if (new Set(names).size !== names.length) throw new KafkaJSNonRetriableError("Invalid topics array, it cannot have multiple entries for the same topic");
      let created = false;
      for (const t of topics) {
        if (validateOnly) continue;
        try {
          const options = { config: { configEntries: t.configEntries ?? [] }, ...(t.numPartitions === undefined ? {} : { numPartitions: t.numPartitions }) };
          created = broker.createTopic(t.topic, options) || created;
        } catch (e) {
          throw e instanceof TestkitError ? protocolError("INVALID_TOPIC_EXCEPTION", 17, e.message, false) : e;
        }
      }
      return created;
    },
    deleteTopics: async ({ topics }) => {
      for (const t of topics) requireTopic(t);
      broker.deleteTopics(topics);
    },
    createPartitions: async ({ topicPartitions }) => {
      for (const tp of topicPartitions) {
        requireTopic(tp.topic);
        try {
          broker.createPartitions(tp.topic, tp.count);
        } catch (e) {
          throw e instanceof TestkitError ? protocolError("INVALID_PARTITIONS", 37, e.message, false) : e;
        }
      }
      return true;
    },
    fetchTopicMetadata: async (options?: { topics: string[] }) => {
      const names = options?.topics && options.topics.length > 0 ? options.topics : broker.topicNames();
      const topics: ITopicMetadata[] = names.map((name) => ({ name, partitions: partitionMetadata(requireTopic(name)) }));
      return { topics };
    },
    fetchOffsets: async ({ groupId, topics, resolveOffsets }) => {
      requireGroupId(groupId);
      // Without topics Kafka's OffsetFetch answers every partition with a committed offset, and only those.
      const committed = topics === undefined ? broker.committed(groupId).filter((c) => c.offset >= 0) : broker.committed(groupId, topics);
      if (resolveOffsets) {
        // kafkajs resolves "none" (-1, LATEST) to the high watermark and -2 (EARLIEST) to the low one, then
        // stores the result with setOffsets, which refuses a running group.
        const unresolved = committed.filter((c) => c.offset < 0);
        if (unresolved.length > 0) {
          requireEmptyGroup(groupId);
          const bounds = new Map<string, { low: number; high: number }>();
          for (const topic of new Set(unresolved.map((c) => c.topic))) {
            for (const o of broker.topicOffsets(topic)) bounds.set(tpKey(topic, o.partition), o);
          }
          for (const c of unresolved) {
            const b = bounds.get(tpKey(c.topic, c.partition))!;
            c.offset = c.offset === -2 ? b.low : b.high;
          }
          broker.commit(groupId, unresolved);
        }
      }
      const byTopic = new Map<string, Array<{ partition: number; offset: string; metadata: string | null }>>();
      for (const c of committed) {
        (byTopic.get(c.topic) ?? byTopic.set(c.topic, []).get(c.topic)!).push({ partition: c.partition, offset: String(c.offset), metadata: c.metadata });
      }
      return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
    },
    // kafkajs's admin lists offsets with ListOffsets' default isolation, read committed: "high" is the last
    // stable offset (the log end unless a transaction is open).
    fetchTopicOffsets: async (topic: string) => {
      requireTopic(topic);
      return broker.topicOffsets(topic).map((o) => ({ partition: o.partition, offset: String(o.stable), high: String(o.stable), low: String(o.low) }));
    },
    fetchTopicOffsetsByTimestamp: async (topic: string, timestamp?: number) => {
      requireTopic(topic);
      return broker.topicOffsets(topic).map((o) => {
        if (timestamp === undefined) return { partition: o.partition, offset: String(o.high) };
        const first = broker.messages(topic, { partition: o.partition }).find((m) => m.offset >= o.low && m.timestamp >= timestamp);
        return { partition: o.partition, offset: String(first ? first.offset : o.high) };
      });
    },
    describeCluster: async () => ({ brokers: [NODE], controller: NODE.nodeId, clusterId: "charter-testkit" }),
    setOffsets: async ({ groupId, topic, partitions }) => {
      requireGroupId(groupId);
      if (!partitions || partitions.length === 0) throw new KafkaJSNonRetriableError("Invalid partitions");
      requireTopic(topic);
      requireEmptyGroup(groupId);
      broker.commit(
        groupId,
        partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })),
      );
    },
    // kafkajs `admin#resetOffsets` is `setOffsets` with the special offset -2 (earliest) or -1 (latest)
    // (`cluster.defaultOffset`), which its consumer commits as is: `fetchOffsets` then answers "-2"/"-1" until
    // `resolveOffsets` or a consumer resolves it (kafkajs docs: Admin → Fetch consumer group offsets). A consumer
    // treats the negative offset as none and starts as its own `fromBeginning` says (`isInvalidOffset`).
    resetOffsets: async ({ groupId, topic, earliest }) => {
      requireGroupId(groupId);
      if (!topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
      const count = requireTopic(topic);
      requireEmptyGroup(groupId);
      broker.commit(
        groupId,
        Array.from({ length: count }, (_, partition) => ({ topic, partition, offset: earliest ? -2 : -1 })),
      );
    },
    describeConfigs: async ({ resources }): Promise<DescribeConfigResponse> => ({
      throttleTime: 0,
      resources: resources.map((r) => {
        const entries = broker.topicConfig(r.name)?.configEntries ?? [];
        return {
          errorCode: 0,
          errorMessage: "",
          resourceName: r.name,
          resourceType: r.type,
          configEntries: entries
            .filter((e) => !r.configNames || r.configNames.includes(e.name))
            .map((e) => ({ configName: e.name, configValue: e.value, isDefault: false, configSource: 1, isSensitive: false, readOnly: false, configSynonyms: [] })),
        };
      }),
    }),
    alterConfigs: notInMemory("alterConfigs"),
    listGroups: async () => ({ groups: broker.groupIds().map((groupId) => ({ groupId, protocolType: "consumer" })) }),
    describeGroups: async (groupIds: string[]) => ({ groups: groupIds.map((id) => describeGroup(broker, id)) }),
    deleteGroups: async (groupIds: string[]) => {
      const refused = broker.deleteGroups(groupIds);
      if (refused.length > 0) {
        const groups = refused.map((groupId) => ({ groupId, errorCode: 68, error: protocolError("NON_EMPTY_GROUP", 68, "The group is not empty", false) }));
        throw new KafkaJSDeleteGroupsError("Error in DeleteGroups", groups);
      }
      return groupIds.map((groupId) => ({ groupId, errorCode: 0 }));
    },
    describeAcls: notInMemory("describeAcls"),
    deleteAcls: notInMemory("deleteAcls"),
    createAcls: notInMemory("createAcls"),
    deleteTopicRecords: async ({ topic, partitions }) => {
      if (!topic || typeof topic !== "string") throw new KafkaJSNonRetriableError(`Invalid topic "${String(topic)}"`);
      if (!partitions || partitions.length === 0) throw new KafkaJSNonRetriableError("Invalid partitions");
      requireTopic(topic);
      const bounds = new Map(broker.topicOffsets(topic).map((o) => [o.partition, o]));
      const failures: KafkaJSDeleteTopicRecordsErrorPartition[] = [];
      for (const { partition, offset } of partitions) {
        const b = bounds.get(partition);
        const n = Number(offset);
        if (!b) failures.push({ partition, offset, error: brokerNotFound("Could not find the leader for the partition") });
        else if (n > b.high || n < -1) failures.push({ partition, offset, error: protocolError("OFFSET_OUT_OF_RANGE", 1, "The requested offset is not within the range of offsets maintained by the server.", false) });
        else if (n < b.low && n !== -1) {
          log.warn("The requested offset is before the earliest offset maintained on the partition - no records will be deleted from this partition", { topic, partition, offset });
        }
      }
      if (failures.length > 0) throw new KafkaJSDeleteTopicRecordsError({ topic, partitions: failures });
      broker.deleteRecords(topic, partitions.map((p) => ({ partition: p.partition, offset: Number(p.offset) })));
    },
    alterPartitionReassignments: notInMemory("alterPartitionReassignments"),
    listPartitionReassignments: notInMemory("listPartitionReassignments"),
  };
  return admin;
}

/** kafkajs's `KafkaJSBrokerNotFound` (non-retriable): its runtime constructor takes `(message, { retriable })`, its types none. */
function brokerNotFound(message: string): InstanceType<typeof KafkaJSBrokerNotFound> {
  return new (KafkaJSBrokerNotFound as unknown as new (m: string, o: { retriable: boolean }) => InstanceType<typeof KafkaJSBrokerNotFound>)(message, { retriable: false });
}
