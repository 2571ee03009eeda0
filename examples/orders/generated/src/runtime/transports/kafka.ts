/**
 * Kafka through a kafkajs `Kafka` instance (or anything with its shape, such as `@charter/testkit`'s
 * `broker.kafka()`): one producer per transport, one consumer per subscription. Rejected messages go to a
 * dead-letter topic with Spring Kafka's `DeadLetterPublishingRecoverer` conventions.
 */
import type { Consumer, IHeaders, Kafka, Producer, ProducerConfig } from "kafkajs";
import type { IncomingMessage, Transport } from "../transport.js";

/** Options of {@link kafkaTransport}. */
export interface KafkaTransportOptions {
  /**
   * Where rejected messages (invalid payload, unknown schema) go: a function of the topic, or `false` to
   * drop them. Default `<topic>.DLT` (Spring Kafka's default), with headers `kafka_dlt-original-topic`,
   * `kafka_dlt-original-partition`, `kafka_dlt-original-offset` and `kafka_dlt-exception-message`.
   */
  readonly deadLetterTopic?: ((topic: string) => string) | false;
  /** Passed to `kafka.producer()`. */
  readonly producer?: ProducerConfig;
  /** How long a subscription waits for its consumer to join the group before resolving anyway. Default 10 000 ms. */
  readonly joinTimeoutMs?: number;
}

/** The text of a kafkajs header value (the last one when the header repeats). */
function headerText(value: IHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[value.length - 1] : value;
  return first === undefined ? undefined : typeof first === "string" ? first : first.toString("utf8");
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A {@link Transport} over kafkajs. Channel addresses are topics; parameters become a topic RegExp. */
export function kafkaTransport(kafka: Kafka, options: KafkaTransportOptions = {}): Transport {
  let producer: Promise<Producer> | undefined;
  const connected = (): Promise<Producer> =>
    (producer ??= (async () => {
      const p = kafka.producer(options.producer);
      await p.connect();
      return p;
    })());
  const deadLetter = options.deadLetterTopic === false ? undefined : (options.deadLetterTopic ?? ((topic: string) => `${topic}.DLT`));

  return {
    protocol: "kafka",
    async send(message) {
      const p = await connected();
      await p.send({
        topic: message.address,
        messages: [{ key: message.key ? toBuffer(message.key) : null, value: toBuffer(message.value), headers: { ...message.headers } }],
      });
    },
    async subscribe(request, deliver) {
      const consumer: Consumer = kafka.consumer({ groupId: request.groupId });
      await consumer.connect();
      let joined: () => void = () => undefined;
      const join = new Promise<void>((resolve) => (joined = resolve));
      const removeListener = consumer.on(consumer.events.GROUP_JOIN, () => joined());
      await consumer.subscribe({ topics: [request.address ?? request.pattern], fromBeginning: request.fromBeginning });
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            const text = headerText(value);
            if (text !== undefined) headers[name] = text;
          }
          const incoming: IncomingMessage = {
            address: topic,
            ...(message.key ? { key: message.key } : {}),
            value: message.value ?? Buffer.alloc(0),
            headers,
            partition,
            offset: message.offset,
          };
          // A throw propagates to kafkajs: the offset is not committed and the message comes again.
          const verdict = await deliver(incoming);
          if (verdict.kind === "reject" && deadLetter) {
            const p = await connected();
            await p.send({
              topic: deadLetter(topic),
              messages: [
                {
                  key: message.key,
                  value: message.value,
                  headers: {
                    ...message.headers,
                    "kafka_dlt-original-topic": topic,
                    "kafka_dlt-original-partition": String(partition),
                    "kafka_dlt-original-offset": message.offset,
                    "kafka_dlt-exception-message": verdict.reason,
                  },
                },
              ],
            });
          }
        },
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([join, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.joinTimeoutMs ?? 10_000)))]);
      clearTimeout(timer);
      removeListener();
      return async () => {
        await consumer.disconnect();
      };
    },
    async close() {
      const p = producer;
      producer = undefined;
      if (p) await (await p).disconnect();
    },
  };
}
