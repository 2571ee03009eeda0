import { readFile, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import {
  asAsyncApiModel,
  getFormat,
  protobufMessageIndexes,
  type AsyncApiMessage,
  type AsyncApiModel,
  type Format,
  type ParsedSchema,
  type PayloadOptions,
  type SchemaType,
  type Violation,
} from "@charter/contracts";
import { TestkitError } from "../errors.js";
import { RegistryClient } from "./registry-client.js";

/**
 * A contract held by a schema registry (Confluent REST API). `subject` binds values (default
 * `<topic>-value`, Confluent's `TopicNameStrategy`), `keySubject` binds keys (default: keys unbound).
 */
export interface RegistryContract {
  readonly registryUrl: string;
  readonly subject?: string;
  readonly keySubject?: string;
  /** Version of the subject(s) to bind. Default `latest`. */
  readonly version?: number | "latest";
  /** Extra request headers (e.g. `authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * What consumers receive: `decoded` (default) — the JSON text of the decoded value — or `wire`, the
   * Confluent wire-format bytes as on the log (for services that decode with a registry client themselves).
   */
  readonly consumers?: "decoded" | "wire";
  /** Protobuf: the message type, by full name. Default: the first message of the file. */
  readonly message?: string;
}

/**
 * A contract in a local file: Avro (`.avsc`), JSON Schema (`.json`, `.schema.json`), Protobuf (`.proto`) or
 * AsyncAPI (`.yaml`/`.yml`, or `.json` with an `asyncapi` field). `message` picks the AsyncAPI message (its id
 * in `channel.messages`/`components.messages`, or its `name`) or the Protobuf message type (full name).
 */
export interface FileContract {
  readonly file: string;
  readonly message?: string;
  /** AsyncAPI: narrows `message` to one channel id (when several channels carry a message of that id). */
  readonly channel?: string;
  /** Schema type, when the file extension does not say it. */
  readonly type?: SchemaType;
}

/** Where a contract comes from: a registry subject or a local file. */
export type ContractSource = RegistryContract | FileContract;

/** One schema of a loaded contract, ready to validate, encode and decode payloads. */
export interface ContractSchema {
  readonly parsed: ParsedSchema;
  readonly format: Format;
  readonly options: PayloadOptions;
  /** Registry schema id (registry contracts only). */
  readonly schemaId?: number;
  /** Protobuf message indexes for the wire-format header. */
  readonly messageIndexes?: readonly number[];
  /** `subject "orders-value" version 3 (id 7) at http://…` or `file ./order.avsc`. */
  readonly origin: string;
  /** The JSON value of the schema (JSON Schema / Avro), for matchers and examples. */
  readonly schemaJson?: unknown;
}

/** A loaded contract: the value schema, the key schema when bound, and where they came from. */
export interface LoadedContract {
  readonly kind: "loaded-contract";
  readonly source: ContractSource;
  readonly value?: ContractSchema;
  readonly key?: ContractSchema;
  /** AsyncAPI: the chosen message (examples, headers, bindings, channel). */
  readonly message?: AsyncApiMessage;
  readonly asyncapi?: AsyncApiModel;
  /** The registry client, for wire-format ids other than the bound one (registry contracts). */
  readonly registry?: RegistryClient;
}

/** True for a {@link RegistryContract}. */
export function isRegistryContract(c: ContractSource): c is RegistryContract {
  return typeof (c as RegistryContract).registryUrl === "string";
}

/**
 * Loads a contract for `topic` (used for the registry's default subject name). Errors: `CONTRACT_UNAVAILABLE`
 * (unreadable file, unknown subject, schema that does not parse, AsyncAPI message not found — the message
 * lists the ones there are).
 */
export async function loadContract(source: ContractSource | LoadedContract, topic?: string): Promise<LoadedContract> {
  if ("kind" in source && source.kind === "loaded-contract") return source;
  const src = source as ContractSource;
  return isRegistryContract(src) ? loadRegistryContract(src, topic) : loadFileContract(src);
}

async function loadRegistryContract(source: RegistryContract, topic?: string): Promise<LoadedContract> {
  const client = new RegistryClient(source.registryUrl, source.headers);
  const valueSubject = source.subject ?? (source.keySubject === undefined && topic ? `${topic}-value` : undefined);
  if (!valueSubject && !source.keySubject) {
    throw new TestkitError("INVALID_ARGUMENT", "a registry contract needs a subject or keySubject (or a topic for the default <topic>-value)");
  }
  const load = async (subject: string): Promise<ContractSchema> => {
    const s = await client.subjectVersion(subject, source.version ?? "latest");
    const origin = `subject "${subject}" version ${s.version ?? source.version ?? "latest"} (schema id ${s.id}) at ${client.url}`;
    return schemaOf(s.parsed, origin, source.message, s.id);
  };
  return {
    kind: "loaded-contract",
    source,
    registry: client,
    ...(valueSubject ? { value: await load(valueSubject) } : {}),
    ...(source.keySubject ? { key: await load(source.keySubject) } : {}),
  };
}

/** Parsed file contracts by path, modification time and options: parsing is pure, and AsyncAPI parsing is slow. */
const fileCache = new Map<string, Promise<LoadedContract>>();

async function loadFileContract(source: FileContract): Promise<LoadedContract> {
  const path = resolve(source.file);
  const info = await stat(path).catch(() => undefined);
  const cacheKey = JSON.stringify([path, info?.mtimeMs, info?.size, source.message, source.channel, source.type]);
  let cached = fileCache.get(cacheKey);
  if (!cached) {
    cached = readFileContract(source, path);
    fileCache.set(cacheKey, cached);
    cached.catch(() => fileCache.delete(cacheKey));
  }
  return cached;
}

async function readFileContract(source: FileContract, path: string): Promise<LoadedContract> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new TestkitError("CONTRACT_UNAVAILABLE", `cannot read contract file ${source.file}: ${e instanceof Error ? e.message : String(e)}`, { file: source.file });
  }
  const type = source.type ?? typeOfFile(path, text);
  const format = getFormat(type)!;
  const parsed = await format.parse(text);
  if (!parsed.ok) {
    const at = parsed.error.line ? ` (line ${parsed.error.line})` : parsed.error.path ? ` (at ${parsed.error.path})` : "";
    throw new TestkitError("CONTRACT_UNAVAILABLE", `contract file ${source.file} is not a valid ${type} schema${at}: ${parsed.error.message}`, { file: source.file });
  }
  const origin = `file ${source.file}`;
  if (type !== "ASYNCAPI") return { kind: "loaded-contract", source, value: schemaOf(parsed.value, origin, source.message) };
  const model = asAsyncApiModel(parsed.value.model)!;
  const message = findMessage(model, source);
  const payload = message.payload?.parsed;
  if (!payload) {
    throw new TestkitError("CONTRACT_UNAVAILABLE", `${origin}: message ${message.id} has no payload schema Charter can check (${message.payload?.error?.message ?? "none"})`);
  }
  const where = `${origin} message ${message.id} (${message.path})`;
  const key = message.kafkaKey?.parsed;
  return {
    kind: "loaded-contract",
    source,
    message,
    asyncapi: model,
    value: schemaOf(payload, `${where} payload`, undefined, undefined, message.payload?.schema),
    ...(key ? { key: schemaOf(key, `${where} Kafka key`, undefined, undefined, message.kafkaKey?.schema) } : {}),
  };
}

function schemaOf(parsed: ParsedSchema, origin: string, message?: string, schemaId?: number, schemaJson?: unknown): ContractSchema {
  const format = getFormat(parsed.type)!;
  const options: PayloadOptions = message && parsed.type === "PROTOBUF" ? { message } : {};
  let messageIndexes: readonly number[] | undefined;
  if (parsed.type === "PROTOBUF") {
    messageIndexes = message ? protobufMessageIndexes(parsed, message) : [0];
    if (!messageIndexes) throw new TestkitError("CONTRACT_UNAVAILABLE", `${origin} declares no Protobuf message ${message}`);
  }
  let json = schemaJson;
  if (json === undefined && (parsed.type === "JSON" || parsed.type === "AVRO")) json = JSON.parse(parsed.text) as unknown;
  return {
    parsed,
    format,
    options,
    origin,
    ...(schemaId !== undefined ? { schemaId } : {}),
    ...(messageIndexes ? { messageIndexes } : {}),
    ...(json !== undefined ? { schemaJson: json } : {}),
  };
}

function typeOfFile(path: string, text: string): SchemaType {
  switch (extname(path).toLowerCase()) {
    case ".avsc":
      return "AVRO";
    case ".proto":
      return "PROTOBUF";
    case ".yaml":
    case ".yml":
      return "ASYNCAPI";
    default:
      return /^\s*\{[\s\S]*"asyncapi"\s*:/.test(text) ? "ASYNCAPI" : "JSON";
  }
}

function findMessage(model: AsyncApiModel, source: FileContract): AsyncApiMessage {
  const candidates = model.messages.filter((m) => !source.channel || m.channelId === source.channel);
  const wanted = source.message;
  const found = wanted === undefined ? candidates : candidates.filter((m) => m.id === wanted || m.name === wanted || m.key === wanted);
  const first = found[0];
  if (!first || (wanted === undefined && new Set(found.map((m) => m.id)).size > 1)) {
    const known = [...new Set(candidates.map((m) => m.id))].join(", ");
    const why = wanted === undefined ? "several messages, name one with { message }" : `no message ${JSON.stringify(wanted)}`;
    throw new TestkitError("CONTRACT_UNAVAILABLE", `AsyncAPI file ${source.file} has ${why}; its messages: ${known}`, { file: source.file });
  }
  return first;
}

/** Violations of `value` against a contract schema (empty = valid). */
export function violationsOf(schema: ContractSchema, value: unknown): readonly Violation[] {
  return schema.format.validate(schema.parsed, value, schema.options);
}

/** One line per violation: `/total: must be >= 0 (rule minimum)`. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.path || "/"}: ${v.message} (rule ${v.rule})`).join("; ");
}
