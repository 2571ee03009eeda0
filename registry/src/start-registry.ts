import type { FastifyServerOptions } from "fastify";
import { buildRegistry, type RegistryOptions } from "./build-registry.js";

/** Options for {@link startRegistry}. `tls` serves HTTPS (the URL then starts with `https://`). */
export interface StartRegistryOptions extends Omit<RegistryOptions, "storage" | "dbPath"> {
  /** Interface to bind. Default 127.0.0.1. */
  readonly host?: string;
  /** TCP port; 0 picks a free one. Default 8081 (Confluent's). */
  readonly port?: number;
  /** SQLite database file (its directory is created when missing), `:memory:`, or a `postgres://…` URL. */
  readonly dbPath: string;
  readonly logger?: FastifyServerOptions["logger"];
}

/** A running registry. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:8081` (`https://…` with TLS). */
  readonly url: string;
  /** Users known when it started (0 with authentication off): `charter serve --auth` warns when there are none. */
  readonly userCount: number;
  /**
   * Stops accepting connections, waits for in-flight requests to finish (Fastify `close`), then closes the
   * database. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** Opens the database at `dbPath` and serves the registry on `host:port`. Throws when either fails. */
export async function startRegistry(options: StartRegistryOptions): Promise<RunningRegistry> {
  const app = await buildRegistry({ ...options, dbPath: options.dbPath });
  const host = options.host ?? "127.0.0.1";
  try {
    await app.listen({ host, port: options.port ?? 8081 });
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 8081);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.tls !== undefined ? "https" : "http"}://${shownHost}:${port}`,
    userCount: app.authenticator?.userCount ?? 0,
    close: () => (closing ??= app.close()),
  };
}
