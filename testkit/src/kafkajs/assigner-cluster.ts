import type { Cluster } from "kafkajs";
import type { Broker } from "../broker/broker.js";
import { KafkaJSNotImplemented } from "./kafkajs-runtime.js";
import { partitionMetadata } from "./producer.js";

/** The one node of the in-memory cluster, as kafkajs metadata lists it. */
const NODE = { nodeId: 0, host: "localhost", port: 9092 };

/**
 * The `cluster` kafkajs hands a partition assigner (`createAssigner({ cluster, groupId, logger })`,
 * kafkajs `src/consumer/index.js`; `Cluster` in kafkajs's types): what assigners read —
 * `findTopicPartitionMetadata(topic)` (kafkajs's `RoundRobinAssigner` and the "Custom partition assigner" docs
 * use it), `metadata()`, `getNodeIds()`, `findLeaderForPartitions`, `fetchTopicsOffset` — answered from the
 * broker; calls that would reach a broker connection throw `KafkaJSNotImplemented`.
 */
export function assignerCluster(broker: Broker): Cluster {
  const notInMemory = (what: string) => (): never => {
    throw new (KafkaJSNotImplemented as unknown as new (message: string) => Error)(`cluster.${what} is not supported by the in-memory broker`);
  };
  const partitions = (topic: string) => partitionMetadata(broker.partitionCount(topic) ?? 0);
  return {
    getNodeIds: () => [NODE.nodeId],
    metadata: async () => ({
      brokers: [NODE],
      topicMetadata: broker.topicNames().map((topic) => ({ topicErrorCode: 0, topic, partitionMetadata: partitions(topic) })),
    }),
    removeBroker: () => {},
    addMultipleTargetTopics: async () => {},
    isConnected: () => true,
    connect: async () => {},
    disconnect: async () => {},
    refreshMetadata: async () => {},
    refreshMetadataIfNecessary: async () => {},
    addTargetTopic: async () => {},
    findBroker: notInMemory("findBroker"),
    findControllerBroker: notInMemory("findControllerBroker"),
    findTopicPartitionMetadata: partitions,
    findLeaderForPartitions: (_topic: string, list: number[]) => ({ [NODE.nodeId]: list }),
    findGroupCoordinator: notInMemory("findGroupCoordinator"),
    findGroupCoordinatorMetadata: async () => ({ errorCode: 0, coordinator: NODE }),
    // kafkajs: -2 (EARLIEST) from the beginning, else -1 (LATEST).
    defaultOffset: ({ fromBeginning }: { fromBeginning: boolean }) => (fromBeginning ? -2 : -1),
    fetchTopicsOffset: async (topics) =>
      topics.map(({ topic, partitions: wanted, fromBeginning }) => {
        const offsets = new Map(broker.topicOffsets(topic).map((o) => [o.partition, o]));
        return {
          topic,
          partitions: wanted.map(({ partition }) => {
            const o = offsets.get(partition);
            return { partition, offset: String(o ? (fromBeginning ? o.low : o.stable) : -1) };
          }),
        };
      }),
  };
}
