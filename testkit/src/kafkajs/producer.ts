import type {
  Logger,
  RetryOptions,
  Message,
  Offsets,
  PartitionMetadata,
  Producer,
  ProducerBatch,
  ProducerConfig,
  ProducerRecord,
  RecordMetadata,
  Transaction,
} from "kafkajs";
import type { Broker, TopicRecords } from "../broker/broker.js";
import type { ProduceRecord, RecordPosition } from "../broker/types.js";
import { TestkitError } from "../errors.js";
import { InstrumentationEmitter } from "./instrumentation.js";
import { KafkaJSError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, protocolError, unknownTopicError } from "./kafkajs-runtime.js";

const PRODUCER_EVENTS = {
  CONNECT: "producer.connect",
  DISCONNECT: "producer.disconnect",
  REQUEST: "producer.network.request",
  REQUEST_TIMEOUT: "producer.network.request_timeout",
  REQUEST_QUEUE_SIZE: "producer.network.request_queue_size",
} as const;

/** kafkajs metadata of an in-memory partition: one broker (node 0) leads every partition. */
export function partitionMetadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0], offlineReplicas: [] }));
}

/**
 * A kafkajs `Producer` over the broker. `send`/`sendBatch` validate as kafkajs does, honour `createPartitioner`,
 * `allowAutoTopicCreation`, `transactionalId` (`transaction()`); `acks`, `timeout` and `compression` are
 * accepted and have nothing to do in memory. Failures surface as kafkajs errors: an injected send failure as
 * `KafkaJSNumberOfRetriesExceeded` caused by a `KafkaJSProtocolError` (what kafkajs throws once its retries
 * are spent), an unknown topic as `KafkaJSProtocolError` `UNKNOWN_TOPIC_OR_PARTITION`; a contract violation
 * is the testkit's `TestkitError` (`CONTRACT_VIOLATION`). `clientRetry` is the `retry` of `new Kafka(…)`,
 * merged under the producer's own (kafkajs docs: Configuration → Retry; kafkajs `Client#producer`); an
 * idempotent producer refuses `retries: 0` at construction and `acks` other than -1 on send, as kafkajs does.
 *
 * `send`/`sendBatch` resolve to one `RecordMetadata` per topic-partition written, or `[]` with `acks: 0` (no
 * produce response), as kafkajs's `sendMessages`. Every validation error rejects the returned promise
 * (kafkajs's `send`/`sendBatch` are async functions), so `producer.send(…).catch(…)` sees it.
 */
export function createProducer(broker: Broker, config: ProducerConfig, logger: Logger, clientRetry?: RetryOptions): Producer {
  // kafkajs merges the producer's retry over the client's ({ ...client, ...producer }); 5 retries by default.
  const retries = config.retry?.retries ?? clientRetry?.retries ?? 5;
  if (config.idempotent && retries < 1) {
    throw new KafkaJSNonRetriableError("Idempotent producer must allow retries to protect against transient errors");
  }
  const events = new InstrumentationEmitter(PRODUCER_EVENTS);
  const log = logger.namespace("Producer");
  const custom = config.createPartitioner?.();
  let connected = false;
  let activeTransaction: Transaction | undefined;

  const partitioner = custom
    ? (topic: string, record: ProduceRecord, count: number) =>
        custom({ topic, partitionMetadata: partitionMetadata(count), message: toMessage(record) })
    : undefined;

  const produce = async (batches: TopicRecords[]): Promise<RecordMetadata[]> => {
    if (!connected) throw new KafkaJSError("The producer is disconnected");
    if (config.allowAutoTopicCreation === false) {
      for (const b of batches) if (broker.partitionCount(b.topic) === undefined) throw unknownTopicError(b.topic);
    }
    try {
      const positions = await broker.produceBatch(batches, partitioner ? { partitioner } : {});
      // A real send resolves after a network round trip: yielding one macrotask lets consumers run between
      // sends, as they would against a cluster, instead of only after a tight send loop ends.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return recordMetadata(broker, positions);
    } catch (e) {
      throw toKafkaJsError(e, retries, log);
    }
  };

  // With acks 0 the broker sends no produce response, so kafkajs resolves to [] (records are still written).
  const answer = (acks: number | undefined, metadata: RecordMetadata[]) => (acks === 0 ? [] : metadata);
  const sender = {
    send: async (record: ProducerRecord) => {
      checkAcks(config.idempotent ?? false, record.acks);
      return answer(record.acks, await produce([toTopicRecords(record.topic, record.messages)]));
    },
    sendBatch: async (batch: ProducerBatch) => {
      checkAcks(config.idempotent ?? false, batch.acks);
      return answer(batch.acks, await produce((batch.topicMessages ?? []).map((t) => toTopicRecords(t.topic, t.messages))));
    },
  };

  const producer: Producer = {
    ...sender,
    events: PRODUCER_EVENTS,
    connect: async () => {
      connected = true;
      events.emit(PRODUCER_EVENTS.CONNECT, null);
    },
    disconnect: async () => {
      if (!connected) return;
      connected = false;
      events.emit(PRODUCER_EVENTS.DISCONNECT, null);
    },
    isIdempotent: () => config.idempotent ?? false,
    logger: () => log,
    on: ((eventName: string, listener: (e: unknown) => void) => events.on(eventName, listener)) as Producer["on"],
    transaction: async () => {
      if (!config.transactionalId) {
        throw new KafkaJSNonRetriableError("Must provide transactional id for transactional producer");
      }
      if (activeTransaction?.isActive()) {
        throw new KafkaJSNonRetriableError("There is already an ongoing transaction for this producer. Please end the transaction before beginning another.");
      }
      activeTransaction = createTransaction(broker, produce);
      return activeTransaction;
    },
  };
  return producer;
}

/**
 * A kafkajs `Transaction`: sends are buffered and appended all at once on `commit` (read-committed
 * consumers never see an aborted record, so they are simply never appended); `sendOffsets` commits consumer
 * offsets with it.
 */
function createTransaction(broker: Broker, produce: (batches: TopicRecords[]) => Promise<RecordMetadata[]>): Transaction {
  const pending: TopicRecords[] = [];
  const offsets: Array<Offsets & { consumerGroupId: string }> = [];
  let active = true;
  const ensureActive = () => {
    if (!active) throw new KafkaJSNonRetriableError("Cannot continue to use transaction once ended");
  };
  const buffer = async (batches: TopicRecords[]): Promise<RecordMetadata[]> => {
    ensureActive();
    pending.push(...batches);
    return [];
  };
  return {
    // kafkajs sends transactional records idempotently: acks must be -1 (all) there too.
    send: async (record) => {
      ensureActive();
      checkAcks(true, record.acks);
      return buffer([toTopicRecords(record.topic, record.messages)]);
    },
    sendBatch: async (batch) => {
      ensureActive();
      checkAcks(true, batch.acks);
      return buffer((batch.topicMessages ?? []).map((t) => toTopicRecords(t.topic, t.messages)));
    },
    sendOffsets: async (o) => {
      ensureActive();
      offsets.push(o);
    },
    commit: async () => {
      ensureActive();
      if (pending.length > 0) await produce(pending);
      for (const o of offsets) {
        broker.commit(
          o.consumerGroupId,
          o.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) }))),
        );
      }
      active = false;
    },
    abort: async () => {
      ensureActive();
      pending.length = 0;
      offsets.length = 0;
      active = false;
    },
    isActive: () => active,
  };
}

/** kafkajs refuses `acks` other than -1 (the default) from an idempotent producer: it would void exactly-once. */
function checkAcks(idempotent: boolean, acks: number | undefined): void {
  if (idempotent && acks !== undefined && acks !== -1) {
    throw new KafkaJSNonRetriableError("Not requiring ack for all messages invalidates the idempotent producer's EoS guarantees");
  }
}

function toTopicRecords(topic: string, messages: Message[]): TopicRecords {
  if (typeof topic !== "string" || topic.length === 0) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
  if (!Array.isArray(messages)) throw new KafkaJSNonRetriableError(`Invalid messages array [${String(messages)}] for topic "${topic}"`);
  // kafkajs messages already have the engine's record shape: validate, do not copy (this runs per record).
  for (const m of messages) {
    if (m === null || typeof m !== "object" || m.value === undefined) {
      throw new KafkaJSNonRetriableError(`Invalid message without value for topic "${topic}": ${JSON.stringify(m)}`);
    }
  }
  const records: readonly ProduceRecord[] = messages;
  return { topic, records };
}

function toMessage(record: ProduceRecord): Message {
  return {
    key: record.key ?? null,
    value: record.value,
    ...(record.headers ? { headers: record.headers } : {}),
    ...(record.partition !== undefined && record.partition !== null ? { partition: record.partition } : {}),
  };
}

/**
 * kafkajs's answer to a produce (`producer/responseSerializer.js` over the Produce v3+ response): one
 * `{ topicName, partition, errorCode, baseOffset, logAppendTime, logStartOffset }` per topic-partition written —
 * no other field, offsets as strings, `baseOffset` the first offset written there, `logAppendTime` "-1"
 * (CreateTime topics), `logStartOffset` the partition's low watermark. Topics come in request order, each
 * topic's partitions in ascending order (kafkajs groups messages in an object keyed by partition number).
 */
function recordMetadata(broker: Broker, positions: readonly RecordPosition[]): RecordMetadata[] {
  const byTopic = new Map<string, Map<number, number>>();
  for (const p of positions) {
    let partitions = byTopic.get(p.topic);
    if (!partitions) byTopic.set(p.topic, (partitions = new Map()));
    if (!partitions.has(p.partition)) partitions.set(p.partition, p.offset);
  }
  const out: RecordMetadata[] = [];
  for (const [topicName, partitions] of byTopic) {
    const low = broker.topicOffsets(topicName);
    for (const partition of [...partitions.keys()].sort((a, b) => a - b)) {
      out.push({
        topicName,
        partition,
        errorCode: 0,
        baseOffset: String(partitions.get(partition)),
        logAppendTime: "-1",
        logStartOffset: String(low[partition]?.low ?? 0),
      });
    }
  }
  return out;
}

function toKafkaJsError(e: unknown, retryCount: number, log: Logger): unknown {
  if (!(e instanceof TestkitError)) return e;
  switch (e.code) {
    case "INJECTED_SEND_FAILURE": {
      const cause = protocolError("NOT_LEADER_OR_FOLLOWER", 6, e.message, true);
      log.error(`Failed to send messages: ${e.message}`, { retryCount });
      return new KafkaJSNumberOfRetriesExceeded(cause, { retryCount, retryTime: 0 });
    }
    case "UNKNOWN_TOPIC":
      return unknownTopicError(String(e.details["topic"]));
    case "INVALID_PARTITION":
      return new KafkaJSNonRetriableError(e.message);
    default:
      return e;
  }
}
