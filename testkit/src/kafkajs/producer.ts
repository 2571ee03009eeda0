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
import type { Transaction as BrokerTransaction } from "../broker/transaction.js";
import type { ProduceRecord, RecordPosition } from "../broker/types.js";
import { TestkitError } from "../errors.js";
import { requireCodec } from "./compression.js";
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
 * `allowAutoTopicCreation`, `transactionalId` (`transaction()`); `acks` and `timeout` are accepted and have
 * nothing to do in memory; `compression` needs a codec in kafkajs's `CompressionCodecs`, as in kafkajs (GZIP
 * built in, Snappy/LZ4/ZSTD reject with `KafkaJSNotImplemented` unless registered, see `requireCodec`). Failures surface as kafkajs errors: an injected send failure as
 * `KafkaJSNumberOfRetriesExceeded` caused by a `KafkaJSProtocolError` (what kafkajs throws once its retries
 * are spent), an unknown topic as `KafkaJSProtocolError` `UNKNOWN_TOPIC_OR_PARTITION`; a contract violation
 * is the testkit's `TestkitError` (`CONTRACT_VIOLATION`). `clientRetry` is the `retry` of `new Kafka(…)`,
 * merged under the producer's own (kafkajs docs: Configuration → Retry; kafkajs `Client#producer`); an
 * idempotent producer refuses `retries: 0` at construction and `acks` other than -1 on send, as kafkajs does.
 *
 * `send`/`sendBatch` resolve to one `RecordMetadata` per topic-partition written, or `[]` with `acks: 0` (no
 * produce response), as kafkajs's `sendMessages`; `sendBatch` merges entries of the same topic first
 * (kafkajs `src/producer/messageProducer.js`). Every validation error rejects the returned promise
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

  const produce = async (batches: TopicRecords[], transaction?: BrokerTransaction): Promise<RecordMetadata[]> => {
    if (!connected) throw new KafkaJSError("The producer is disconnected");
    if (config.allowAutoTopicCreation === false) {
      for (const b of batches) if (broker.partitionCount(b.topic) === undefined) throw unknownTopicError(b.topic);
    }
    try {
      const positions = await broker.produceBatch(batches, { ...(partitioner ? { partitioner } : {}), ...(transaction ? { transaction } : {}) });
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
      const batches = [toTopicRecords(record.topic, record.messages)];
      requireCodec(record.compression);
      return answer(record.acks, await produce(batches));
    },
    sendBatch: async (batch: ProducerBatch) => {
      checkAcks(config.idempotent ?? false, batch.acks);
      const batches = mergeTopicMessages(batch.topicMessages);
      requireCodec(batch.compression);
      return answer(batch.acks, await produce(batches));
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
      activeTransaction = createTransaction(broker, config.transactionalId, produce);
      return activeTransaction;
    },
  };
  return producer;
}

/**
 * A kafkajs `Transaction` (kafkajs `src/producer/index.js#transaction`, `src/producer/eosManager`): `send` and
 * `sendBatch` write at once — offsets assigned, resolving to `RecordMetadata` as `producer.send` does — as
 * records of an open broker transaction, which read-committed consumers see only after `commit`;
 * `sendOffsets` commits the group's offsets with it; `commit`/`abort` write the transaction marker (none when
 * nothing was sent, as kafkajs then sends no EndTxn).
 */
function createTransaction(
  broker: Broker,
  transactionalId: string,
  produce: (batches: TopicRecords[], transaction?: BrokerTransaction) => Promise<RecordMetadata[]>,
): Transaction {
  const transaction = broker.beginTransaction(transactionalId);
  let active = true;
  const ensureActive = () => {
    if (!active) throw new KafkaJSNonRetriableError("Cannot continue to use transaction once ended");
  };
  return {
    // kafkajs sends transactional records idempotently: acks must be -1 (all) there too.
    send: async (record) => {
      ensureActive();
      checkAcks(true, record.acks);
      const batches = [toTopicRecords(record.topic, record.messages)];
      requireCodec(record.compression);
      return produce(batches, transaction);
    },
    sendBatch: async (batch) => {
      ensureActive();
      checkAcks(true, batch.acks);
      const batches = mergeTopicMessages(batch.topicMessages);
      requireCodec(batch.compression);
      return produce(batches, transaction);
    },
    sendOffsets: async (o: Offsets & { consumerGroupId: string }) => {
      ensureActive();
      if (!o?.consumerGroupId) throw new KafkaJSNonRetriableError("Missing consumerGroupId");
      if (!o.topics) throw new KafkaJSNonRetriableError("Missing offset topics");
      broker.addTransactionOffsets(
        transaction,
        o.consumerGroupId,
        o.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset) }))),
      );
    },
    commit: async () => {
      ensureActive();
      broker.endTransaction(transaction, true);
      active = false;
    },
    abort: async () => {
      ensureActive();
      broker.endTransaction(transaction, false);
      active = false;
    },
    isActive: () => active,
  };
}

/**
 * kafkajs `sendBatch` (`src/producer/messageProducer.js`): entries naming the same topic are merged into the
 * first one, messages concatenated in order, before partitioning — so the partitioner sees a topic's messages
 * together and the topic answers once, at its first position.
 */
function mergeTopicMessages(topicMessages: ProducerBatch["topicMessages"]): TopicRecords[] {
  const merged: TopicRecords[] = [];
  for (const t of topicMessages ?? []) {
    const records = toTopicRecords(t.topic, t.messages);
    const i = merged.findIndex((m) => m.topic === records.topic);
    if (i === -1) merged.push(records);
    else merged[i] = { topic: records.topic, records: [...merged[i]!.records, ...records.records] };
  }
  return merged;
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
