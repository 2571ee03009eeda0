import { murmur2, toPositive } from "./murmur2.js";

/**
 * Chooses a partition for a record. `key` is the serialized key (UTF-8 for strings), `undefined`/`null` for a
 * keyless record. Returns a partition number in `[0, partitionCount)`.
 */
export type Partitioner = (topic: string, key: Uint8Array | null, partitionCount: number) => number;

/**
 * The Java client's default partitioner for keyed records (`BuiltInPartitioner.partitionForKey`):
 * `toPositive(murmur2(keyBytes)) % numPartitions`, so a key lands on the same partition number as on a real
 * cluster (kafkajs's `DefaultPartitioner` computes the same). Keyless records go round-robin per topic,
 * as kafkajs's default partitioner does (the Java client's sticky batching has no observable effect on a
 * log with no batches).
 */
export function createDefaultPartitioner(): Partitioner {
  const counters = new Map<string, number>();
  return (topic, key, partitionCount) => {
    if (key !== null) return partitionForKey(key, partitionCount);
    const next = counters.get(topic) ?? 0;
    counters.set(topic, next + 1);
    return next % partitionCount;
  };
}

/** `toPositive(murmur2(key)) % partitionCount` (Kafka `BuiltInPartitioner.partitionForKey`). */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return toPositive(murmur2(key)) % partitionCount;
}
