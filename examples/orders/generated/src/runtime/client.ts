/**
 * The engine behind a generated client: send (validate → encode → transport), receive (transport → decode →
 * validate → upcast → handler, invalid messages rejected with the reason), request/reply. Generated code
 * describes the contract's channels, messages and operations as data and calls these methods with precise types.
 */
import { randomUUID } from "node:crypto";
import { addressPattern, formatAddress, isComplete, parseAddress, type ParameterValues } from "./address.js";
import { MessagingError, errorText } from "./errors.js";
import { decodeMessage, encodeMessage, type AnyMessage, type DecodedMessage } from "./message.js";
import { createRegistryClient, type RegistryOptions, type SchemaRegistry } from "./registry.js";
import { headerName, parseRuntimeExpression, readExpression, type RuntimeExpression } from "./runtime-expression.js";
import type { Bindings, IncomingMessage, SubscribeRequest, Transport, Unsubscribe, Verdict } from "./transport.js";

/** A channel of the contract: id, address template (with `{parameters}`) and bindings. */
export interface ChannelDefinition {
  readonly id: string;
  readonly address: string;
  readonly bindings: Bindings;
}

/** The reply half of an AsyncAPI 3 request/reply operation. */
export interface ReplyDefinition {
  /** The reply channel, when the contract names one. */
  readonly channel?: ChannelDefinition;
  /** Runtime expression naming where the requester says to reply, e.g. `$message.header#/replyTo`. */
  readonly address?: string;
  readonly messages: readonly AnyMessage[];
}

/** One operation of the contract. */
export interface OperationDefinition {
  readonly id: string;
  readonly action: "send" | "receive";
  readonly channel: ChannelDefinition;
  readonly messages: readonly AnyMessage[];
  /** Channel bindings overlaid with the operation's, per protocol. */
  readonly bindings: Bindings;
  /** The default consumer group: the Kafka binding's `groupId` when the contract fixes one. */
  readonly groupId: string;
  readonly reply?: ReplyDefinition;
}

/** What the generated `createClient` takes. */
export interface ClientOptions {
  /** `kafkaTransport(kafka)`, `natsTransport(connection)`, `amqpTransport(connection)` or your own. */
  readonly transport: Transport;
  /** Schema registry: payloads and typed keys travel in the Confluent wire format (magic byte + schema id). */
  readonly registry?: RegistryOptions | SchemaRegistry;
  /** Told about every message that could not be delivered to a handler (it has been rejected / dead-lettered). */
  readonly onInvalidMessage?: (error: MessagingError, message: IncomingMessage) => void;
  /** How long a request waits for its reply. Default 30 000 ms. */
  readonly replyTimeoutMs?: number;
}

/** Options of a send. */
export interface SendOptions<K, H, P> {
  readonly key?: K;
  readonly headers?: H;
  readonly parameters?: P;
  /** Write an older payload version (through the generated downcasters), for consumers still on it. Default: the latest. */
  readonly version?: number;
}

/** Options of a request (a send that waits for the reply). */
export interface RequestOptions<K, H, P> extends SendOptions<K, H, P> {
  /** Overrides `ClientOptions.replyTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** Options of a subscription. */
export interface ReceiveOptions<P> {
  /** Consumer group; members of one group share the messages. Default: the contract's, else the operation id. */
  readonly groupId?: string;
  /** Fix some channel parameters; the others match any value. */
  readonly parameters?: Partial<P>;
  /** Kafka: a new group starts at the earliest offset (default: latest, as kafkajs). */
  readonly fromBeginning?: boolean;
}

/** What a handler learns about the message besides its payload. */
export interface MessageContext<K, H, P> {
  /** Which of the channel's messages this is. */
  readonly messageName: string;
  readonly key: K | undefined;
  /** The declared headers, decoded and validated. */
  readonly headers: H;
  /** Every header as received. */
  readonly rawHeaders: Readonly<Record<string, string>>;
  /** The concrete address (topic / subject / routing key). */
  readonly channel: string;
  /** The channel parameters read from the address. */
  readonly parameters: P;
  readonly partition?: number;
  readonly offset?: string;
  /** The payload version the producer wrote (the handler gets the latest, upcast). */
  readonly writtenVersion: number;
}

/** Receives decoded, validated payloads; throwing asks the broker to deliver the message again. */
export type MessageHandler<T, K, H, P> = (payload: T, context: MessageContext<K, H, P>) => Promise<void>;

/** Answers a request: the reply payload. */
export type ReplyHandler<T, R, K, H, P> = (payload: T, context: MessageContext<K, H, P>) => Promise<R>;

/** The header that carries a correlation id when the contract names no `correlationId` location. */
export const CORRELATION_HEADER = "correlation-id";
/** The header that carries the reply address when the contract names no `reply.address` location. */
export const REPLY_TO_HEADER = "reply-to";

function mergeBindings(...all: Bindings[]): Bindings {
  const out: Record<string, Record<string, unknown>> = {};
  for (const bindings of all) for (const [protocol, b] of Object.entries(bindings)) out[protocol] = { ...out[protocol], ...b };
  return out;
}

function stringValues(values: ParameterValues | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values ?? {})) if (v !== undefined) out[k] = String(v);
  return out;
}

interface PendingReply {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The client engine. One per `createClient` call; `close()` stops every subscription it opened. */
export class MessagingClient {
  private readonly registry: SchemaRegistry | undefined;
  private readonly subscriptions = new Set<Unsubscribe>();
  private readonly replyInboxes = new Map<string, { ready: Promise<void>; pending: Map<string, PendingReply> }>();

  constructor(private readonly options: ClientOptions) {
    const r = options.registry;
    this.registry = r === undefined ? undefined : "idFor" in r ? r : createRegistryClient(r);
  }

  /** The message of `messages` that `payload` is valid for (the first), else the first (whose error is reported). */
  private pick(messages: readonly AnyMessage[], payload: unknown): AnyMessage {
    if (messages.length === 0) throw new MessagingError("SCHEMA_UNKNOWN", "the operation carries no message");
    return messages.find((m) => m.payload.validate(payload).length === 0) ?? messages[0]!;
  }

  /** Validates, encodes and sends `payload` on the operation's channel. */
  async send<K, H, P>(operation: OperationDefinition, payload: unknown, options: SendOptions<K, H, P> = {}, extraHeaders: Record<string, string> = {}): Promise<void> {
    const address = formatAddress(operation.channel.address, options.parameters as ParameterValues | undefined);
    await this.sendTo(operation.messages, operation.bindings, address, payload, options, extraHeaders);
  }

  private async sendTo<K, H>(messages: readonly AnyMessage[], bindings: Bindings, address: string, payload: unknown, options: { key?: K; headers?: H; version?: number }, extraHeaders: Record<string, string>): Promise<void> {
    const message = this.pick(messages, payload);
    const encoded = await encodeMessage(message, payload, options, address, this.registry);
    await this.options.transport.send({ address, ...(encoded.key ? { key: encoded.key } : {}), value: encoded.value, headers: { ...encoded.headers, ...extraHeaders } }, bindings);
  }

  private subscribeRequest(channel: ChannelDefinition, bindings: Bindings, groupId: string, options: ReceiveOptions<unknown>, ephemeral: boolean): SubscribeRequest {
    const parameters = (options.parameters ?? {}) as ParameterValues;
    const complete = isComplete(channel.address, parameters);
    return {
      template: channel.address,
      ...(complete ? { address: formatAddress(channel.address, parameters) } : {}),
      pattern: addressPattern(channel.address, parameters),
      parameters: stringValues(parameters),
      groupId: options.groupId ?? groupId,
      fromBeginning: options.fromBeginning ?? false,
      ephemeral,
      bindings,
    };
  }

  /** Subscribes `deliver` (decoded messages) to a channel; invalid messages are rejected with the reason. */
  private async listen(
    channel: ChannelDefinition,
    messages: readonly AnyMessage[],
    request: SubscribeRequest,
    deliver: (decoded: DecodedMessage, context: MessageContext<unknown, unknown, unknown>, incoming: IncomingMessage) => Promise<void>,
  ): Promise<Unsubscribe> {
    const unsubscribe = await this.options.transport.subscribe(request, async (incoming): Promise<Verdict> => {
      if (!request.pattern.test(incoming.address)) return { kind: "ack" };
      let decoded: DecodedMessage;
      try {
        decoded = await decodeMessage(messages, incoming, this.registry);
      } catch (e) {
        // A registry outage is transient: ask for redelivery rather than dead-lettering good messages.
        if (e instanceof MessagingError && e.code === "REGISTRY_ERROR") throw e;
        const error = e instanceof MessagingError ? e : new MessagingError("WIRE_FORMAT_INVALID", errorText(e), { cause: e });
        this.options.onInvalidMessage?.(error, incoming);
        return { kind: "reject", reason: error.message };
      }
      const context: MessageContext<unknown, unknown, unknown> = {
        messageName: decoded.message.name,
        key: decoded.key,
        headers: decoded.headers,
        rawHeaders: incoming.headers,
        channel: incoming.address,
        parameters: parseAddress(channel.address, incoming.address) ?? {},
        ...(incoming.partition !== undefined ? { partition: incoming.partition } : {}),
        ...(incoming.offset !== undefined ? { offset: incoming.offset } : {}),
        writtenVersion: decoded.writtenVersion,
      };
      await deliver(decoded, context, incoming);
      return { kind: "ack" };
    });
    let stopped = false;
    const stop: Unsubscribe = async () => {
      if (stopped) return;
      stopped = true;
      this.subscriptions.delete(stop);
      await unsubscribe();
    };
    this.subscriptions.add(stop);
    return stop;
  }

  /** Delivers the operation's messages to `handler` until the returned function is called. */
  receive<T, K, H, P>(operation: OperationDefinition, handler: MessageHandler<T, K, H, P>, options: ReceiveOptions<P> = {}): Promise<Unsubscribe> {
    const request = this.subscribeRequest(operation.channel, operation.bindings, operation.groupId, options, false);
    return this.listen(operation.channel, operation.messages, request, (decoded, context) => handler(decoded.payload as T, context as MessageContext<K, H, P>));
  }

  /** Answers each request of a `receive` operation with a reply with the handler's result. */
  respond<T, R, K, H, P>(operation: OperationDefinition, handler: ReplyHandler<T, R, K, H, P>, options: ReceiveOptions<P> = {}): Promise<Unsubscribe> {
    const reply = operation.reply;
    if (!reply) throw new MessagingError("SCHEMA_UNKNOWN", `operation ${operation.id} has no reply`);
    const request = this.subscribeRequest(operation.channel, operation.bindings, operation.groupId, options, false);
    return this.listen(operation.channel, operation.messages, request, async (decoded, context, incoming) => {
      const answer = await handler(decoded.payload as T, context as MessageContext<K, H, P>);
      const view = { headers: incoming.headers, payload: decoded.payload };
      const addressExpression = parseRuntimeExpression(reply.address);
      const stated = addressExpression ? readExpression(addressExpression, view) : incoming.headers[REPLY_TO_HEADER];
      const address = typeof stated === "string" && stated !== "" ? stated : reply.channel ? formatAddress(reply.channel.address, context.parameters as ParameterValues) : undefined;
      if (address === undefined) throw new MessagingError("PARAMETER_INVALID", `${operation.id}: the request says no reply address`);
      const correlation = readExpression(this.correlationOf(decoded.message), view);
      const replyMessage = this.pick(reply.messages, answer);
      const headers = this.correlationHeaders(replyMessage, correlation);
      // The reply's own header schema may require the correlation header: validate it with it in place.
      await this.sendTo(reply.messages, mergeBindings(reply.channel?.bindings ?? {}), address, answer, { headers }, headers);
    });
  }

  private correlationOf(message: AnyMessage): RuntimeExpression {
    return parseRuntimeExpression(message.correlationId) ?? { source: "header", tokens: [CORRELATION_HEADER] };
  }

  private correlationHeaders(message: AnyMessage, correlation: unknown): Record<string, string> {
    const name = headerName(this.correlationOf(message));
    return name !== undefined && correlation !== undefined ? { [name]: String(correlation) } : {};
  }

  /** The inbox for replies to `address`: subscribed once per client, shared by every request. */
  private inbox(operation: OperationDefinition, reply: ReplyDefinition, address: string): { ready: Promise<void>; pending: Map<string, PendingReply> } {
    let inbox = this.replyInboxes.get(address);
    if (inbox) return inbox;
    const pending = new Map<string, PendingReply>();
    const channel: ChannelDefinition = reply.channel ?? { id: `${operation.id}-reply`, address, bindings: {} };
    const request = this.subscribeRequest({ ...channel, address }, mergeBindings(channel.bindings), `${operation.groupId}-reply-${randomUUID()}`, {}, true);
    const ready = this.listen(channel, reply.messages, request, async (decoded, _context, incoming) => {
      const id = readExpression(this.correlationOf(decoded.message), { headers: incoming.headers, payload: decoded.payload });
      const waiter = pending.get(String(id));
      if (waiter) {
        pending.delete(String(id));
        waiter.resolve(decoded.payload);
      }
    }).then(() => undefined);
    inbox = { ready, pending };
    this.replyInboxes.set(address, inbox);
    ready.catch(() => this.replyInboxes.delete(address));
    return inbox;
  }

  /** Sends a request and resolves with the decoded, validated reply. */
  async request<K, H, P>(operation: OperationDefinition, payload: unknown, options: RequestOptions<K, H, P> = {}): Promise<unknown> {
    const reply = operation.reply;
    if (!reply) throw new MessagingError("SCHEMA_UNKNOWN", `operation ${operation.id} has no reply`);
    const parameters = options.parameters as ParameterValues | undefined;
    const requestAddress = formatAddress(operation.channel.address, parameters);
    const addressExpression = parseRuntimeExpression(reply.address);
    const replyHeader = addressExpression ? headerName(addressExpression) : REPLY_TO_HEADER;
    const fixed = reply.channel && isComplete(reply.channel.address, parameters) ? formatAddress(reply.channel.address, parameters) : undefined;
    const replyAddress = (replyHeader !== undefined ? this.options.transport.replyAddress?.(requestAddress) : undefined) ?? fixed ?? `${requestAddress}.reply`;
    const inbox = this.inbox(operation, reply, replyAddress);
    await inbox.ready;

    const message = this.pick(operation.messages, payload);
    const correlationAt = this.correlationOf(message);
    const stated = readExpression(correlationAt, { headers: (options.headers ?? {}) as Record<string, string>, payload });
    const correlation = stated === undefined ? randomUUID() : String(stated);
    const headers: Record<string, string> = { ...this.correlationHeaders(message, correlation) };
    if (replyHeader !== undefined) headers[replyHeader] = replyAddress;

    const timeoutMs = options.timeoutMs ?? this.options.replyTimeoutMs ?? 30_000;
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        inbox.pending.delete(correlation);
        reject(new MessagingError("REPLY_TIMEOUT", `${operation.id}: no reply on ${replyAddress} within ${timeoutMs} ms`));
      }, timeoutMs);
      inbox.pending.set(correlation, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
    try {
      const withHeaders = { ...options, headers: { ...(options.headers ?? {}), ...headers } };
      await this.sendTo(operation.messages, operation.bindings, requestAddress, payload, withHeaders, headers);
    } catch (e) {
      inbox.pending.get(correlation)?.reject(e);
    }
    return answer;
  }

  /** Stops every subscription this client opened, then closes the transport. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((stop) => stop()));
    for (const inbox of this.replyInboxes.values()) for (const waiter of inbox.pending.values()) waiter.reject(new MessagingError("REPLY_TIMEOUT", "client closed"));
    this.replyInboxes.clear();
    await this.options.transport.close();
  }
}
