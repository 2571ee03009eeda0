/**
 * AMQP 0-9-1 (RabbitMQ) through an amqplib connection. The AMQP channel binding decides where messages go:
 * `is: routingKey` (default) publishes to the binding's exchange (default `amq.topic`) with the address as
 * routing key and consumes from a queue bound to it — named after the consumer group, so members share it;
 * `is: queue` publishes to and consumes from the binding's queue. Rejected messages are `nack`ed without requeue
 * (RabbitMQ dead-letters them when the queue has a dead-letter exchange).
 */
import type { Channel, ConfirmChannel, ConsumeMessage, Options } from "amqplib";
import { wildcardAddress } from "../address.js";
import { KEY_HEADER, bindingsOf, type Bindings, type IncomingMessage, type Transport } from "../transport.js";

/** What {@link amqpTransport} needs of an amqplib connection (`await amqplib.connect(url)`). */
export interface AmqpConnection {
  createChannel(): Promise<Channel>;
  createConfirmChannel(): Promise<ConfirmChannel>;
}

/** Options of {@link amqpTransport}. */
export interface AmqpTransportOptions {
  /** Exchange for channels without an AMQP binding naming one. Default `amq.topic`. */
  readonly exchange?: string;
  /** Publish rejected messages to this exchange (header `x-exception-message`, same routing key) instead of a plain nack. */
  readonly deadLetterExchange?: string;
  /** Unacknowledged messages per subscription. Default 16. */
  readonly prefetch?: number;
}

interface ExchangeBinding {
  readonly name?: string;
  readonly type?: string;
  readonly durable?: boolean;
  readonly autoDelete?: boolean;
}

interface QueueBinding {
  readonly name?: string;
  readonly durable?: boolean;
  readonly exclusive?: boolean;
  readonly autoDelete?: boolean;
}

interface AmqpBinding {
  readonly is: "routingKey" | "queue";
  readonly exchange: ExchangeBinding;
  readonly queue: QueueBinding;
  readonly deliveryMode?: number;
  readonly priority?: number;
  readonly expiration?: number;
}

function objectAt(b: { readonly [key: string]: unknown }, key: string): { readonly [key: string]: unknown } {
  const v = b[key];
  return typeof v === "object" && v !== null ? (v as { readonly [key: string]: unknown }) : {};
}

/** The AMQP channel/operation binding (AsyncAPI AMQP bindings 0.3.0) with its documented defaults. */
function amqpBinding(bindings: Bindings): AmqpBinding {
  const b = bindingsOf(bindings, "amqp");
  const exchange = objectAt(b, "exchange");
  const queue = objectAt(b, "queue");
  const str = (o: { readonly [key: string]: unknown }, k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  const bool = (o: { readonly [key: string]: unknown }, k: string) => (typeof o[k] === "boolean" ? (o[k] as boolean) : undefined);
  const num = (k: string) => (typeof b[k] === "number" ? (b[k] as number) : undefined);
  const exchangeName = str(exchange, "name");
  const exchangeType = str(exchange, "type");
  const exchangeDurable = bool(exchange, "durable");
  const exchangeAutoDelete = bool(exchange, "autoDelete");
  const queueName = str(queue, "name");
  const queueDurable = bool(queue, "durable");
  const queueExclusive = bool(queue, "exclusive");
  const queueAutoDelete = bool(queue, "autoDelete");
  const deliveryMode = num("deliveryMode");
  const priority = num("priority");
  const expiration = num("expiration");
  return {
    is: b["is"] === "queue" ? "queue" : "routingKey",
    exchange: {
      ...(exchangeName !== undefined ? { name: exchangeName } : {}),
      ...(exchangeType !== undefined ? { type: exchangeType } : {}),
      ...(exchangeDurable !== undefined ? { durable: exchangeDurable } : {}),
      ...(exchangeAutoDelete !== undefined ? { autoDelete: exchangeAutoDelete } : {}),
    },
    queue: {
      ...(queueName !== undefined ? { name: queueName } : {}),
      ...(queueDurable !== undefined ? { durable: queueDurable } : {}),
      ...(queueExclusive !== undefined ? { exclusive: queueExclusive } : {}),
      ...(queueAutoDelete !== undefined ? { autoDelete: queueAutoDelete } : {}),
    },
    ...(deliveryMode !== undefined ? { deliveryMode } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(expiration !== undefined ? { expiration } : {}),
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function headersOf(message: ConsumeMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((message.properties.headers ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

/** A {@link Transport} over amqplib. Channel parameters become topic-exchange `*` words (else `#` and a filter). */
export function amqpTransport(connection: AmqpConnection, options: AmqpTransportOptions = {}): Transport {
  let publisher: Promise<ConfirmChannel> | undefined;
  const asserted = new Set<string>();
  const confirmChannel = (): Promise<ConfirmChannel> => (publisher ??= connection.createConfirmChannel());

  const exchangeOf = async (channel: Channel, binding: AmqpBinding): Promise<string> => {
    const name = binding.exchange.name ?? options.exchange ?? "amq.topic";
    if (name === "" || name.startsWith("amq.") || asserted.has(`x:${name}`)) return name;
    await channel.assertExchange(name, binding.exchange.type ?? "topic", { durable: binding.exchange.durable ?? true, autoDelete: binding.exchange.autoDelete ?? false });
    asserted.add(`x:${name}`);
    return name;
  };

  const publish = async (exchange: string, routingKey: string, content: Uint8Array, headers: Record<string, string>, binding: AmqpBinding): Promise<void> => {
    const channel = await confirmChannel();
    const publishOptions: Options.Publish = {
      headers,
      ...(binding.deliveryMode !== undefined ? { deliveryMode: binding.deliveryMode } : {}),
      ...(binding.priority !== undefined ? { priority: binding.priority } : {}),
      ...(binding.expiration !== undefined ? { expiration: String(binding.expiration) } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      channel.publish(exchange, routingKey, toBuffer(content), publishOptions, (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
    });
  };

  return {
    protocol: "amqp",
    async send(message, bindings) {
      const binding = amqpBinding(bindings);
      const headers = { ...message.headers, ...(message.key ? { [KEY_HEADER]: Buffer.from(message.key).toString("utf8") } : {}) };
      const channel = await confirmChannel();
      if (binding.is === "queue") {
        const queue = binding.queue.name ?? message.address;
        if (!asserted.has(`q:${queue}`)) {
          await channel.assertQueue(queue, { durable: binding.queue.durable ?? true, exclusive: false, autoDelete: binding.queue.autoDelete ?? false });
          asserted.add(`q:${queue}`);
        }
        await publish("", queue, message.value, headers, binding);
      } else await publish(await exchangeOf(channel, binding), message.address, message.value, headers, binding);
    },
    async subscribe(request, deliver) {
      const binding = amqpBinding(request.bindings);
      const channel = await connection.createChannel();
      await channel.prefetch(options.prefetch ?? 16);
      let queue: string;
      if (binding.is === "queue") {
        queue = binding.queue.name ?? request.address ?? request.template;
        await channel.assertQueue(queue, { durable: binding.queue.durable ?? true, autoDelete: binding.queue.autoDelete ?? false });
      } else {
        const name = request.ephemeral ? "" : (binding.queue.name ?? request.groupId);
        const ok = await channel.assertQueue(name, request.ephemeral ? { exclusive: true, autoDelete: true, durable: false } : { durable: binding.queue.durable ?? true, exclusive: binding.queue.exclusive ?? false, autoDelete: binding.queue.autoDelete ?? false });
        queue = ok.queue;
        const pattern = request.address ?? wildcardAddress(request.template, request.parameters, "*") ?? "#";
        await channel.bindQueue(queue, await exchangeOf(channel, binding), pattern);
      }
      // amqplib calls back for every message at once: settle them in order, one at a time.
      let tail = Promise.resolve();
      const settle = async (m: ConsumeMessage): Promise<void> => {
        const headers = headersOf(m);
        const key = headers[KEY_HEADER];
        const incoming: IncomingMessage = { address: m.fields.routingKey, value: m.content, headers, ...(key !== undefined ? { key: Buffer.from(key, "utf8") } : {}) };
        try {
          const verdict = await deliver(incoming);
          if (verdict.kind === "ack") return channel.ack(m);
          if (options.deadLetterExchange !== undefined) {
            await publish(options.deadLetterExchange, m.fields.routingKey, m.content, { ...headers, "x-exception-message": verdict.reason }, binding);
            return channel.ack(m);
          }
          channel.nack(m, false, false);
        } catch {
          channel.nack(m, false, true);
        }
      };
      const { consumerTag } = await channel.consume(queue, (m) => {
        if (m) tail = tail.then(() => settle(m));
      });
      return async () => {
        await channel.cancel(consumerTag);
        await tail;
        await channel.close();
      };
    },
    async close() {
      const p = publisher;
      publisher = undefined;
      if (p) await (await p).close();
    },
  };
}
