/**
 * A small client for the Confluent Schema Registry REST API (Confluent, Karapace, Apicurio's `ccompat` API,
 * Charter), used by `charter export`, `import` and `migrate`. The base URL may carry a path (Apicurio:
 * `http://host/apis/ccompat/v7`) and credentials (`https://user:secret@host`), which become an HTTP Basic header.
 */

/** Where a registry is and how to authenticate to it. */
export interface RegistryEndpoint {
  /** Base URL without credentials and without a trailing slash. */
  readonly url: string;
  /** The `Authorization` header to send, if any. */
  readonly authorization?: string;
}

/** Credentials given as flags: `name:secret` for HTTP Basic, or a Bearer token. */
export interface EndpointCredentials {
  readonly user?: string;
  readonly token?: string;
}

/**
 * Parses a registry URL and optional credentials into an endpoint. Userinfo in the URL (`user:secret@`) is
 * taken out (fetch refuses URLs with credentials) and sent as HTTP Basic; `user` (name:secret) and `token`
 * (Bearer) flags win over it. Throws for a URL that is not http(s).
 */
export function parseEndpoint(raw: string, credentials: EndpointCredentials = {}): RegistryEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`invalid registry URL '${raw}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`registry URL must be http(s): '${raw}'`);
  const userinfo = url.username !== "" ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  url.username = "";
  url.password = "";
  const base = url.toString().replace(/\/+$/, "");
  const basic = credentials.user ?? userinfo;
  const authorization =
    credentials.token !== undefined ? `Bearer ${credentials.token}` : basic !== undefined ? `Basic ${Buffer.from(basic).toString("base64")}` : undefined;
  return { url: base, ...(authorization !== undefined ? { authorization } : {}) };
}

/** A non-2xx answer: the HTTP status and, when the body is Confluent's error shape, its `error_code`. */
export class RegistryHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly errorCode: number | undefined,
    detail: string,
  ) {
    super(`${method} ${path} answered ${status}${errorCode !== undefined ? ` (error_code ${errorCode})` : ""}: ${detail}`);
  }
}

const MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

/** Encodes a subject for a path segment (any character, `/` included, survives). */
export function subjectPath(subject: string): string {
  return encodeURIComponent(subject);
}

/**
 * Requests against one registry. Network failures, 5xx and 429 answers are retried (3 times, 0.5 s, 1 s, 2 s
 * apart); other non-2xx answers throw {@link RegistryHttpError} at once.
 */
export class RegistryClient {
  constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly retries = 3,
  ) {}

  /** Sends a request; resolves with the parsed JSON body of a 2xx answer. */
  async call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.endpoint.url}${path}`, {
          method,
          headers: {
            accept: `${MEDIA_TYPE}, application/json`,
            ...(body !== undefined ? { "content-type": MEDIA_TYPE } : {}),
            ...(this.endpoint.authorization !== undefined ? { authorization: this.endpoint.authorization } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        if (attempt < this.retries) {
          await sleep(500 * 2 ** attempt);
          continue;
        }
        throw new Error(`${method} ${this.endpoint.url}${path} failed: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
      }
      const text = await res.text();
      if (res.ok) return (text === "" ? undefined : JSON.parse(text)) as T;
      if ((res.status >= 500 || res.status === 429) && attempt < this.retries) {
        await sleep(500 * 2 ** attempt);
        continue;
      }
      let errorCode: number | undefined;
      let detail = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown };
        if (typeof parsed.error_code === "number") errorCode = parsed.error_code;
        if (typeof parsed.message === "string") detail = parsed.message;
      } catch {
        // not JSON: keep the text
      }
      throw new RegistryHttpError(method, path, res.status, errorCode, detail);
    }
  }

  /** `call`, but a 404 answer is `undefined` (subjects without their own config or mode, …). */
  async optional<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T | undefined> {
    try {
      return await this.call<T>(method, path, body);
    } catch (e) {
      if (e instanceof RegistryHttpError && e.status === 404) return undefined;
      throw e;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
