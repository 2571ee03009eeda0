import type { FastifyError, FastifyReply } from "fastify";
import { errorBody, Errors, type Outcome, type RegistryError } from "../errors.js";
import { parseVersionSpec, type VersionSpec } from "../service/version-spec.js";

/** The media type of every response (Confluent `Versions.SCHEMA_REGISTRY_V1_JSON_WEIGHTED`). */
export const RESPONSE_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

/** Query string as Fastify parses it (repeated keys become arrays). */
export type Query = Record<string, string | string[] | undefined>;

/** Sends `e` as `{error_code, message}` with its HTTP status. */
export function sendError(reply: FastifyReply, e: RegistryError): FastifyReply {
  return reply.code(e.status).header("content-type", RESPONSE_CONTENT_TYPE).send(errorBody(e));
}

/**
 * Sends `body` with 200 and Confluent's media type. Every answer goes through here or {@link sendError} (no
 * per-request hook: a hook on every request costs the read path measurably against bare Fastify).
 */
export function sendJson(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.code(200).header("content-type", RESPONSE_CONTENT_TYPE).send(body);
}

/** Sends an {@link Outcome}: the (optionally mapped) value with 200, or the error. */
export function sendOutcome<T>(reply: FastifyReply, outcome: Outcome<T>, view?: (value: T) => unknown): FastifyReply {
  if (!outcome.ok) return sendError(reply, outcome.error);
  return sendJson(reply, view === undefined ? outcome.value : view(outcome.value));
}

function single(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A malformed query parameter: thrown from a handler, it leaves through the error handler as 400 / 400
 * (`{error_code: 400, message}`, the shape of Confluent's bad-request answers), naming the parameter and value.
 */
export function badQuery(name: string, value: string, expected: string): FastifyError {
  const e = new Error(`Invalid value for query parameter '${name}': ${JSON.stringify(value)} (expected ${expected})`) as FastifyError;
  e.statusCode = 400;
  e.code = "CHARTER_BAD_QUERY";
  return e;
}

/**
 * A boolean query parameter: `true`/`false` in any case; absent or empty is false. Anything else throws
 * {@link badQuery} (400).
 */
export function flag(query: Query, name: string): boolean {
  const v = single(query, name);
  if (v === undefined || v === "") return false;
  const lower = v.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw badQuery(name, v, "true or false");
}

/** Every value of a repeatable query parameter (`?key=a&key=b` → `["a", "b"]`), in order; `[]` when absent. */
export function list(query: Query, name: string): string[] {
  const v = query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A string query parameter, or `fallback`. */
export function text(query: Query, name: string, fallback = ""): string {
  return single(query, name) ?? fallback;
}

/**
 * An integer query parameter (a 32-bit signed integer, as JAX-RS `int`); `fallback` when absent or empty.
 * Anything else throws {@link badQuery} (400).
 */
export function integer(query: Query, name: string, fallback: number): number {
  const v = single(query, name);
  if (v === undefined || v === "") return fallback;
  if (!/^[-+]?\d{1,10}$/.test(v) || Math.abs(Number(v)) > 2 ** 31 - 1) throw badQuery(name, v, "an integer");
  return Number(v);
}

/** Parses a `{version}` path segment, sending 42202 and returning `undefined` when invalid. */
export function versionOrReply(reply: FastifyReply, raw: string): VersionSpec | undefined {
  const spec = parseVersionSpec(raw);
  if (!spec.ok) {
    sendError(reply, spec.error);
    return undefined;
  }
  return spec.value;
}

/** Parses a schema id path segment (1 … 2^31−1); anything else is an unknown id (40403). */
export function schemaIdOrReply(reply: FastifyReply, raw: string): number | undefined {
  if (/^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= 2 ** 31 - 1) return Number(raw);
  sendError(reply, Errors.schemaNotFound(`Schema ${raw} not found`));
  return undefined;
}

/** Cuts one page out of a list answer (see {@link paging}). */
export type Pager = <T>(list: readonly T[]) => T[];

/**
 * Reads Confluent's `offset` (default 0) and `limit` (default -1; 0 or below = all) query parameters — before
 * the route does any work, so a malformed value is always the answer — and returns the function that applies
 * them to a list answer. A non-integer value, or a negative offset, throws {@link badQuery} (400).
 */
export function paging(query: Query): Pager {
  const offset = integer(query, "offset", 0);
  if (offset < 0) throw badQuery("offset", String(offset), "an integer of 0 or more");
  const limit = integer(query, "limit", -1);
  return (list) => (limit > 0 ? list.slice(offset, offset + limit) : list.slice(offset));
}
