import type { FastifyPluginAsync } from "fastify";
import { flag, sendOutcome, type Query } from "./http.js";
import type { RouteOptions } from "./route-options.js";

type Route = { Params: { subject?: string }; Querystring: Query; Body: unknown };

/**
 * `/mode` routes (Confluent `ModeResource`): GET (`defaultToGlobal` for subjects), PUT `{mode}` (`force` to
 * enter IMPORT while schemas exist), DELETE (answers the mode that was in force). All answer `{mode}`.
 */
export const modeRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  for (const path of ["/mode", "/mode/:subject"]) {
    app.get<Route>(path, async (request, reply) => {
      const mode = await service.getMode(request.params.subject, flag(request.query, "defaultToGlobal"));
      return sendOutcome(reply, mode, (m) => ({ mode: m }));
    });
    app.put<Route>(path, async (request, reply) => {
      const mode = await service.setMode(request.params.subject, request.body, flag(request.query, "force"));
      return sendOutcome(reply, mode, (m) => ({ mode: m }));
    });
    app.delete<Route>(path, async (request, reply) => {
      const mode = await service.deleteMode(request.params.subject);
      return sendOutcome(reply, mode, (m) => ({ mode: m }));
    });
  }
};
