import type { MessageHeaders } from "./types.js";

/** A record on its way into a bound topic: bytes as the producer gave them. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: MessageHeaders;
}

/** What a binding stores: the log bytes, and what consumers are handed. */
export interface EncodedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Key bytes consumers receive. */
  readonly consumerKey: Buffer | null;
  /** Value bytes consumers receive (e.g. the decoded JSON of a wire-format value). */
  readonly consumerValue: Buffer | null;
}

/**
 * A per-topic hook on the produce path (the contract binding is one). `encode` validates and encodes one
 * record and throws a `TestkitError` (`CONTRACT_VIOLATION`) to refuse it; the broker stores nothing of a send
 * when any of its records is refused.
 */
export interface TopicBinding {
  /** Human-readable origin, e.g. `registry http://…/subjects/orders-value` or `file ./order.avsc`. */
  readonly description: string;
  encode(record: OutgoingRecord): EncodedRecord | Promise<EncodedRecord>;
  /** Decodes log bytes to a JS value for assertions (matchers, `broker.values`). */
  decodeValue(value: Buffer): unknown;
}
