/**
 * A small client of the Confluent Schema Registry REST API (Charter's registry speaks it too): schema ids
 * looked up (or registered) once per subject and schema and cached, schemas fetched by id once and cached.
 */
import { MessagingError, errorText } from "./errors.js";
import type { SchemaSource } from "./serde.js";

/** What a message part is registered as, for choosing its subject. */
export interface SubjectContext {
  /** The contract's message name, e.g. `OrderCreated`. */
  readonly messageName: string;
  /** The concrete address (topic) the message is sent to. */
  readonly address: string;
  readonly role: "value" | "key";
  /** The subject the package was generated with (Charter's derived per-message subject), when known. */
  readonly generated?: string;
}

/** Options of {@link createRegistryClient}. */
export interface RegistryOptions {
  /** Base URL, e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  /**
   * The subject of a message part. Default: the derived subject the package was generated with (a contract read
   * from the registry), else Confluent's `TopicNameStrategy`: `<topic>-value` / `<topic>-key`.
   */
  readonly subject?: (context: SubjectContext) => string;
  /** Register a schema that its subject does not hold yet (Confluent `auto.register.schemas`). Default false. */
  readonly autoRegister?: boolean;
  /** Extra request headers (e.g. `authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `fetch` to use. Default: the global one. */
  readonly fetch?: typeof fetch;
}

/** The registry operations the generated client uses. */
export interface SchemaRegistry {
  /** The id of `schema` under `subject` (looked up, or registered when allowed); cached. */
  idFor(subject: string, schema: SchemaSource): Promise<number>;
  /** The schema text and type of `id`; cached. */
  schemaById(id: number): Promise<{ readonly schema: string; readonly schemaType: string }>;
  /** The subject for a message part (see {@link RegistryOptions.subject}). */
  subjectOf(context: SubjectContext): string;
}

/** Confluent `TopicNameStrategy`: `<topic>-<role>`. */
export function topicNameStrategy(context: SubjectContext): string {
  return `${context.address}-${context.role}`;
}

interface RegistryErrorBody {
  readonly error_code?: number;
  readonly message?: string;
}

/** A {@link SchemaRegistry} over HTTP. Errors: `REGISTRY_ERROR` with the registry's code and message. */
export function createRegistryClient(options: RegistryOptions): SchemaRegistry {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const ids = new Map<string, Promise<number>>();
  const schemas = new Map<number, Promise<{ schema: string; schemaType: string }>>();

  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T & RegistryErrorBody }> => {
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method,
        headers: { accept: "application/vnd.schemaregistry.v1+json", ...(body !== undefined ? { "content-type": "application/vnd.schemaregistry.v1+json" } : {}), ...options.headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new MessagingError("REGISTRY_ERROR", `schema registry ${base} unreachable: ${errorText(e)}`, { cause: e });
    }
    const text = await response.text();
    let parsed: T & RegistryErrorBody;
    try {
      parsed = (text === "" ? {} : JSON.parse(text)) as T & RegistryErrorBody;
    } catch {
      throw new MessagingError("REGISTRY_ERROR", `schema registry ${base}${path}: HTTP ${response.status}, not JSON`);
    }
    return { status: response.status, body: parsed };
  };
  const failed = (what: string, r: { status: number; body: RegistryErrorBody }): MessagingError =>
    new MessagingError("REGISTRY_ERROR", `${what}: HTTP ${r.status}${r.body.error_code !== undefined ? ` (${r.body.error_code})` : ""} ${r.body.message ?? ""}`.trim());

  const lookup = async (subject: string, schema: SchemaSource): Promise<number> => {
    const body = { schema: schema.text, ...(schema.type !== "AVRO" ? { schemaType: schema.type } : {}) };
    const path = `/subjects/${encodeURIComponent(subject)}`;
    const found = await call<{ id?: number }>("POST", path, body);
    if (found.status === 200 && typeof found.body.id === "number") return found.body.id;
    const missing = found.status === 404 && (found.body.error_code === 40401 || found.body.error_code === 40403);
    if (!missing) throw failed(`looking up ${subject}`, found);
    if (!options.autoRegister) throw new MessagingError("SCHEMA_UNKNOWN", `subject ${subject} does not hold this ${schema.type} schema (register it, or set registry.autoRegister)`);
    const registered = await call<{ id?: number }>("POST", `${path}/versions`, body);
    if (registered.status === 200 && typeof registered.body.id === "number") return registered.body.id;
    throw failed(`registering in ${subject}`, registered);
  };

  return {
    subjectOf: (context) => (options.subject ? options.subject(context) : (context.generated ?? topicNameStrategy(context))),
    idFor(subject, schema) {
      const key = `${subject}\u0000${schema.type}\u0000${schema.text}`;
      let id = ids.get(key);
      if (!id) {
        id = lookup(subject, schema);
        ids.set(key, id);
        id.catch(() => ids.delete(key));
      }
      return id;
    },
    schemaById(id) {
      let schema = schemas.get(id);
      if (!schema) {
        schema = call<{ schema?: string; schemaType?: string }>("GET", `/schemas/ids/${id}`).then((r) => {
          if (r.status === 404) throw new MessagingError("SCHEMA_UNKNOWN", `schema id ${id} is not in the registry`);
          if (r.status !== 200 || typeof r.body.schema !== "string") throw failed(`fetching schema ${id}`, r);
          return { schema: r.body.schema, schemaType: r.body.schemaType ?? "AVRO" };
        });
        schemas.set(id, schema);
        schema.catch(() => schemas.delete(id));
      }
      return schema;
    },
  };
}
