import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { startRegistry } from "@charter/registry";
import { LIMIT_SETTINGS, resolveServeSettings, SERVE_DEFAULTS, startFailureMessage, type ServeFlags } from "../serve-options.js";
import type { CliContext } from "../cli-context.js";

const LIMIT_HELP: Readonly<Record<string, string>> = {
  maxSchemaBytes: "largest schema text in bytes, default 1048576 (422/42209 above)",
  maxDepth: "deepest nesting of a schema or request body, default 256",
  maxNodes: "most values in one schema document, default 500000",
  maxPatternLength: "longest regular expression in a schema, default 4096",
  budgetMs: "time budget of each parse and each compatibility check in ms, default 10000 (422/42201 past it)",
};

/**
 * `charter serve [--host] [--port] [--db] [--auth] [--allow-anonymous] [--tls-cert --tls-key] [--log-level]
 * [--no-metrics] [--no-ui] [limits] [--workers] [--cors-origins]`: runs the registry until SIGTERM/SIGINT, then stops
 * accepting connections, lets in-flight requests finish, closes the database and exits 0. Startup failures (port
 * in use, unreadable database or TLS files, a non-loopback address without `--auth` or `--allow-anonymous`,
 * invalid limits) print a message and exit 1. Logs are JSON lines (pino) on stdout, after the banner. Limits and
 * how to change them: docs/registry.md "Limits".
 */
export function registerServe(program: Command, context: CliContext): void {
  const command = program
    .command("serve")
    .description("Run the Confluent-compatible schema registry")
    // Defaults are spelled in the descriptions, not given to commander: a commander default would hide the
    // environment variable (flags > environment > defaults).
    .option("--host <host>", `interface to bind, default ${SERVE_DEFAULTS.host} (loopback only) (env CHARTER_HOST)`, undefined)
    .option("--port <port>", `TCP port, default ${SERVE_DEFAULTS.port} (Confluent's); 0 for any free one (env CHARTER_PORT)`, undefined)
    .option("--db <path|url>", `SQLite database file, created when missing, default ${SERVE_DEFAULTS.dbPath}; :memory: keeps nothing; or postgres://user@host:port/db[?schema=NAME] for many instances on one PostgreSQL (env CHARTER_DB)`, undefined)
    .option("--auth", "require credentials: HTTP Basic or Bearer, users from 'charter users'; default off (env CHARTER_AUTH=on)")
    .option("--allow-anonymous", "serve a non-loopback address without authentication; default off (env CHARTER_ALLOW_ANONYMOUS=on)")
    .option("--tls-cert <file>", "PEM certificate (chain) for HTTPS (env CHARTER_TLS_CERT)")
    .option("--tls-key <file>", "PEM private key for HTTPS (env CHARTER_TLS_KEY)")
    .option("--log-level <level>", `trace, debug, info (every request), warn, error, fatal, silent; default ${SERVE_DEFAULTS.logLevel} (env CHARTER_LOG_LEVEL)`)
    .option("--no-metrics", "no Prometheus metrics on /metrics; default: metrics on (env CHARTER_METRICS=off)")
    .option("--no-ui", "no web UI on /ui; default: UI on (env CHARTER_UI=off)");
  for (const s of LIMIT_SETTINGS) command.option(`--${s.option} <n>`, `${LIMIT_HELP[s.limit]} (env ${s.env})`, undefined);
  command
    .option("--workers <n>", "schema worker threads, default the CPU count (1-4); 0 runs schema work on the main thread without a time budget (env CHARTER_WORKERS)", undefined)
    .option("--cors-origins <origins>", "comma-separated browser origins allowed by CORS, * for any; default none, CORS off (env CHARTER_CORS_ORIGINS)", undefined)
    .action(async (flags: ServeFlags) => {
      const settings = resolveServeSettings(flags, context.env);
      if (!settings.ok) {
        context.stderr(`charter serve: ${settings.error}\n`);
        context.exit(1);
        return;
      }
      const { host, port, dbPath, auth, tlsCert, tlsKey, logLevel, metrics, ui, limits, workers, corsOrigins } = settings.value;
      let running;
      try {
        const tls = tlsCert !== undefined && tlsKey !== undefined ? { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) } : undefined;
        running = await startRegistry({
          host,
          port,
          dbPath: dbPath === ":memory:" || dbPath.includes("://") ? dbPath : resolve(dbPath),
          logger: { level: logLevel },
          auth,
          metrics,
          ui,
          ...(tls !== undefined ? { tls } : {}),
          limits,
          ...(workers !== undefined ? { workers } : {}),
          corsOrigins,
        });
      } catch (e) {
        context.stderr(`charter serve: cannot start: ${startFailureMessage(e, settings.value)}\n`);
        context.exit(1);
        return;
      }
      context.stdout(`Charter registry listening on ${running.url}${auth ? " (authentication on)" : ""}\n`);
      if (ui) context.stdout(`Web UI at ${running.url}/ui/\n`);
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
