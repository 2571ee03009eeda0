/**
 * What a generated client needs from a broker: send bytes to an address, and deliver the bytes of a
 * subscription with an outcome. `kafkaTransport`, `natsTransport` and `amqpTransport` implement it; anything
 * else can too (an in-memory test double, another broker).
 */

/** Protocol bindings as the contract writes them (`bindings.kafka`, `bindings.amqp` …), per protocol name. */
export type Bindings = { readonly [protocol: string]: { readonly [key: string]: unknown } | undefined };

/** One message to send: bytes already encoded (and framed when a registry is in use). */
export interface OutgoingMessage {
  /** The concrete address: Kafka topic, NATS subject, AMQP routing key. */
  readonly address: string;
  readonly key?: Uint8Array;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** One message received. */
export interface IncomingMessage {
  readonly address: string;
  readonly key?: Uint8Array;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** Kafka partition. */
  readonly partition?: number;
  /** Kafka offset (a decimal string, as kafkajs gives it) or the JetStream stream sequence. */
  readonly offset?: string;
}

/**
 * What became of a delivered message: `ack` (done) or `reject` (never deliver again: dead-letter it where the
 * broker can, with `reason`). A delivery function that throws asks for redelivery instead.
 */
export type Verdict = { readonly kind: "ack" } | { readonly kind: "reject"; readonly reason: string };

/** A subscription to a channel. */
export interface SubscribeRequest {
  /** The channel's address template, e.g. `orders.{region}`. */
  readonly template: string;
  /** The concrete address when every parameter is known; otherwise use `pattern` (or a wildcard). */
  readonly address?: string;
  /** Matches every address the subscription covers. */
  readonly pattern: RegExp;
  /** Known parameter values (those the caller fixed). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Consumer group (Kafka), durable consumer (JetStream), queue (AMQP); members share the messages. */
  readonly groupId: string;
  /** Kafka: start a new group at the earliest offset. JetStream: deliver the stream's existing messages. */
  readonly fromBeginning: boolean;
  /** A private, short-lived subscription (replies): no durable state left behind. */
  readonly ephemeral: boolean;
  /** Channel and operation bindings of the contract, merged per protocol (operation wins). */
  readonly bindings: Bindings;
}

/** Stops a subscription; resolves once no more messages will be delivered. */
export type Unsubscribe = () => Promise<void>;

/** A broker connection as the generated client uses it. */
export interface Transport {
  /** `kafka`, `nats`, `amqp`, or the name of another implementation. */
  readonly protocol: string;
  /** Sends one message. Rejects when the broker refused it. */
  send(message: OutgoingMessage, bindings: Bindings): Promise<void>;
  /**
   * Delivers every message of the subscription to `deliver`, one at a time per partition/consumer, and
   * settles it by the verdict: `ack`, or `reject` (dead-letter / terminate, with the reason). When `deliver`
   * throws the message is delivered again (Kafka: the consumer retries; JetStream: nak; AMQP: nack requeue).
   * Resolves once the subscription is active.
   */
  subscribe(request: SubscribeRequest, deliver: (message: IncomingMessage) => Promise<Verdict>): Promise<Unsubscribe>;
  /** An address only this process listens on (NATS inbox), for replies the contract leaves to the requester. */
  replyAddress?(base: string): string;
  /** Releases what the transport opened itself (producers, channels); the connection stays the caller's. */
  close(): Promise<void>;
}

/** The bindings of one protocol, or an empty object. */
export function bindingsOf(bindings: Bindings, protocol: string): { readonly [key: string]: unknown } {
  return bindings[protocol] ?? {};
}

/** A string binding value, when present. */
export function stringBinding(bindings: { readonly [key: string]: unknown }, key: string): string | undefined {
  const v = bindings[key];
  return typeof v === "string" ? v : undefined;
}

/** The header that carries the message key on brokers whose messages have none (NATS, AMQP). */
export const KEY_HEADER = "message-key";
