import { resolve } from "node:path";
import type { Command } from "commander";
import { startRegistry } from "@charter/registry";
import { resolveServeSettings, type ServeFlags } from "../serve-options.js";
import type { CliContext } from "../cli-context.js";

/**
 * `charter serve [--host] [--port] [--db]`: runs the registry until SIGTERM/SIGINT, then stops accepting
 * connections, lets in-flight requests finish, closes the database and exits 0. Startup failures (port in use,
 * unreadable database) print a message and exit 1.
 */
export function registerServe(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("Run the Confluent-compatible schema registry")
    .option("--host <host>", "interface to bind (env CHARTER_HOST)", undefined)
    .option("--port <port>", "TCP port, 0 for any free one (env CHARTER_PORT)", undefined)
    .option("--db <path>", "SQLite database file, created when missing (env CHARTER_DB)", undefined)
    .action(async (flags: ServeFlags) => {
      const settings = resolveServeSettings(flags, context.env);
      if (!settings.ok) {
        context.stderr(`charter serve: ${settings.error}\n`);
        context.exit(1);
        return;
      }
      const { host, port, dbPath } = settings.value;
      let running;
      try {
        running = await startRegistry({
          host,
          port,
          dbPath: dbPath === ":memory:" ? dbPath : resolve(dbPath),
          logger: { level: "warn" },
        });
      } catch (e) {
        context.stderr(`charter serve: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
        context.exit(1);
        return;
      }
      context.stdout(`Charter registry listening on ${running.url}\n`);
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
