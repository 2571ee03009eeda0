import type { Broker } from "../broker/broker.js";
import type { BrokerMessage } from "../broker/types.js";
import { lenientJson } from "./bind-contract.js";

/**
 * A produced message as assertions see it: `key` as a UTF-8 string, `value` decoded (through the topic's
 * contract binding — wire format included — else JSON-parsed text, else the string), header values as
 * strings (arrays for repeated headers).
 */
export interface DecodedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: unknown;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly timestamp: number;
}

/** Decodes one stored message for assertions (see {@link DecodedMessage}). */
export function decodeMessage(broker: Broker, m: BrokerMessage): DecodedMessage {
  const binding = broker.bindingOf(m.topic);
  const headers: Record<string, string | string[]> = {};
  for (const [name, v] of Object.entries(m.headers)) {
    if (v === undefined) continue;
    headers[name] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.toString("utf8"),
    value: m.value === null ? null : binding ? binding.decodeValue(m.value) : lenientJson(m.value),
    headers,
    timestamp: m.timestamp,
  };
}
