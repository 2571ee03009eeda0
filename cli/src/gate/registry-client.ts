import type { SchemaType } from "@charter/contracts/core";

/** A reference as the registry stores it (Confluent `SchemaReference`). */
export interface RegistryReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** The body of register, lookup and compatibility requests (Confluent `RegisterSchemaRequest`). */
export interface SchemaRequest {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly RegistryReference[];
}

/** An error answer: HTTP status and Confluent `error_code`/`message` (when the body has them). */
export interface RegistryFailure {
  readonly status: number;
  readonly errorCode?: number;
  readonly message: string;
}

/** A request's outcome: the parsed JSON body, or the failure. */
export type RegistryAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RegistryFailure };

/**
 * The `Authorization` header for `CHARTER_REGISTRY_AUTH`: `user:password` → HTTP Basic (Confluent's
 * `basic.auth.user.info` form), anything else → a bearer token; `undefined` when unset or empty.
 */
export function authorizationHeader(auth: string | undefined): string | undefined {
  if (auth === undefined || auth.trim() === "") return undefined;
  const value = auth.trim();
  return value.includes(":") ? `Basic ${Buffer.from(value, "utf8").toString("base64")}` : `Bearer ${value}`;
}

/** Options of {@link RegistryClient}. */
export interface RegistryClientOptions {
  /** Base URL (a path prefix is kept: `https://host/registry`). */
  readonly url: string;
  /** `CHARTER_REGISTRY_AUTH` (see {@link authorizationHeader}). */
  readonly auth?: string;
  /** Per-request timeout in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
}

const CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

/**
 * A small client of the Confluent Schema Registry REST API — what the gate needs and nothing more: test
 * compatibility (`POST /compatibility/subjects/{s}/versions?verbose=true`, the form that applies the
 * subject's level, transitive ones included), look a schema up (`POST /subjects/{s}`), register
 * (`POST /subjects/{s}/versions`) and read the subject's level (`GET /config/{s}?defaultToGlobal=true`).
 * Works against Charter and any Confluent-compatible registry. Never throws: network errors come back as
 * failures with status 0.
 */
export class RegistryClient {
  private readonly base: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: RegistryClientOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.authorization = authorizationHeader(options.auth);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The registry's URL as given (without a trailing slash). */
  get url(): string {
    return this.base;
  }

  /** Confluent omits `schemaType` for Avro (the default); older registries refuse the field, so it is sent only when needed. */
  private body(request: SchemaRequest): string {
    return JSON.stringify({
      schema: request.schema,
      ...(request.schemaType !== "AVRO" ? { schemaType: request.schemaType } : {}),
      ...(request.references.length > 0 ? { references: request.references } : {}),
    });
  }

  private async call<T>(method: "GET" | "POST", path: string, body?: string): Promise<RegistryAnswer<T>> {
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    if (body !== undefined) headers["content-type"] = CONTENT_TYPE;
    if (this.authorization) headers["authorization"] = this.authorization;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
      return { ok: false, error: { status: 0, message: `cannot reach the registry at ${this.base}: ${cause}` } };
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.ok) return { ok: true, value: json as T };
    const fields = json !== null && typeof json === "object" ? (json as { error_code?: unknown; message?: unknown }) : {};
    return {
      ok: false,
      error: {
        status: response.status,
        ...(typeof fields.error_code === "number" ? { errorCode: fields.error_code } : {}),
        message: typeof fields.message === "string" ? fields.message : `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ""}`,
      },
    };
  }

  private subjectPath(subject: string): string {
    return `/subjects/${encodeURIComponent(subject)}`;
  }

  /** `POST /compatibility/subjects/{s}/versions?verbose=true`: `{is_compatible, messages}`. */
  testCompatibility(subject: string, request: SchemaRequest): Promise<RegistryAnswer<{ is_compatible?: boolean; messages?: unknown[] }>> {
    return this.call("POST", `/compatibility${this.subjectPath(subject)}/versions?verbose=true`, this.body(request));
  }

  /** `POST /subjects/{s}`: the registered version of exactly this schema (with these references), if any. */
  lookup(subject: string, request: SchemaRequest): Promise<RegistryAnswer<{ id?: number; version?: number }>> {
    return this.call("POST", this.subjectPath(subject), this.body(request));
  }

  /** `POST /subjects/{s}/versions`: registers (idempotent for a schema already there) and answers its id. */
  register(subject: string, request: SchemaRequest): Promise<RegistryAnswer<{ id?: number; version?: number }>> {
    return this.call("POST", `${this.subjectPath(subject)}/versions`, this.body(request));
  }

  /**
   * `GET /subjects/{s}/versions/{v}` (default `latest`): the version's schema, type and references; a 404
   * (no such subject or version) is a failure with status 404.
   */
  version(subject: string, version: number | "latest" = "latest"): Promise<RegistryAnswer<{ schema?: string; schemaType?: string; references?: RegistryReference[]; version?: number }>> {
    return this.call("GET", `${this.subjectPath(subject)}/versions/${version}`);
  }

  /**
   * The level that applies to the subject: `GET /config/{s}?defaultToGlobal=true`, else (registries without
   * that flag answer 404 for a subject without its own level) the global `GET /config`.
   */
  async level(subject: string): Promise<string | undefined> {
    type Config = { compatibilityLevel?: unknown; compatibility?: unknown };
    let answer = await this.call<Config>("GET", `/config/${encodeURIComponent(subject)}?defaultToGlobal=true`);
    if (!answer.ok) answer = await this.call<Config>("GET", "/config");
    if (!answer.ok) return undefined;
    const level = answer.value?.compatibilityLevel ?? answer.value?.compatibility;
    return typeof level === "string" ? level.toUpperCase() : undefined;
  }
}
