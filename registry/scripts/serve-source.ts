/**
 * Serves the registry straight from its TypeScript sources, for tests and benches that need it in a child
 * process they can kill (`node --import tsx registry/scripts/serve-source.ts --db <path|url> [--port N]`), without
 * depending on a fresh `npm run build`. Prints `Charter registry listening on <url>` once listening; SIGTERM
 * drains and exits.
 */
import { startRegistry } from "../src/start-registry.js";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const running = await startRegistry({
  dbPath: flag("--db") ?? ":memory:",
  port: Number(flag("--port") ?? 0),
  logger: false,
  ...(flag("--workers") !== undefined ? { workers: Number(flag("--workers")) } : {}),
});
console.log(`Charter registry listening on ${running.url}`);
process.on("SIGTERM", () => void running.close().then(() => process.exit(0)));
