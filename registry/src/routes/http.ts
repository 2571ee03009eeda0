import type { FastifyReply } from "fastify";
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

/** A boolean query parameter: true only for `true` (any case), as JAX-RS parses `@QueryParam boolean`. */
export function flag(query: Query, name: string): boolean {
  return single(query, name)?.toLowerCase() === "true";
}

/** A string query parameter, or `fallback`. */
export function text(query: Query, name: string, fallback = ""): string {
  return single(query, name) ?? fallback;
}

/** An integer query parameter; `fallback` when absent or not an integer. */
export function integer(query: Query, name: string, fallback: number): number {
  const v = single(query, name);
  return v !== undefined && /^-?\d{1,10}$/.test(v) ? Number(v) : fallback;
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

/**
 * Applies Confluent's `offset` (default 0) and `limit` (default -1 = all) query parameters to a list answer.
 */
export function page<T>(list: readonly T[], query: Query): T[] {
  const offset = Math.max(0, integer(query, "offset", 0));
  const limit = integer(query, "limit", -1);
  return limit > 0 ? list.slice(offset, offset + limit) : list.slice(offset);
}
