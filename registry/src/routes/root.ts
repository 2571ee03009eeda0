import type { FastifyPluginAsync } from "fastify";
import { sendJson } from "./http.js";

/** Options of {@link rootRoutes}. */
export interface RootRouteOptions {
  /** Reported by `GET /v1/metadata/version`. */
  readonly version: string;
  /** Reported by `GET /v1/metadata/version`. */
  readonly commitId: string;
  /** Reported as `schema-registry-cluster` by `GET /v1/metadata/id`. */
  readonly clusterId: string;
  /** Where browsers asking `GET /` for HTML are sent (the web UI); none: `GET /` answers `{}` to everyone. */
  readonly uiPath?: string;
}

/** True when an `Accept` header asks for HTML (a browser navigating), not JSON (a client). */
export function acceptsHtml(accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}

/**
 * Liveness and server metadata (Confluent `RootResource`, `ServerMetadataResource`): `GET /` and `POST /`
 * answer `{}` — except that, with the UI on, `GET /` from a browser (`Accept: text/html`) is a 302 to the UI (the
 * answer then varies by `Accept`); `GET /v1/metadata/id` answers `{scope: {path: [], clusters: {kafka-cluster, schema-registry-cluster}}}`
 * (`ServerClusterId.of`; Charter has no Kafka cluster, so `kafka-cluster` is null); `GET /v1/metadata/version`
 * answers `{version, commitId}`.
 */
export const rootRoutes: FastifyPluginAsync<RootRouteOptions> = async (app, options) => {
  const uiPath = options.uiPath;
  if (uiPath === undefined) app.get("/", async (_request, reply) => sendJson(reply, {}));
  else
    app.get("/", async (request, reply) => {
      reply.header("vary", "accept");
      return acceptsHtml(request.headers.accept) ? reply.redirect(uiPath, 302) : sendJson(reply, {});
    });
  app.post("/", async (_request, reply) => sendJson(reply, {}));
  app.get("/v1/metadata/id", async (_request, reply) =>
    sendJson(reply, { scope: { path: [], clusters: { "kafka-cluster": null, "schema-registry-cluster": options.clusterId } } }),
  );
  app.get("/v1/metadata/version", async (_request, reply) =>
    sendJson(reply, { version: options.version, commitId: options.commitId }),
  );
};
