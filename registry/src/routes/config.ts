import type { FastifyPluginAsync } from "fastify";
import { flag, sendOutcome, type Query } from "./http.js";
import type { RouteOptions } from "./route-options.js";

type Route = { Params: { subject?: string }; Querystring: Query; Body: unknown };

/**
 * `/config` routes (Confluent `ConfigResource`): GET answers `{compatibilityLevel}` (`defaultToGlobal` for
 * subjects), PUT takes and answers `{compatibility}`, DELETE answers the level that was in force.
 */
export const configRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  for (const path of ["/config", "/config/:subject"]) {
    app.get<Route>(path, async (request, reply) => {
      const level = await service.getCompatibility(request.params.subject, flag(request.query, "defaultToGlobal"));
      return sendOutcome(reply, level, (compatibilityLevel) => ({ compatibilityLevel }));
    });
    app.put<Route>(path, async (request, reply) => {
      const level = await service.setCompatibility(request.params.subject, request.body);
      return sendOutcome(reply, level, (compatibility) => ({ compatibility }));
    });
    app.delete<Route>(path, async (request, reply) => {
      const level = await service.deleteCompatibility(request.params.subject);
      return sendOutcome(reply, level, (compatibilityLevel) => ({ compatibilityLevel }));
    });
  }
};
