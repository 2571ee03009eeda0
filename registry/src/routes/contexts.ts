import type { FastifyPluginAsync } from "fastify";
import { Errors } from "../errors.js";
import { DEFAULT_CONTEXT } from "../service/subject-name.js";
import { paging, sendError, sendJson, text, type Query } from "./http.js";

/**
 * Confluent's `ContextsResource`, for a registry with the default context only (Charter does not implement
 * contexts; docs/registry.md §Contexts): `GET /contexts` answers `["."]` (filtered by `contextPrefix`, paged by
 * `offset`/`limit`), as Apicurio's ccompat API does. `DELETE /contexts/{context}` and the
 * `/contexts/{context}/…` URL prefix that Confluent's `ContextFilter` rewrites into context-qualified subjects
 * answer 404 / 40401 with a message saying so, instead of a bare "not found".
 */
export const contextsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Query }>("/contexts", async (request, reply) => {
    const page = paging(request.query);
    const prefix = text(request.query, "contextPrefix");
    return sendJson(reply, page(DEFAULT_CONTEXT.startsWith(prefix) ? [DEFAULT_CONTEXT] : []));
  });
  const unsupported = (context: string) =>
    Errors.contextNotFound(`Context '${context}' not found: Charter has only the default context '.'; use the registry's URL without /contexts/…`);
  app.delete<{ Params: { context: string } }>("/contexts/:context", async (request, reply) => sendError(reply, unsupported(request.params.context)));
  app.all<{ Params: { context: string } }>("/contexts/:context/*", async (request, reply) => sendError(reply, unsupported(request.params.context)));
};
