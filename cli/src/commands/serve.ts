import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { startRegistry } from "@charter/registry";
import { resolveServeSettings, type ServeFlags } from "../serve-options.js";
import type { CliContext } from "../cli-context.js";

/**
 * `charter serve [--host] [--port] [--db] [--auth] [--allow-anonymous] [--tls-cert --tls-key] [--log-level]
 * [--no-metrics]`: runs the registry until SIGTERM/SIGINT, then stops accepting connections, lets in-flight
 * requests finish, closes the database and exits 0. Startup failures (port in use, unreadable database or
 * TLS files, a non-loopback address without `--auth` or `--allow-anonymous`) print a message and exit 1. Logs
 * are JSON lines (pino) on stdout, after the banner.
 */
export function registerServe(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("Run the Confluent-compatible schema registry")
    .option("--host <host>", "interface to bind (env CHARTER_HOST)", undefined)
    .option("--port <port>", "TCP port, 0 for any free one (env CHARTER_PORT)", undefined)
    .option("--db <path>", "SQLite database file, created when missing (env CHARTER_DB)", undefined)
    .option("--auth", "require credentials: HTTP Basic or Bearer, users from 'charter users' (env CHARTER_AUTH=on)")
    .option("--allow-anonymous", "serve a non-loopback address without authentication (env CHARTER_ALLOW_ANONYMOUS=on)")
    .option("--tls-cert <file>", "PEM certificate (chain) for HTTPS (env CHARTER_TLS_CERT)")
    .option("--tls-key <file>", "PEM private key for HTTPS (env CHARTER_TLS_KEY)")
    .option("--log-level <level>", "trace, debug, info (every request), warn (default), error, fatal, silent (env CHARTER_LOG_LEVEL)")
    .option("--no-metrics", "no Prometheus metrics on /metrics (env CHARTER_METRICS=off)")
    .action(async (flags: ServeFlags) => {
      const settings = resolveServeSettings(flags, context.env);
      if (!settings.ok) {
        context.stderr(`charter serve: ${settings.error}\n`);
        context.exit(1);
        return;
      }
      const { host, port, dbPath, auth, tlsCert, tlsKey, logLevel, metrics } = settings.value;
      let running;
      try {
        const tls = tlsCert !== undefined && tlsKey !== undefined ? { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) } : undefined;
        running = await startRegistry({
          host,
          port,
          dbPath: dbPath === ":memory:" ? dbPath : resolve(dbPath),
          logger: { level: logLevel },
          auth,
          metrics,
          ...(tls !== undefined ? { tls } : {}),
        });
      } catch (e) {
        context.stderr(`charter serve: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
        context.exit(1);
        return;
      }
      context.stdout(`Charter registry listening on ${running.url}${auth ? " (authentication on)" : ""}\n`);
      if (auth && running.userCount === 0) {
        context.stderr(`charter serve: authentication is on and there are no users yet: add one with 'charter users add <name> --role admin --db ${dbPath}'\n`);
      }
      const stop = (signal: string) => {
        context.stderr(`charter serve: ${signal} received, draining\n`);
        running.close().then(
          () => context.exit(0),
          (e: unknown) => {
            context.stderr(`charter serve: shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
            context.exit(1);
          },
        );
      };
      context.onSignal("SIGTERM", stop);
      context.onSignal("SIGINT", stop);
    });
}
