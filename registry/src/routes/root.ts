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
}

/**
 * Liveness and server metadata (Confluent `RootResource`, `ServerMetadataResource`): `GET /` and `POST /`
 * answer `{}`; `GET /v1/metadata/id` answers `{scope: {path: [], clusters: {kafka-cluster, schema-registry-cluster}}}`
 * (`ServerClusterId.of`; Charter has no Kafka cluster, so `kafka-cluster` is null); `GET /v1/metadata/version`
 * answers `{version, commitId}`.
 */
export const rootRoutes: FastifyPluginAsync<RootRouteOptions> = async (app, options) => {
  app.get("/", async (_request, reply) => sendJson(reply, {}));
  app.post("/", async (_request, reply) => sendJson(reply, {}));
  app.get("/v1/metadata/id", async (_request, reply) =>
    sendJson(reply, { scope: { path: [], clusters: { "kafka-cluster": null, "schema-registry-cluster": options.clusterId } } }),
  );
  app.get("/v1/metadata/version", async (_request, reply) =>
    sendJson(reply, { version: options.version, commitId: options.commitId }),
  );
};
