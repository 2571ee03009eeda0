/**
 * A contract message as the generated client handles it: its payload serde and version history (upcasters),
 * key and header codecs; and the two directions — encode for a send (validate, encode, frame in the Confluent
 * wire format when a registry is in use) and decode for a delivery (unframe, find the written version, decode,
 * validate, upcast to the latest version, validate again).
 */
import { MessagingError, PayloadValidationError, errorText } from "./errors.js";
import type { SchemaRegistry } from "./registry.js";
import { untypedKeySerde, type HeaderCodec, type PayloadVersion, type Serde } from "./serde.js";
import type { IncomingMessage } from "./transport.js";
import { frame, isFramed, unframe } from "./wire-format.js";

/**
 * The header that carries the payload's version when no registry frames it (JSON, Avro or Protobuf without
 * the wire format): the message's version number in its history (`1` = the oldest known).
 */
export const VERSION_HEADER = "schema-version";

/** One message of the contract. `P` payload, `K` Kafka key, `H` headers (the generated types). */
export interface MessageDefinition<P, K, H> {
  /** The contract's message name, e.g. `OrderCreated`. */
  readonly name: string;
  readonly contentType?: string;
  /** The latest payload version. */
  readonly payload: Serde<P>;
  /** The latest version's number (1 when the package was generated without a history). */
  readonly version: number;
  /** Older payload versions, oldest first, each with its chain of upcasters to the latest. */
  readonly history: readonly PayloadVersion<P>[];
  readonly key?: Serde<K>;
  readonly headers?: HeaderCodec<H>;
  /** The registry subjects the package was generated with (Charter's derived subjects), when known. */
  readonly subjects?: { readonly value?: string; readonly key?: string };
  /** Where the correlation id lives (`$message.header#/correlationId`), when the contract says. */
  readonly correlationId?: string;
}

/** Any message definition, whatever its types. */
export type AnyMessage = MessageDefinition<unknown, unknown, unknown>;

/** The encoded parts of one outgoing message. */
export interface EncodedMessage {
  readonly value: Uint8Array;
  readonly key?: Uint8Array;
  readonly headers: Record<string, string>;
}

/** Throws {@link PayloadValidationError} when `serde` finds issues in `value`. */
export function check(messageName: string, part: "payload" | "key" | "headers", serde: { validate(value: unknown): readonly { path: string; message: string }[] }, value: unknown): void {
  const issues = serde.validate(value);
  if (issues.length > 0) throw new PayloadValidationError(messageName, part, issues);
}

async function encodePart<T>(serde: Serde<T>, value: T, registry: SchemaRegistry | undefined, subject: () => string): Promise<Uint8Array> {
  const bytes = serde.encode(value);
  if (!registry || !serde.schema) return bytes;
  const id = await registry.idFor(subject(), serde.schema);
  return frame(id, bytes, serde.schema.type === "PROTOBUF" ? (serde.schema.messageIndexes ?? [0]) : undefined);
}

/**
 * Validates and encodes one message for `address`. With a registry, payload (and typed key) are framed with
 * their schema id (looked up once, cached); without, the {@link VERSION_HEADER} header says the version.
 * @throws PayloadValidationError before anything is encoded when payload, key or headers are invalid.
 */
export async function encodeMessage<P, K, H>(
  message: MessageDefinition<P, K, H>,
  payload: P,
  parts: { readonly key?: K; readonly headers?: H; readonly version?: number },
  address: string,
  registry: SchemaRegistry | undefined,
): Promise<EncodedMessage> {
  const keySerde = (message.key ?? untypedKeySerde) as Serde<K>;
  check(message.name, "payload", message.payload, payload);
  if (parts.version !== undefined && parts.version !== message.version) return encodeOlder(message, payload, { ...parts, version: parts.version }, address, registry);
  if (parts.key !== undefined) check(message.name, "key", keySerde, parts.key);
  if (message.headers) check(message.name, "headers", message.headers, parts.headers ?? {});
  const subject = (role: "value" | "key") => () =>
    registry!.subjectOf({ messageName: message.name, address, role, ...(message.subjects?.[role] !== undefined ? { generated: message.subjects[role] } : {}) });
  const value = await encodePart(message.payload, payload, registry, subject("value"));
  const key = parts.key !== undefined ? await encodePart(keySerde, parts.key, registry, subject("key")) : undefined;
  // Undeclared headers (the contract has no headers schema) travel as given.
  const headers = parts.headers === undefined ? {} : message.headers ? message.headers.encode(parts.headers) : { ...(parts.headers as Record<string, string>) };
  if (!registry || !message.payload.schema) headers[VERSION_HEADER] = String(message.version);
  return { value, ...(key ? { key } : {}), headers };
}

/**
 * Encodes `payload` (a latest-version value) as an older `version` of the message, through the downcasters, for
 * consumers that have not moved on. Errors: `SCHEMA_UNKNOWN` when the version is unknown or has no downcaster.
 */
async function encodeOlder<P, K, H>(
  message: MessageDefinition<P, K, H>,
  payload: P,
  parts: { readonly key?: K; readonly headers?: H; readonly version: number },
  address: string,
  registry: SchemaRegistry | undefined,
): Promise<EncodedMessage> {
  const older = message.history.find((v) => v.version === parts.version);
  if (!older?.fromLatest) throw new MessagingError("SCHEMA_UNKNOWN", `${message.name} has no downcaster to version ${parts.version}`);
  const value = older.fromLatest(payload);
  check(`${message.name} v${parts.version}`, "payload", older.serde, value);
  const asVersion: MessageDefinition<unknown, K, H> = { ...message, payload: older.serde, version: older.version, history: [], ...(message.subjects ? { subjects: message.subjects } : {}) };
  return encodeMessage(asVersion, value, { ...(parts.key !== undefined ? { key: parts.key } : {}), ...(parts.headers !== undefined ? { headers: parts.headers } : {}) }, address, registry);
}

/** A delivery decoded: which message, its payload at the latest version, key and headers. */
export interface DecodedMessage {
  readonly message: AnyMessage;
  readonly payload: unknown;
  readonly key: unknown;
  readonly headers: unknown;
  /** The version the producer wrote. */
  readonly writtenVersion: number;
}

/** How to read a payload written with one registry schema id. */
interface IdResolution {
  readonly message: AnyMessage;
  readonly version: PayloadVersion<unknown>;
  readonly decode: (bytes: Uint8Array) => unknown;
}

/** Text of a schema for comparing registry schemas with the package's: JSON with sorted keys, else whitespace-collapsed. */
export function normalizeSchema(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), (_, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
    );
  } catch {
    return text.replace(/\s+/g, " ").trim();
  }
}

/** Every version of a message, newest first (the latest with an identity upcast). */
function versionsOf(message: AnyMessage): PayloadVersion<unknown>[] {
  return [{ version: message.version, serde: message.payload, toLatest: (v) => v }, ...[...message.history].reverse()];
}

const resolutions = new WeakMap<readonly AnyMessage[], Map<number, Promise<IdResolution>>>();

async function resolveId(messages: readonly AnyMessage[], id: number, registry: SchemaRegistry): Promise<IdResolution> {
  const { schema } = await registry.schemaById(id);
  const wanted = normalizeSchema(schema);
  for (const message of messages) {
    for (const version of versionsOf(message)) {
      if (version.serde.schema && normalizeSchema(version.serde.schema.text) === wanted) return { message, version, decode: (b) => version.serde.decode(b) };
    }
  }
  // An Avro writer schema this package has not seen: Avro schema resolution into the latest version.
  for (const message of messages) {
    const resolver = message.payload.resolver;
    if (!resolver) continue;
    try {
      const decode = resolver(schema);
      return { message, version: versionsOf(message)[0]!, decode };
    } catch {
      // not resolvable into this message; try the next one
    }
  }
  throw new MessagingError("SCHEMA_UNKNOWN", `schema id ${id} is none of ${messages.map((m) => m.name).join(", ")} (nor readable as one)`);
}

function cachedResolution(messages: readonly AnyMessage[], id: number, registry: SchemaRegistry): Promise<IdResolution> {
  let byId = resolutions.get(messages);
  if (!byId) resolutions.set(messages, (byId = new Map()));
  let found = byId.get(id);
  if (!found) {
    found = resolveId(messages, id, registry);
    byId.set(id, found);
    found.catch(() => byId.delete(id));
  }
  return found;
}

/** Decodes and validates with one version; the latest-version value, or the reason it is not valid. */
function readVersion(message: AnyMessage, version: PayloadVersion<unknown>, decode: (b: Uint8Array) => unknown, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: MessagingError } {
  try {
    const written = decode(bytes);
    const issues = version.serde.validate(written);
    if (issues.length > 0) return { ok: false, error: new PayloadValidationError(`${message.name} v${version.version}`, "payload", issues) };
    const latest = version.toLatest(written);
    if (version.version !== message.version) {
      const after = message.payload.validate(latest);
      if (after.length > 0) return { ok: false, error: new PayloadValidationError(`${message.name} (upcast from v${version.version})`, "payload", after) };
    }
    return { ok: true, value: latest };
  } catch (e) {
    return { ok: false, error: e instanceof MessagingError ? e : new MessagingError("WIRE_FORMAT_INVALID", `${message.name}: ${errorText(e)}`, { cause: e }) };
  }
}

async function decodePayload(messages: readonly AnyMessage[], incoming: IncomingMessage, registry: SchemaRegistry | undefined): Promise<{ message: AnyMessage; value: unknown; version: number }> {
  const value = incoming.value;
  const framedCandidate = messages.some((m) => m.payload.schema) && isFramed(value);
  if (framedCandidate && registry) {
    const protobuf = messages.some((m) => m.payload.format === "protobuf");
    const wire = unframe(value, protobuf);
    const resolution = await cachedResolution(messages, wire.schemaId, registry);
    const read = readVersion(resolution.message, resolution.version, resolution.decode, wire.payload);
    if (!read.ok) throw read.error;
    return { message: resolution.message, value: read.value, version: resolution.version.version };
  }
  if (framedCandidate && messages.every((m) => m.payload.format !== "json")) {
    throw new MessagingError("SCHEMA_UNKNOWN", "message is in the Confluent wire format but the client has no registry configured");
  }
  const header = Number(incoming.headers[VERSION_HEADER]);
  let firstError: MessagingError | undefined;
  for (const message of messages) {
    const versions = versionsOf(message);
    const stated = versions.find((v) => v.version === header);
    // The stated version only; without a (known) header, the newest version that reads the bytes.
    for (const version of stated ? [stated] : versions) {
      const read = readVersion(message, version, (b) => version.serde.decode(b), value);
      if (read.ok) return { message, value: read.value, version: version.version };
      firstError ??= read.error;
    }
  }
  throw firstError ?? new MessagingError("SCHEMA_UNKNOWN", "no message of this channel");
}

function decodeKey(message: AnyMessage, key: Uint8Array | undefined, registry: SchemaRegistry | undefined): unknown {
  if (key === undefined) return undefined;
  const serde = message.key;
  if (!serde) return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("utf8");
  const bytes = serde.schema && registry && isFramed(key) ? unframe(key, serde.format === "protobuf").payload : key;
  const value = serde.decode(bytes);
  check(message.name, "key", serde, value);
  return value;
}

/**
 * Decodes a delivery against the channel's `messages`. With a registry, the schema id of a framed payload picks
 * the message and version (ids resolved once and cached); otherwise the {@link VERSION_HEADER} header, else the
 * newest version of the first message that validates. The payload is upcast to the latest version and validated.
 * @throws MessagingError (`PAYLOAD_INVALID`, `WIRE_FORMAT_INVALID`, `SCHEMA_UNKNOWN`, `UPCASTER_NOT_IMPLEMENTED`,
 * `REGISTRY_ERROR`) when it cannot be delivered.
 */
export async function decodeMessage(messages: readonly AnyMessage[], incoming: IncomingMessage, registry: SchemaRegistry | undefined): Promise<DecodedMessage> {
  const { message, value, version } = await decodePayload(messages, incoming, registry);
  const key = decodeKey(message, incoming.key, registry);
  let headers: unknown = incoming.headers;
  if (message.headers) {
    headers = message.headers.decode(incoming.headers);
    check(message.name, "headers", message.headers, headers);
  }
  return { message, payload: value, key, headers, writtenVersion: version };
}
