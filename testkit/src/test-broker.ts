import type { Kafka } from "kafkajs";
import { Broker, type CreateBrokerOptions } from "./broker/broker.js";
import { createKafka, kafkaClass, type KafkaFacadeConfig } from "./kafkajs/kafka.js";

/**
 * The broker a test creates with {@link createBroker}: the engine ({@link Broker}) plus its kafkajs face and
 * contract binding.
 */
export class TestBroker extends Broker {
  /**
   * A kafkajs `Kafka` client on this broker (`producer()`, `consumer({ groupId })`, `admin()`, `logger()`):
   * pass it wherever service code expects kafkajs's `Kafka`. `config` takes kafkajs's constructor arguments
   * (`clientId`, `logLevel`, `logCreator`; connection settings are ignored).
   */
  kafka(config: KafkaFacadeConfig = {}): Kafka {
    return createKafka(this, config);
  }

  /** A class to use in place of kafkajs's `Kafka` (for code that constructs its own client); see {@link kafkaClass}. */
  get Kafka(): typeof import("kafkajs").Kafka {
    return kafkaClass(this);
  }
}

/**
 * Creates an in-memory Kafka broker for a test: topics auto-created with `defaultPartitions` (default 1),
 * Java-client partitioning (murmur2), consumer groups with range assignment, at-least-once delivery with an
 * optional retry policy and dead-letter topic, fault injection and a virtual clock (see
 * {@link CreateBrokerOptions}). Throws `TestkitError` `INVALID_ARGUMENT` / `RangeError` for bad options.
 */
export function createBroker(options: CreateBrokerOptions = {}): TestBroker {
  return new TestBroker(options);
}
