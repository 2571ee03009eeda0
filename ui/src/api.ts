// The registry's public REST API (Confluent endpoints and Charter's documented ones, docs/registry.md), as the
// UI uses it. Same origin: the UI is served by the registry it talks to.

/** A schema version as `GET /subjects/{s}/versions/{v}` answers it (Confluent `Schema`). */
export interface SchemaVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType?: string;
  readonly references?: readonly Reference[];
  readonly schema: string;
}

/** A schema reference `{name, subject, version}`. */
export interface Reference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** `GET /v1/auth/me`: who the caller is. `auth` false = authentication off (everyone is an anonymous admin). */
export interface Me {
  readonly auth: boolean;
  readonly user: string;
  readonly role: "read" | "write" | "admin";
  readonly subjectPrefix: string | null;
}

/** `GET /config/{s}` (Confluent `Config`, the fields the UI shows). */
export interface SubjectConfig {
  readonly compatibilityLevel?: string;
  readonly compatibilityPolicy?: string;
  readonly compatibilityGroup?: string;
}

/** A row of `GET /subjects/{s}/versions/{v}/messages` (Charter's own, ASYNCAPI only). */
export interface DerivedMessage {
  readonly messageId: string;
  readonly channel: string;
  readonly address: string | null;
  readonly action: "send" | "receive" | "both" | "none";
  readonly role: "value" | "key";
  readonly path: string;
  readonly schemaType: string | null;
  readonly subject: string | null;
  readonly id: number | null;
  readonly version: number | null;
  readonly reason?: string;
}

/** `POST /compatibility/...?verbose=true`. */
export interface CompatibilityAnswer {
  readonly is_compatible: boolean;
  readonly messages?: readonly string[];
}

/** A registry error answer (`{error_code, message}`) or a network failure (`code` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const CREDENTIALS_KEY = "charter.credentials";

/** The Basic credentials of this tab (sessionStorage: gone when the tab closes), or null. */
export function credentials(): string | null {
  try {
    return sessionStorage.getItem(CREDENTIALS_KEY);
  } catch {
    return null;
  }
}

/** Remembers `user:password` as the Basic credentials of every call; `null` forgets them (log out). */
export function setCredentials(user: string | null, password = ""): void {
  if (user === null) sessionStorage.removeItem(CREDENTIALS_KEY);
  else sessionStorage.setItem(CREDENTIALS_KEY, btoa(unescape(encodeURIComponent(`${user}:${password}`))));
}

/** Listeners told when a call is refused with 401 (the app then shows the login form). */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

/**
 * Calls the registry: JSON in and out, with the tab's credentials. Throws {@link ApiError} for an error
 * answer (the registry's `error_code` and message) or when the registry cannot be reached.
 */
export async function call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: MEDIA_TYPE };
  const auth = credentials();
  if (auth !== null) headers.authorization = `Basic ${auth}`;
  if (body !== undefined) headers["content-type"] = MEDIA_TYPE;
  let res: Response;
  try {
    // credentials "omit": the browser's own Basic prompt never shows on a 401 (Fetch: only credentialed
    // requests prompt); the header above carries the credentials the login form took.
    res = await fetch(path, { method, headers, credentials: "omit", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (e) {
    throw new ApiError(0, 0, `The registry cannot be reached: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    if (res.status === 401) unauthorizedListeners.forEach((l) => l());
    const err = parsed as { error_code?: number; message?: string } | undefined;
    throw new ApiError(res.status, err?.error_code ?? res.status, err?.message ?? `HTTP ${res.status}`);
  }
  return parsed as T;
}

const enc = encodeURIComponent;

/** The registry calls the pages make, one per endpoint. */
export const api = {
  me: () => call<Me>("GET", "/v1/auth/me"),
  subjects: (deleted: boolean) => call<string[]>("GET", `/subjects${deleted ? "?deleted=true" : ""}`),
  deletedSubjects: () => call<string[]>("GET", "/subjects?deletedOnly=true"),
  /** Every subject's latest version (with type): one call for the whole list. */
  latestSchemas: (deleted: boolean) => call<SchemaVersion[]>("GET", `/schemas?latestOnly=true${deleted ? "&deleted=true" : ""}`),
  versions: (subject: string, deleted = true) => call<number[]>("GET", `/subjects/${enc(subject)}/versions${deleted ? "?deleted=true" : ""}`),
  version: (subject: string, version: number | "latest") =>
    call<SchemaVersion>("GET", `/subjects/${enc(subject)}/versions/${version}?deleted=true`),
  referencedBy: (subject: string, version: number) => call<number[]>("GET", `/subjects/${enc(subject)}/versions/${version}/referencedby`),
  idVersions: (id: number) => call<{ subject: string; version: number }[]>("GET", `/schemas/ids/${id}/versions`),
  messages: (subject: string, version: number) => call<DerivedMessage[]>("GET", `/subjects/${enc(subject)}/versions/${version}/messages?deleted=true`),
  globalConfig: () => call<SubjectConfig>("GET", "/config"),
  /** The config in force for the subject (its own fields, else the global ones). */
  config: (subject: string) => call<SubjectConfig>("GET", `/config/${enc(subject)}?defaultToGlobal=true`),
  setConfig: (subject: string, body: { compatibility?: string; compatibilityPolicy?: string | null }) =>
    call<SubjectConfig>("PUT", `/config/${enc(subject)}`, body),
  /** Checks `schema` against one version (`version`) or as registration would (transitive levels included). */
  check: (subject: string, version: number | undefined, schema: NewSchema) =>
    call<CompatibilityAnswer>("POST", `/compatibility/subjects/${enc(subject)}/versions${version !== undefined ? `/${version}` : ""}?verbose=true`, schema),
  register: (subject: string, schema: NewSchema) => call<{ id: number; version: number }>("POST", `/subjects/${enc(subject)}/versions`, schema),
  deleteVersion: (subject: string, version: number) => call<number>("DELETE", `/subjects/${enc(subject)}/versions/${version}`),
};

/** A schema to check or register. */
export interface NewSchema {
  readonly schema: string;
  readonly schemaType?: string;
  readonly references?: readonly Reference[];
}

/** The body that re-sends version `v`'s schema (type and references included). */
export function schemaBody(v: SchemaVersion, text = v.schema): NewSchema {
  return {
    schema: text,
    ...(v.schemaType !== undefined && v.schemaType !== "AVRO" ? { schemaType: v.schemaType } : {}),
    ...(v.references !== undefined && v.references.length > 0 ? { references: v.references } : {}),
  };
}

/** True when `me` may register and delete (role write or admin). */
export const canWrite = (me: Me | null): boolean => me !== null && (me.role === "write" || me.role === "admin");
/** True when `me` may change configs (role admin). */
export const canAdmin = (me: Me | null): boolean => me !== null && me.role === "admin";
