/**
 * NATS JetStream through a `nats` connection: sends go to the stream that captures the subject (core NATS when
 * none does, as for reply inboxes); each subscription is a durable pull consumer named after the consumer group,
 * so group members share its messages. Rejected messages are terminated with the reason (`term(reason)`).
 */
import { randomUUID } from "node:crypto";
import type { JsMsg, MsgHdrs, NatsConnection, Subscription } from "nats";
import { MessagingError, errorText } from "../errors.js";
import { wildcardAddress } from "../address.js";
import { KEY_HEADER, type IncomingMessage, type Transport } from "../transport.js";

/** Options of {@link natsTransport}. */
export interface NatsTransportOptions {
  /** The stream to consume from. Default: the stream whose subjects capture the channel (`streams.find`). */
  readonly stream?: string;
  /** Also publish rejected messages to this subject (with header `exception-message`) before terminating them. */
  readonly deadLetterSubject?: (subject: string) => string;
}

type Nats = typeof import("nats");
let natsModule: Promise<Nats> | undefined;
/** `nats` is a peer dependency: loaded on first use, so the package imports without it. */
const nats = (): Promise<Nats> => (natsModule ??= import("nats"));

function headersOf(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}

/** A JetStream durable name from a consumer group: letters, digits, `-` and `_` only. */
export function durableName(groupId: string): string {
  return groupId.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** A {@link Transport} over NATS JetStream. Channel parameters become `*` tokens (else `>` and a filter). */
export function natsTransport(connection: NatsConnection, options: NatsTransportOptions = {}): Transport {
  const js = connection.jetstream();
  const jsm = connection.jetstreamManager();
  const streamOf = new Map<string, Promise<string | undefined>>();
  const findStream = (subject: string): Promise<string | undefined> => {
    let found = streamOf.get(subject);
    if (!found) {
      found = jsm.then((m) => m.streams.find(subject)).catch(() => undefined);
      streamOf.set(subject, found);
    }
    return found;
  };

  const publish = async (subject: string, data: Uint8Array, fields: Record<string, string>): Promise<void> => {
    const h = (await nats()).headers();
    for (const [k, v] of Object.entries(fields)) h.set(k, v);
    if (options.stream !== undefined || (await findStream(subject)) !== undefined) await js.publish(subject, data, { headers: h });
    else connection.publish(subject, data, { headers: h });
  };

  const incomingOf = (subject: string, data: Uint8Array, h: MsgHdrs | undefined, seq?: number): IncomingMessage => {
    const headers = headersOf(h);
    const key = headers[KEY_HEADER];
    return { address: subject, value: data, headers, ...(key !== undefined ? { key: Buffer.from(key, "utf8") } : {}), ...(seq !== undefined ? { offset: String(seq) } : {}) };
  };

  return {
    protocol: "nats",
    async send(message) {
      const fields = { ...message.headers, ...(message.key ? { [KEY_HEADER]: Buffer.from(message.key).toString("utf8") } : {}) };
      await publish(message.address, message.value, fields);
    },
    async subscribe(request, deliver) {
      const subject = request.address ?? wildcardAddress(request.template, request.parameters, "*") ?? ">";
      if (request.ephemeral) {
        const sub: Subscription = connection.subscribe(subject);
        const loop = (async () => {
          for await (const m of sub) await deliver(incomingOf(m.subject, m.data, m.headers)).catch(() => undefined);
        })();
        return async () => {
          sub.unsubscribe();
          await loop;
        };
      }
      const { AckPolicy, DeliverPolicy } = await nats();
      const manager = await jsm;
      const stream = options.stream ?? (await findStream(subject));
      if (stream === undefined) {
        throw new MessagingError("PARAMETER_INVALID", `no JetStream stream captures ${subject}: create one, or pass natsTransport(connection, { stream })`);
      }
      const durable = durableName(request.groupId);
      try {
        await manager.consumers.add(stream, {
          durable_name: durable,
          filter_subject: subject,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: request.fromBeginning ? DeliverPolicy.All : DeliverPolicy.New,
        });
      } catch (e) {
        // An existing durable of the same group is reused as it is.
        await manager.consumers.info(stream, durable).catch(() => {
          throw new MessagingError("PARAMETER_INVALID", `cannot create JetStream consumer ${durable} on ${stream}: ${errorText(e)}`);
        });
      }
      const consumer = await js.consumers.get(stream, durable);
      const messages = await consumer.consume();
      const settle = async (m: JsMsg): Promise<void> => {
        try {
          const verdict = await deliver(incomingOf(m.subject, m.data, m.headers, m.seq));
          if (verdict.kind === "ack") return m.ack();
          if (options.deadLetterSubject) await publish(options.deadLetterSubject(m.subject), m.data, { ...headersOf(m.headers), "exception-message": verdict.reason });
          m.term(verdict.reason);
        } catch {
          m.nak();
        }
      };
      const loop = (async () => {
        for await (const m of messages) await settle(m);
      })();
      return async () => {
        await messages.close();
        await loop;
      };
    },
    replyAddress: () => `_INBOX.${randomUUID().replace(/-/g, "")}`,
    async close() {
      // The connection is the caller's; consumers were stopped by their unsubscribe functions.
    },
  };
}
