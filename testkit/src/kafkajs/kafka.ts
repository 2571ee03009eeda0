import type { AdminConfig, ConsumerConfig, Kafka, KafkaConfig, ProducerConfig } from "kafkajs";
import type { Broker } from "../broker/broker.js";
import { createAdmin } from "./admin.js";
import { createConsumer } from "./consumer.js";
import { createLogger } from "./logger.js";
import { createProducer } from "./producer.js";

/**
 * kafkajs `new Kafka(config)` arguments as the facade reads them: `clientId` (default `"kafkajs"`), `logLevel`,
 * `logCreator` (kafkajs's semantics, `KAFKAJS_LOG_LEVEL` included), `retry` (merged under the producer's and
 * the consumer's own, as kafkajs's `Kafka#producer`/`Kafka#consumer` do); `brokers`, `ssl`, `sasl`, timeouts and
 * `socketFactory` are accepted and unused — there is no network.
 */
export type KafkaFacadeConfig = Partial<KafkaConfig>;

/**
 * A kafkajs `Kafka` client bound to an in-memory broker: `producer()`, `consumer({ groupId })`, `admin()` and
 * `logger()` behave as kafkajs 2.x documents them, so service code that takes a `Kafka` runs unchanged.
 */
export function createKafka(broker: Broker, config: KafkaFacadeConfig = {}): Kafka {
  const clientId = config.clientId ?? "kafkajs";
  const logger = createLogger(config.logLevel, config.logCreator);
  return {
    producer: (producerConfig: ProducerConfig = {}) => createProducer(broker, producerConfig, logger, config.retry),
    consumer: (consumerConfig: ConsumerConfig) => createConsumer(broker, consumerConfig, logger, clientId, config.retry),
    admin: (adminConfig: AdminConfig = {}) => createAdmin(broker, adminConfig, logger),
    logger: () => logger,
  };
}

/**
 * A drop-in for kafkajs's `Kafka` class whose instances all talk to `broker`: hand it to code that calls
 * `new Kafka({ clientId, brokers })` itself, e.g. `vi.mock("kafkajs", async (load) => ({ ...(await load()),
 * Kafka: kafkaClass(broker) }))`.
 */
export function kafkaClass(broker: Broker): typeof import("kafkajs").Kafka {
  return class InMemoryKafka {
    private readonly client: Kafka;
    constructor(config: KafkaConfig) {
      this.client = createKafka(broker, config);
    }
    producer(config?: ProducerConfig) {
      return this.client.producer(config);
    }
    consumer(config: ConsumerConfig) {
      return this.client.consumer(config);
    }
    admin(config?: AdminConfig) {
      return this.client.admin(config);
    }
    logger() {
      return this.client.logger();
    }
  };
}
