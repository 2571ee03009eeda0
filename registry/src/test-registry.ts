import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildRegistry, type RegistryOptions } from "./build-registry.js";

/** One answer of {@link InjectRegistry.call}: status and parsed JSON body. */
export interface InjectAnswer<B = unknown> {
  readonly status: number;
  readonly body: B;
}

/** A registry over a fresh SQLite file in a temp directory, driven with `app.inject` (tests only). */
export interface InjectRegistry {
  readonly app: FastifyInstance;
  /** Sends `payload` as JSON with Confluent's media type (no body when `undefined`). */
  call<B = unknown>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown): Promise<InjectAnswer<B>>;
  /** Closes the registry and removes its directory. */
  close(): Promise<void>;
}

/** Builds a registry for one test over `<tmpdir>/<prefix>…/registry.db`. */
export async function openInjectRegistry(prefix: string, options: Omit<RegistryOptions, "dbPath" | "storage"> = {}): Promise<InjectRegistry> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const app = await buildRegistry({ ...options, dbPath: join(dir, "registry.db") });
  return {
    app,
    async call<B>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown) {
      const res = await app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { "content-type": "application/vnd.schemaregistry.v1+json" } }),
      });
      return { status: res.statusCode, body: JSON.parse(res.body) as B };
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
