import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Errors, type RegistryError } from "../errors.js";
import { sendError, sendJson, type Query } from "../routes/http.js";
import type { RegistryService } from "../service/registry-service.js";
import { canSeeSubject, hasRole, requiredAccess } from "./access-policy.js";
import { ANONYMOUS_ADMIN, type Authenticator, type Principal } from "./authenticator.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who the request runs as; `null` when authentication is off (every caller is an anonymous admin). */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** The registry's authenticator; `null` when authentication is off. */
    authenticator: Authenticator | null;
  }
}

/** The `WWW-Authenticate` challenge of a 401: both schemes Charter accepts. */
export const AUTH_CHALLENGE = 'Basic realm="Charter", charset="UTF-8", Bearer realm="Charter"';

/** Options of {@link installAuth}. */
export interface InstallAuthOptions {
  /** `undefined` = authentication off: no hook is installed and `/v1/auth/me` answers the anonymous admin. */
  readonly authenticator: Authenticator | undefined;
  readonly service: RegistryService;
  /** Counts an answer the hook gives itself (401/403/429) in the request metrics. */
  readonly recordAnswer?: (request: FastifyRequest, reply: FastifyReply) => void;
}

function isTrue(value: string | string[] | undefined): boolean {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.toLowerCase() === "true";
}

/**
 * Authentication and authorization for every route (installed on the root instance, before the routes).
 * With an authenticator, an `onRequest` hook — so nothing is parsed for an unauthenticated request — reads the
 * `Authorization` header and answers 401 / 40101 with `WWW-Authenticate` when it is missing or wrong, 429 /
 * 42901 with `Retry-After` when the source has failed too often, and 403 / 40301 when the role or the subject
 * prefix does not allow the operation (`access-policy.ts`); a prefixed user may read a schema id (or GUID) only when one
 * of its subjects carries the prefix. Without one, nothing runs per request. Also serves Charter's
 * `GET /v1/auth/me`: `{auth, user, role, subjectPrefix}` of the caller.
 */
export function installAuth(app: FastifyInstance, options: InstallAuthOptions): void {
  const { authenticator, service } = options;
  const recordAnswer = options.recordAnswer ?? (() => undefined);
  app.decorateRequest("principal", null);
  app.decorate("authenticator", authenticator ?? null);
  app.get("/v1/auth/me", async (request, reply) => {
    const p = request.principal ?? ANONYMOUS_ADMIN;
    return sendJson(reply, { auth: authenticator !== undefined, user: p.user, role: p.role, subjectPrefix: p.subjectPrefix });
  });
  if (authenticator === undefined) return;

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: RegistryError) => {
    sendError(reply, error);
    recordAnswer(request, reply);
    return reply;
  };
  const forbid = (request: FastifyRequest, reply: FastifyReply, principal: Principal, what: string) =>
    refuse(request, reply, Errors.forbidden(`User '${principal.user}' (role ${principal.role}${principal.subjectPrefix !== null ? `, subjects '${principal.subjectPrefix}…'` : ""}) is not allowed to ${what}`));

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    const query = request.query as Query;
    const access = requiredAccess(request.method, route, request.method === "DELETE" && isTrue(query.permanent));
    if (access.public === true) return;
    const result = await authenticator.authenticate(request.headers.authorization, request.ip);
    if (result.kind === "rate-limited") {
      reply.header("retry-after", String(result.retryAfterSeconds));
      return refuse(request, reply, Errors.tooManyAttempts(result.retryAfterSeconds));
    }
    if (result.kind === "unauthorized") {
      reply.header("www-authenticate", AUTH_CHALLENGE);
      return refuse(request, reply, Errors.unauthorized(result.reason));
    }
    const principal = result.principal;
    request.principal = principal;
    const what = `${request.method} ${route ?? request.url}`;
    if (!hasRole(principal, access.role)) return forbid(request, reply, principal, `${what} (needs role ${access.role})`);
    if (principal.subjectPrefix === null) return;
    const params = request.params as { subject?: string; id?: string; guid?: string };
    switch (access.scope) {
      case "global":
        return forbid(request, reply, principal, `${what}: registry-wide settings need a user without a subject prefix`);
      case "subject":
        if (params.subject !== undefined && !canSeeSubject(principal, params.subject)) return forbid(request, reply, principal, `${what} on subject '${params.subject}'`);
        return;
      case "schema-id":
      case "schema-guid": {
        const id = access.scope === "schema-id" ? Number(params.id) : (await service.listIdsForGuid(params.guid ?? "")).at(0)?.id;
        // An unknown id (or a malformed one) is the route's to answer (40403).
        const subjects = id !== undefined && Number.isInteger(id) ? await service.getSchemaSubjects(id, true) : undefined;
        if (subjects?.ok === true && !subjects.value.some((s) => canSeeSubject(principal, s))) return forbid(request, reply, principal, `read schema ${id}`);
        return;
      }
      case "none":
        return;
    }
  });
}
