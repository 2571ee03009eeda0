import type { FastifyPluginAsync } from "fastify";
import type { Storage } from "../storage/storage.js";

/** Options of {@link healthRoutes}. */
export interface HealthRouteOptions {
  readonly storage: Storage;
  /** How long the readiness probe waits for the store, in ms. Default 2000. */
  readonly timeoutMs?: number;
}

/**
 * Kubernetes-style probes, open even with authentication on: `GET /health/live` answers 200 `{status: "UP"}`
 * while the process serves HTTP; `GET /health/ready` answers 200 `{status: "UP"}` when the store answers a
 * trivial query within the timeout, else 503 `{status: "DOWN", reason}` (the reason never carries internals
 * beyond "timeout"/"unreachable").
 */
export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { storage, timeoutMs = 2000 }) => {
  app.get("/health/live", async (_request, reply) => reply.code(200).send({ status: "UP" }));
  app.get("/health/ready", async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const outcome = await Promise.race([storage.ping().then(() => "up" as const), timeout]);
      if (outcome === "up") return reply.code(200).send({ status: "UP" });
      return reply.code(503).send({ status: "DOWN", reason: "storage timeout" });
    } catch (e) {
      request.log.warn({ reqId: request.id, err: e }, "readiness probe: storage unreachable");
      return reply.code(503).send({ status: "DOWN", reason: "storage unreachable" });
    } finally {
      clearTimeout(timer);
    }
  });
};
