import type { FastifyPluginAsync } from "fastify";
import { configView } from "../subject-config.js";
import { flag, sendOutcome, type Query } from "./http.js";
import type { RouteOptions } from "./route-options.js";

type Route = { Params: { subject?: string }; Querystring: Query; Body: unknown };

/**
 * `/config` routes (Confluent `ConfigResource`). GET answers the config as Confluent's `Config`
 * (`{compatibilityLevel, compatibilityPolicy?, compatibilityGroup?, normalize?, alias?, defaultMetadata?, …}`;
 * `defaultToGlobal` for subjects); PUT takes any subset of `ConfigUpdateRequest` fields and answers the whole
 * config now stored in that shape (level as `compatibility`); DELETE answers the config that was stored.
 */
export const configRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  for (const path of ["/config", "/config/:subject"]) {
    app.get<Route>(path, async (request, reply) => {
      const config = await service.getConfig(request.params.subject, flag(request.query, "defaultToGlobal"));
      return sendOutcome(reply, config, (c) => configView(c));
    });
    app.put<Route>(path, async (request, reply) => {
      const config = await service.setConfig(request.params.subject, request.body);
      return sendOutcome(reply, config, (c) => configView(c, "compatibility"));
    });
    app.delete<Route>(path, async (request, reply) => {
      const config = await service.deleteConfig(request.params.subject);
      return sendOutcome(reply, config, (c) => configView(c));
    });
  }
};
