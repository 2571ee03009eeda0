import type { Kafka } from "kafkajs";
import { Broker, type CreateBrokerOptions } from "./broker/broker.js";
import { contractBinding } from "./contracts/bind-contract.js";
import { decodeMessage, type DecodedMessage } from "./contracts/decoded-message.js";
import { type ContractSource, type LoadedContract, loadContract } from "./contracts/load-contract.js";
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

  /**
   * Binds `topic` to a contract (opt-in, per topic): a registry URL + subject (value and/or key) or a local
   * Avro / JSON Schema / Protobuf / AsyncAPI file (+ message name). From then on every produced key/value is
   * validated with the `@charter/contracts` engines; registry-bound values are stored in the Confluent wire
   * format with the registered schema id and handed to consumers decoded. A violating send rejects with
   * `TestkitError` `CONTRACT_VIOLATION` (naming the subject or file, the JSON Pointer path and the rule) and
   * stores nothing. Resolves to the loaded contract; rejects with `CONTRACT_UNAVAILABLE` when it cannot load.
   */
  async bindContract(topic: string, contract: ContractSource | LoadedContract): Promise<LoadedContract> {
    const loaded = await loadContract(contract, topic);
    this.setBinding(topic, contractBinding(topic, loaded));
    return loaded;
  }

  /** Removes the contract binding of `topic`. */
  unbindContract(topic: string): void {
    this.setBinding(topic, undefined);
  }

  /**
   * What was produced to `topic` (or every topic) as assertions want it: keys as strings, values decoded
   * through the topic's contract (wire format included) or JSON-parsed, headers as strings.
   */
  decoded(topic?: string): DecodedMessage[] {
    return this.messages(topic).map((m) => decodeMessage(this, m));
  }

  /** The decoded values produced to `topic`, in order (see {@link TestBroker.decoded}). */
  values(topic: string): unknown[] {
    return this.decoded(topic).map((m) => m.value);
  }

  /** A class to use in place of kafkajs's `Kafka` (for code that constructs its own client); see {@link kafkaClass}. */
  get Kafka(): typeof import("kafkajs").Kafka {
    return kafkaClass(this);
  }
}

/**
 * Creates an in-memory Kafka broker for a test: topics auto-created with `defaultPartitions` (default 1),
 * Java-client partitioning (murmur2), consumer groups (kafkajs's round-robin assigner through `kafka()`),
 * transactions, at-least-once delivery with an optional retry policy and dead-letter topic, fault injection
 * and a virtual clock (see
 * {@link CreateBrokerOptions}). Throws `TestkitError` `INVALID_ARGUMENT` / `RangeError` for bad options.
 */
export function createBroker(options: CreateBrokerOptions = {}): TestBroker {
  return new TestBroker(options);
}
