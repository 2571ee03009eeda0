import type { FastifyPluginAsync } from "fastify";
import { flag, sendOutcome, versionOrReply, type Query } from "./http.js";
import type { RouteOptions } from "./route-options.js";

type Route = { Params: { subject: string; version?: string }; Querystring: Query; Body: unknown };

/**
 * `/compatibility` routes (Confluent `CompatibilityResource`): `POST …/versions/{v}` checks against that one
 * version; `POST …/versions` performs the same check as register (transitive levels included). Both answer
 * `{is_compatible, messages?}` (`messages` with `verbose=true`).
 */
export const compatibilityRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  app.post<Route>("/compatibility/subjects/:subject/versions/:version", async (request, reply) => {
    const spec = versionOrReply(reply, request.params.version ?? "");
    if (spec === undefined) return reply;
    const q = request.query;
    const outcome = await service.testCompatibility(request.params.subject, spec, request.body, {
      verbose: flag(q, "verbose"),
      normalize: flag(q, "normalize"),
    });
    return sendOutcome(reply, outcome);
  });

  app.post<Route>("/compatibility/subjects/:subject/versions", async (request, reply) => {
    const q = request.query;
    const outcome = await service.testCompatibility(request.params.subject, undefined, request.body, {
      verbose: flag(q, "verbose"),
      normalize: flag(q, "normalize"),
    });
    return sendOutcome(reply, outcome);
  });
};
